import {
  type ApiAccount,
  type ApiPost,
  type ApiUser,
  byUsername,
  escapeText,
  type FakeWorld,
  metrics,
  snowflake,
  withEntities,
} from './fakeWorld.ts';

/**
 * The generated scenario: six weeks of the X account of a (made-up) Dutch municipality,
 * Gemeente Lindendaal, up to 20 November 2026: its announcements, retweets of the safety region,
 * a quote, a thread, citizens asking it things and replying to its posts, its webcare answers
 * (most within hours, some after a day or two, some never), follow-ups, and a long post. The same
 * every time: a seeded generator, no clock.
 */
export const SCENARIO_END = Date.UTC(2026, 10, 20, 9, 0, 0);
const DAYS = 42;
const HOUR = 3600_000;

export const GEMEENTE: ApiAccount = {
  id: '1032457869',
  username: 'gemLindendaal',
  name: 'Gemeente Lindendaal',
  followers: 18_431,
  following: 412,
};

const CITIZENS: [string, string][] = [
  ['jdevries', 'Jan de Vries'],
  ['sannebakker', 'Sanne Bakker'],
  ['fatima_elamrani', 'Fatima El Amrani'],
  ['peter_visser', 'Peter Visser'],
  ['lotte_smit', 'Lotte Smit'],
  ['bramdekker', 'Bram Dekker'],
  ['noor_mulder', 'Noor Mulder'],
  ['kees_bos', 'Kees Bos'],
  ['emmavos_', 'Emma Vos'],
  ['daanpeters', 'Daan Peters'],
  ['yusuf_kaya', 'Yusuf Kaya'],
  ['anouk_h', 'Anouk Hendriks'],
  ['wimvandijk', 'Wim van Dijk'],
  ['ingrid_meijer', 'Ingrid Meijer'],
  ['thijsdejong', 'Thijs de Jong'],
  ['sophie_vdberg', 'Sophie van den Berg'],
  ['ruudkok', 'Ruud Kok'],
  ['ahmed_benali', 'Ahmed Benali'],
];
const SAFETY_REGION: ApiUser = {
  id: '2958100233',
  username: 'VRLindendaal',
  name: 'Veiligheidsregio Lindendaal',
};
const WIJKEN = ['Oosterpark', 'De Weide', 'Centrum', 'Bloemenbuurt', 'Havenkwartier', 'Lindenhof'];
const STRATEN = ['Dorpsstraat', 'Kerkweg', 'Molenlaan', 'Beukenlaan', 'Havenkade', 'Julianastraat'];
const WEBCARE = ['MK', 'JB', 'SR', 'LV'];
/** How long webcare takes, in minutes: mostly fast, sometimes the next day or later. */
const DELAYS = [6, 14, 25, 48, 75, 110, 190, 320, 540, 900, 1500, 2900];

const QUESTIONS: { ask: string; answer: string; lang?: string }[] = [
  {
    ask: 'Al drie weken brandt de lantaarnpaal op de hoek van de {straat} niet. Wanneer wordt die gemaakt?',
    answer:
      'Vervelend, dank voor uw melding! De storingsdienst repareert de lantaarnpaal binnen vijf werkdagen.',
  },
  {
    ask: 'Mijn groene container is vanochtend niet geleegd in {wijk}. Wat nu?',
    answer: 'Dat is niet de bedoeling. Laat de container staan, de wagen komt morgenochtend nog langs.',
  },
  {
    ask: 'Waarom ligt er nog steeds zwerfafval bij het winkelcentrum in {wijk}? #zwerfafval',
    answer: 'Bedankt voor het doorgeven. Onze buitendienst ruimt het morgenochtend op.',
  },
  {
    ask: 'Hoe lang duurt het aanvragen van een parkeervergunning tegenwoordig?',
    answer:
      'Meestal is die binnen twee weken geregeld. U vraagt hem aan via https://www.lindendaal.nl/parkeren',
  },
  {
    ask: 'Er ligt een omgevallen boom over het fietspad langs de {straat}, levensgevaarlijk in het donker!',
    answer: 'Dank u wel, we sturen direct iemand. Bij spoed buiten kantoortijd kunt u ook 14 0999 bellen.',
  },
  {
    ask: 'Kan ik mijn grofvuil ook op zaterdag naar de milieustraat brengen?',
    answer:
      'Ja, de milieustraat aan de Havenkade is op zaterdag open van 9.00 tot 16.00 uur. Neem uw afvalpas mee.',
  },
  {
    ask: 'Online zit de agenda voor een nieuw paspoort tot januari vol. Hoe nu?',
    answer: 'Elke ochtend om 8.00 uur komen er nieuwe plekken vrij. Lukt het niet, bel dan 14 0999.',
  },
  {
    ask: 'Twee weken geleden meldde ik via https://www.lindendaal.nl/melding een losse stoeptegel, maar ik hoor niets. Zaak {zaak}.',
    answer:
      'Excuses voor het wachten. Stuurt u het zaaknummer in een privébericht? Dan zoeken we uit waar het blijft.',
  },
  {
    ask: 'Wie geeft er vergunning voor een feest tot 02.00 uur in {wijk} op een doordeweekse avond? 😡',
    answer:
      'Voor dit feest is een vergunning verleend tot 01.00 uur. We geven uw klacht door aan de handhavers.',
  },
  {
    ask: 'When is the town hall open on Saturdays? I just moved to Lindendaal.',
    answer: 'Welcome to Lindendaal! On Saturdays the town hall is open from 9.00 to 12.00, by appointment.',
    lang: 'en',
  },
  {
    ask: 'Na de bui van vannacht staat de {straat} weer blank & lopen de putten over <niet voor het eerst>.',
    answer: 'Dank voor het melden. De rioolbeheerders kijken vandaag of de putten verstopt zijn.',
  },
  {
    ask: 'Complimenten voor de snelle reparatie van de stoep in {wijk} 👏',
    answer: 'Wat fijn om te horen, dank u wel! We geven het door aan de collega’s van de buitendienst.',
  },
];

