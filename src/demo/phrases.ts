import type { Tone } from './subject.ts';

/** Sentences that fit any subject: how people open and close, and how webcare answers. */
export const OPENINGS: Record<Tone, readonly string[]> = {
  thankful: [
    'Even een compliment:',
    'Dit mag ook weleens gezegd worden.',
    'Chapeau!',
    'Goed nieuws uit {wijk}:',
  ],
  neutral: [
    'Hoi,',
    'Hallo,',
    'Goedemiddag,',
    'Goedemorgen,',
    'Vraagje:',
    'Beste {organisatie},',
    'Hoi gemeente,',
    'Weet iemand dit?',
    'Hulp gevraagd:',
    'Hé,',
  ],
  angry: [
    'Dit is nu al de derde keer!',
    'Echt weer typisch.',
    'Ongelooflijk.',
    'Ik word hier zo moe van.',
    'Serieus?',
    'Wat een service weer.',
    'Schandalig.',
  ],
};

export const CLOSINGS: Record<Tone, readonly string[]> = {
  thankful: ['Dank jullie wel!', 'Top gedaan!', 'Ga zo door!', 'Fijn!', 'Dank!'],
  neutral: [
    'Alvast bedankt!',
    'Dank voor uw reactie.',
    'Wie weet het?',
    'Graag een reactie.',
    'Groet, {naam}',
    'Bvd!',
    'Dank!',
  ],
  angry: [
    'Graag vandaag nog een reactie.',
    'Ik verwacht een oplossing.',
    'Dit kan echt niet meer.',
    'Zo moeilijk is het toch niet?',
    'Ik ga een klacht indienen.',
    'Doe er wat aan!',
  ],
};

export const EMOJI: Record<Tone, readonly string[]> = {
  thankful: ['👍', '🙏', '😊', '💚', '👏', '🌞', '🧡', '🙌'],
  neutral: ['🙏', '🤔', '🙂', '📍'],
  angry: ['😡', '🤬', '😤', '🙄', '😠', '🤦‍♂️', '🤦‍♀️', '👎'],
};

/** Reply-guy noise: people who reply to a post without asking anything. */
export const REACTIONS: Record<Tone, readonly string[]> = {
  thankful: [
    'Mooi initiatief!',
    'Goed bezig!',
    'Wat fijn, eindelijk!',
    'Dank voor de info.',
    'Super, daar gaan we zeker heen.',
    'Heel goed nieuws voor {wijk}!',
    'Top, dit werd tijd.',
    'Eindelijk! Hier hebben we in de {straat} lang op gewacht.',
    'Leuk! Wij komen met de kinderen.',
  ],
  neutral: [
    'Geldt dit ook voor {wijk}?',
    'Tot hoe laat precies?',
    'Is er ook een omleiding voor fietsers?',
    'Waar kan ik meer lezen?',
    'En wat betekent dit voor de bewoners van de {straat}?',
    'Komt er ook een informatieavond in {wijk}?',
    'Kan ik hier ook op {weekdag} terecht?',
    'Is dit ook bereikbaar met de bus?',
    'Wordt de {straat} ook meegenomen?',
    'Moeten bewoners hier zelf iets voor doen?',
    'Hoe lang gaat dit ongeveer duren?',
  ],
  angry: [
    'En ondertussen ligt de {straat} nog steeds open.',
    'Lekker belangrijk. Doe eerst eens wat aan de kuilen in de weg.',
    'Wie betaalt dit allemaal?',
    'Weer geld over de balk.',
    'En de bewoners van {wijk} worden weer niet gehoord.',
    'Hadden jullie dat niet eerder kunnen melden?',
    'Alweer? Vorig jaar was het precies hetzelfde verhaal.',
  ],
};

/** What a citizen adds after an answer. */
export const FOLLOW_UPS = {
  thanks: [
    'Top, dank voor de snelle reactie!',
    'Dank u wel!',
    'Duidelijk, bedankt.',
    'Fijn, dank je!',
    'Super, dank!',
    'Helder. Dank voor de hulp 🙏',
  ],
  notFixed: [
    'Het is nog steeds niet opgelost.',
    'Er is nog steeds niemand geweest.',
    'Vorige week zeiden jullie precies hetzelfde.',
    'En wanneer gebeurt dat dan?',
    'Dat was {dagen} dagen geleden. Nog steeds niks.',
  ],
  noNumber: ['Ik heb geen bevestiging ontvangen. Klopt dat nummer?', 'Waar kan ik dat nummer volgen?'],
  bump: [
    'Hallo? Al {dagen} dagen geen reactie.',
    'Nog steeds geen antwoord…',
    'Is er iemand die dit leest?',
    'Ik wacht nog steeds op een reactie.',
  ],
};

