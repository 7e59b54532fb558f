/**
 * A small municipal-webcare layer on top of the package lexicon (`lexicon.ts`).
 *
 * Rule: it was tuned on the development set only (`evaluation/dev.jsonl`), and every word and
 * phrase in it occurs in that set (`domain.test.ts` checks this), so nothing here was taken from
 * the test set. Each group says why it is here. Words are written out and matched by the package
 * stemmer's stem, so regular inflections follow. Values are on the Pattern lexicon's scale
 * (−1 … +1).
 */

/**
 * Words the Pattern lexicon lacks (it is mostly adjectives) that carry the sentiment of webcare
 * messages: thanks and praise, and the vocabulary of complaints.
 */
export const DOMAIN_WORDS: Readonly<Record<string, number>> = {
  // Thanks and praise: the commonest positive messages a municipality gets; Pattern has none of these.
  bedankt: 0.7,
  dank: 0.6,
  dankjewel: 0.7,
  bedanken: 0.6,
  compliment: 0.7,
  complimenten: 0.7,
  chapeau: 0.7,
  hulde: 0.7,
  respect: 0.5,
  opgelost: 0.4,
  eindelijk: 0.2, // relief; a complaint around it outweighs it ("wanneer gaan jullie eindelijk …")
  genoten: 0.6,
  blij: 0.7,
  tevreden: 0.6,
  behulpzaam: 0.6,
  // Complaints: nuisance, decay, anger. Pattern lacks them or (as noted) scores them too weakly.
  klacht: -0.4,
  klagen: -0.4,
  overlast: -0.5,
  stank: -0.6,
  stinkt: -0.6,
  herrie: -0.5,
  rotzooi: -0.6,
  gedoe: -0.4,
  overvol: -0.5, // Pattern −0.1
  vuilnisbelt: -0.5,
  drama: -0.6,
  schande: -0.8,
  schandalig: -0.8, // Pattern −0.4
  belachelijk: -0.8,
  waardeloos: -0.8,
  waardeloze: -0.8, // the stemmer gives "waardeloz", not "waardelos"
  verschrikkelijk: -0.7, // Pattern −0.1, far too weak for how it is used
  gevaarlijk: -0.5,
  levensgevaarlijk: -0.8,
  onveilig: -0.6,
  boos: -0.7, // stems to "bos" (forest); matched as written first
  frustrerend: -0.7,
  teleurstellend: -0.7,
  hopeloos: -0.7,
  balen: -0.6,
  helaas: -0.4,
  ratten: -0.4,
  geklungel: -0.7,
  onbeschoft: -0.8,
  arrogantie: -0.7,
  genegeerd: -0.6,
  kapot: -0.3,
  vernield: -0.6,
  bang: -0.5,
  // Pattern values that mislead here.
  vol: -0.1, // Pattern +0.1 ("full"); here it is the full container
  erg: -0.2, // as an adjective ("wat erg"); as an adverb it is an intensifier (below)
  super: 0.6,
};

/**
 * Words Pattern scores that are subject matter here, not sentiment: "zomer" (+0.6), "onderhoud"
 * (+0.6), "groot" (+0.9), "welkom" (+0.8: every invitation in an announcement), "link" (−0.5,
 * "sly"; here a URL), "vervangen" (−0.25), "betalen", "bereikbaar", "net" (+0.5, "neat"; mostly
 * "just") …
 */
export const DOMAIN_NEUTRAL: readonly string[] = [
  'oud',
  'nieuw',
  'lang',
  'open',
  'gratis',
  'echt',
  'zomer',
  'onderhoud',
  'extra',
  'groot',
  'enige',
  'welkom',
  'bereikbaar',
  'bekend',
  'link',
  'groen',
  'betalen',
  'begrijp',
  'vervangen',
  'net',
  'publiek',
  'belasting',
];

/** Negators: the package's list, plus the Dutch ones it lacks. "nee"/"neen" are answers, not modifiers. */
export const EXTRA_NEGATORS: readonly string[] = ['geen', 'niks', 'nergens', 'zonder', 'nimmer', 'noch'];
export const NOT_NEGATORS: readonly string[] = ['nee', 'neen'];

/** Intensifiers: × factor on the next sentiment word within two words. */
export const INTENSIFIERS: Readonly<Record<string, number>> = {
  heel: 1.4,
  hele: 1.3,
  erg: 1.4,
  zeer: 1.5,
  echt: 1.3,
  super: 1.5,
  ontzettend: 1.6,
  enorm: 1.5,
  zo: 1.3,
  totaal: 1.5,
  onwijs: 1.5,
  zwaar: 1.5,
  verschrikkelijk: 1.5,
};

/** A word starting with one of these is the rest, intensified ("supertof", "supersnel"). */
export const INTENSIFYING_PREFIXES: readonly string[] = ['super'];

/**
 * Question words that, opening a message to a municipality, are mostly a complaint put as a
 * question ("Hoezo moet ik betalen …?", "Waarom wordt er nooit gestrooid …?"); their value is
 * not damped as the rest of a question is.
 */
export const RHETORICAL: Readonly<Record<string, number>> = {
  hoezo: -0.4,
  waarom: -0.25,
};

/**
 * Fixed phrases, matched on consecutive words as written (lower case, no diacritics); a phrase's
 * value replaces those of its words (0: the words count for nothing).
 */
export const PHRASES: Readonly<Record<string, number>> = {
  // A negated problem is reassurance, and "niet slecht" is praise: not the negation of a word.
  'geen probleem': 0.5,
  'geen zorgen': 0.5,
  'niet slecht': 0.4,
  'petje af': 0.7,
  'goed zo': 0.6,
  // Politeness formulas of webcare replies make no message positive.
  'bedankt voor je melding': 0,
  'bedankt voor uw bericht': 0,
  // Complaint idioms with no lexicon word in them.
  'nog steeds': -0.5,
  'weer eens': -0.4,
  'geen reactie': -0.5,
  'niet normaal': -0.6,
  'klaar met': -0.6,
  'gek van': -0.6,
  'niet mee eens': -0.6,
  'kan toch beter': -0.4,
  'lekker bezig': -0.5, // sarcastic far more often than not in replies to a municipality
  'geen goed idee': -0.6,
};

/**
 * Waiting and repeating, the commonest complaints: "al 3 weken", "al dagen", "al 3 keer gebeld",
 * "voor de derde keer".
 */
export const TIME_UNITS: readonly string[] = [
  'dag',
  'dagen',
  'week',
  'weken',
  'maand',
  'maanden',
  'jaar',
  'jaren',
  'uur',
  'keer',
  'x',
];
export const REPEAT_ORDINALS: readonly string[] = ['derde', 'vierde', 'vijfde', 'zesde', 'zoveelste'];