const ANNOUNCEMENTS: { text: string; replies: string[]; answer: string }[] = [
  {
    text: 'Let op: de {straat} is volgende week afgesloten voor werk aan het riool. Volg de omleidingsborden. #wegwerkzaamheden',
    replies: [
      'Fijn dat het eindelijk gebeurt.',
      'Hoe komen bewoners die slecht ter been zijn dan bij de bushalte?',
    ],
    answer: 'De bushalte staat tijdelijk op de Kerkweg, 150 meter verderop. De buurtbus rijdt gewoon.',
  },
  {
    text: 'Vanaf maandag haalt de afvalwagen het gft in {wijk} op woensdag op. De afvalkalender: https://www.lindendaal.nl/afval #afval',
    replies: ['Staat dit ook in de app?', 'Weer een wijziging, wordt lastig zo.'],
    answer: 'Ja, de afvalapp is vandaag bijgewerkt.',
  },
  {
    text: 'Donderdag om 19.30 uur vergadert de gemeenteraad over de begroting 2027. Kijk live mee: https://lindendaal.raadsinformatie.nl #raad',
    replies: ['Mag je als inwoner ook inspreken?'],
    answer: 'Zeker, meld u tot woensdag 12.00 uur aan bij de griffie.',
  },
  {
    text: 'Storm verwacht vanavond! Zet containers en tuinmeubels vast. Bij gevaar belt u 112. #storm',
    replies: ['Gaan de scholen morgen gewoon open?'],
    answer: 'De scholen beslissen dat zelf; kijk op hun websites.',
  },
  {
    text: 'Bijna 1.200 inwoners vulden de enquête over het nieuwe park in {wijk} in. Dank jullie wel! #samenlindendaal',
    replies: ['Wanneer horen we de uitkomsten?'],
    answer: 'Op 3 december, tijdens de inloopavond in de bibliotheek.',
  },
  {
    text: 'Het Stadskantoor is maandag gesloten voor een training. Voor spoed belt u 14 0999.',
    replies: [],
    answer: '',
  },
];

/** A small seeded generator (mulberry32): the scenario is the same on every run. */
export class Seeded {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

export interface Draft {
  key: number;
  at: number;
  author: ApiUser;
  text: string;
  lang: string;
  parent?: number;
  retweetOf?: number;
  quoteOf?: number;
  note?: string;
}

class ScenarioBuilder {
  readonly drafts: Draft[] = [];
  readonly rng = new Seeded(20261120);
  readonly citizens: ApiUser[] = CITIZENS.map(([username, name], i) => ({
    id: String(1_480_000_000_000_000_000n + BigInt(i * 7_777_777)),
    username,
    name,
  }));

  add(draft: Omit<Draft, 'key'>): Draft {
    // X gives times to the second.
    const d = { ...draft, at: Math.round(draft.at / 1000) * 1000, key: this.drafts.length };
    this.drafts.push(d);
    return d;
  }