/** Asking for details inside a direct message, where "stuur ons een DM" makes no sense. */
export const DM_ASKS = [
  'Om welk adres gaat het precies?',
  'Kunt u ons uw adres en telefoonnummer geven? Dan nemen we contact met u op.',
  'Heeft u een foto? Die kunt u hier sturen.',
];

export const DM_INFO = [
  'Hierbij mijn gegevens: {straat} {nr}, {postcode}.',
  'Het adres is {straat} {nr}, {postcode}.',
  'Het gaat om {straat} {nr}. Mijn nummer is {mobiel}.',
];

export const SALUTATIONS = [
  'Hoi {voornaam},',
  'Dag {voornaam},',
  'Beste {voornaam},',
  'Hallo {voornaam},',
  'Hoi,',
  'Dag,',
  'Goedemiddag,',
];

export const APOLOGIES = [
  'Vervelend om te lezen!',
  'Wat vervelend.',
  'Excuses voor het ongemak.',
  'Sorry dat het zo lang duurt.',
  'Dat is niet de bedoeling.',
  'Begrijpelijk dat u hier boos over bent.',
];

export const CASE_LINES = [
  'Uw melding is geregistreerd onder nummer {zaak}.',
  'We hebben er een melding van gemaakt met nummer {zaak}.',
  'Uw meldingsnummer is {zaak}; hiermee kunt u de voortgang volgen op {url}/melding.',
  'Zaaknummer: {zaak}.',
  'Het is geregistreerd onder {zaak}. U krijgt bericht zodra het is opgelost.',
];

export const AGAIN_LINES = [
  'Dat is vervelend. We hebben uw melding opnieuw onder de aandacht gebracht bij {afdeling}.',
  'Excuses dat het zo lang duurt. We hebben het team gevraagd er met voorrang naar te kijken.',
  'We hebben navraag gedaan: het staat voor deze week ingepland.',
  'Uw melding staat nog open; een collega neemt vandaag contact met u op.',
];

/** Answers to reactions under a post. */
export const REACTION_ANSWERS = [
  'Dank voor uw reactie!',
  'Goede vraag! Alle informatie staat op {url}.',
  "Dank u wel, we geven het door aan de collega's.",
  'Dat geldt voor de hele gemeente. Meer informatie vindt u op {url}.',
  'We begrijpen uw zorgen. Uw reactie nemen we mee.',
];

export const YOU_ARE_WELCOME = [
  'Graag gedaan!',
  'Graag gedaan, fijne dag!',
  'Fijn dat het geregeld is!',
  'Mooi zo! Fijne dag verder.',
  'Dank voor het doorgeven!',
];

export const THANKS_FOR_PRAISE = [
  "Wat leuk om te horen! We geven het compliment door aan de collega's.",
  'Dank voor uw compliment, dat doet de ploeg goed!',
  'Fijn dat u het meldt, en nog fijner dat het zo snel geregeld is.',
];

export const ORG_CLOSINGS = [
  'Fijne dag!',
  'Succes!',
  'Groet,',
  'Met vriendelijke groet,',
  'Fijne dag verder.',
  'Groeten,',
];

/** A few messages in English, for expats in the big cities. */
export const ENGLISH = {
  questions: [
    'Hi, my bin on {straat} has not been emptied since {moment_en}. Who do I contact?',
    'How do I register my address at the municipality? I just moved to {plaats}.',
    'Is there an English page about the parking permit for {wijk}?',
    'The street light in front of {straat} {nr} has been broken for a week.',
  ],
  answers: [
    'Sorry to hear that. We have passed it on to our waste collection team; they will come within two working days.',
    'You can make an appointment to register via {url}/en. Please bring your passport and rental contract.',
    'Thanks for letting us know! We have reported it to our maintenance team.',
  ],
};