  fill(text: string): string {
    return text
      .replaceAll('{straat}', this.rng.pick(STRATEN))
      .replaceAll('{wijk}', this.rng.pick(WIJKEN))
      .replaceAll('{zaak}', `2026-${10_000 + this.rng.int(89_999)}`);
  }

  answer(to: Draft, text: string, afterMinutes: number): Draft {
    return this.add({
      at: to.at + afterMinutes * 60_000,
      author: GEMEENTE,
      text: `@${to.author.username} ${text} ^${this.rng.pick(WEBCARE)}`,
      lang: to.lang,
      parent: to.key,
    });
  }

  /** A citizen asks; webcare mostly answers; sometimes the citizen replies and webcare again. */
  question(at: number): void {
    const q = this.rng.pick(QUESTIONS);
    const citizen = this.rng.pick(this.citizens);
    const ask = this.fill(q.ask);
    const text = this.rng.next() < 0.75 ? `@${GEMEENTE.username} ${ask}` : `${ask} @${GEMEENTE.username}`;
    const asked = this.add({ at, author: citizen, text, lang: q.lang ?? 'nl' });
    if (this.rng.next() > 0.68) return;
    const answer = this.answer(asked, q.answer, this.rng.pick(DELAYS));
    if (this.rng.next() > 0.35) return;
    const thanks =
      q.lang === 'en'
        ? 'Thank you!'
        : this.rng.pick(['Dank voor de snelle reactie!', 'Er is nog steeds niets gebeurd…']);
    const followUp = this.add({
      at: answer.at + (20 + this.rng.int(300)) * 60_000,
      author: citizen,
      text: `@${GEMEENTE.username} ${thanks}`,
      lang: q.lang ?? 'nl',
      parent: answer.key,
    });
    if (thanks.startsWith('Er is'))
      this.answer(followUp, 'Excuses! We vragen het vandaag na bij de collega’s.', 35);
  }

  announcement(at: number, index: number): void {
    const a = ANNOUNCEMENTS[index % ANNOUNCEMENTS.length] as (typeof ANNOUNCEMENTS)[number];
    const post = this.add({ at, author: GEMEENTE, text: this.fill(a.text), lang: 'nl' });
    a.replies.forEach((reply, i) => {
      const citizen = this.rng.pick(this.citizens);
      const asked = this.add({
        at: at + (12 + i * 47 + this.rng.int(120)) * 60_000,
        author: citizen,
        text: `@${GEMEENTE.username} ${reply}`,
        lang: 'nl',
        parent: post.key,
      });
      if (reply.endsWith('?') && a.answer) this.answer(asked, a.answer, this.rng.pick(DELAYS));
    });
  }
}

function build(): ScenarioBuilder {
  const b = new ScenarioBuilder();
  const start = SCENARIO_END - DAYS * 24 * HOUR;
  for (let day = 0; day < DAYS; day++) {
    const midnight = start + day * 24 * HOUR;
    if (day % 2 === 0) b.announcement(midnight + (7.5 + b.rng.next() * 3) * HOUR, day / 2);
    const questions = day % 7 === 5 || day % 7 === 6 ? 1 : 2;
    for (let q = 0; q < questions; q++) b.question(midnight + (7 + b.rng.next() * 15) * HOUR);
  }
  const first = b.drafts.find((d) => d.author === GEMEENTE && d.parent === undefined) as Draft;
  b.add({
    at: first.at + 2 * HOUR,
    author: GEMEENTE,
    text: 'Aanvulling: fietsers kunnen tijdens de werkzaamheden wél door. 🚲',
    lang: 'nl',
    parent: first.key,
  });
  extras(b, start);
  return b;
}

/** The rarer things: retweets of the safety region, a quote, a citizen answering a citizen, a long post. */
function extras(b: ScenarioBuilder, start: number): void {
  const drills = b.add({
    at: start + 10 * 24 * HOUR,
    author: SAFETY_REGION,
    text: 'Vanavond om 19.00 uur oefent de brandweer in de haven van Lindendaal. Schrik niet van de rook. #oefening',
    lang: 'nl',
  });
  b.add({
    at: drills.at + 40 * 60_000,
    author: GEMEENTE,
    text: `RT @${SAFETY_REGION.username}: ${drills.text}`,
    lang: 'nl',
    retweetOf: drills.key,
  });
  const praise = b.drafts.find((d) => d.text.includes('Complimenten')) ?? b.drafts[3];
  if (praise) {
    b.add({
      at: praise.at + 3 * HOUR,
      author: GEMEENTE,
      text: 'Mooi om te lezen! 💚 #samenlindendaal',
      lang: 'nl',
      quoteOf: praise.key,
    });
  }
  const asked = b.drafts.find((d) => d.author !== GEMEENTE && d.parent === undefined) as Draft;
  const neighbour = b.citizens[(b.citizens.indexOf(asked.author) + 1) % b.citizens.length] as ApiUser;
  b.add({
    at: asked.at + 55 * 60_000,
    author: neighbour,
    text: `@${asked.author.username} @${GEMEENTE.username} Bij ons in de Bloemenbuurt precies hetzelfde.`,
    lang: 'nl',
    parent: asked.key,
  });
  const long =
    `@${GEMEENTE.username} Sinds de nieuwe dienstregeling rijdt buslijn 4 op zaterdag nog maar één keer per uur. ` +
    'Mijn moeder van 84 woont in Lindenhof en komt daardoor niet meer zelfstandig naar de markt of de huisarts. ' +
    'Ik begrijp dat de vervoerder dit bepaalt, maar de gemeente betaalt mee aan de buurtbus. ' +
    'Kunnen jullie in overleg met de provincie kijken of die op zaterdag ook door Lindenhof kan rijden? #ov #lindenhof';
  b.add({
    at: start + 30 * 24 * HOUR + 5 * HOUR,
    author: b.citizens[4] as ApiUser,
    text: long,
    lang: 'nl',
    note: long,
  });
}

/** The drafts as API v2 post objects, with ids in the order they were made. */
export function gemeenteWorld(): FakeWorld {
  const b = build();
  const users = new Map<string, ApiUser>([GEMEENTE, SAFETY_REGION, ...b.citizens].map((u) => [u.id, u]));
  const names = byUsername(users.values());
  // Answers that would come after the scenario's end have not been written yet.
  const sorted = [...b.drafts]
    .filter((d) => d.at <= SCENARIO_END)
    .sort((x, y) => x.at - y.at || x.key - y.key);
  const ids = new Map<number, string>();
  const posts = new Map<number, ApiPost>();
  sorted.forEach((d, sequence) => {
    const id = snowflake(d.at, sequence);
    ids.set(d.key, id);
    const parent = d.parent === undefined ? undefined : posts.get(d.parent);
    const refKey = d.retweetOf ?? d.quoteOf;
    const post = toPost(d, id, names, {
      parent,
      ref: refKey === undefined ? undefined : (ids.get(refKey) as string),
      rng: b.rng,
    });
    posts.set(d.key, post);
  });
  return { account: GEMEENTE, users, posts: sorted.map((d) => posts.get(d.key) as ApiPost) };
}

export function toPost(
  d: Omit<Draft, 'key'>,
  id: string,
  names: ReadonlyMap<string, ApiUser>,
  links: { parent?: ApiPost | undefined; ref?: string | undefined; rng?: Seeded },
): ApiPost {
  const shown = d.note ? `${d.note.slice(0, 270)}…` : d.text;
  const { text, entities } = withEntities(shown, names, Number(BigInt(id) % 1_000_000n));
  const referenced: NonNullable<ApiPost['referenced_tweets']> = [];
  if (links.parent) referenced.push({ type: 'replied_to', id: links.parent.id });
  if (d.retweetOf !== undefined && links.ref) referenced.push({ type: 'retweeted', id: links.ref });
  if (d.quoteOf !== undefined && links.ref) referenced.push({ type: 'quoted', id: links.ref });
  const likes = links.rng ? links.rng.int(d.author === GEMEENTE ? 40 : 6) : 0;
  return {
    id,
    text: escapeText(text),
    created_at: new Date(d.at).toISOString(),
    author_id: d.author.id,
    conversation_id: links.parent?.conversation_id ?? id,
    ...(links.parent ? { in_reply_to_user_id: links.parent.author_id } : {}),
    ...(referenced.length > 0 ? { referenced_tweets: referenced } : {}),
    ...(Object.keys(entities).length > 0 ? { entities } : {}),
    ...(d.note
      ? { note_tweet: { text: escapeText(d.note), entities: withEntities(d.note, names, 1).entities } }
      : {}),
    public_metrics: metrics(likes, links.rng && d.author === GEMEENTE ? links.rng.int(9) : 0, 0),
    lang: d.lang,
    edit_history_tweet_ids: [id],
  };
}
