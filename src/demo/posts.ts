import type { OrganisationKind } from '../domain/organisation.ts';

/**
 * What organisations post: news, events, road works, campaigns, council meetings, vacancies.
 * `kinds` says who posts it, `months` when (all year when absent), `evening` that it is posted in
 * the evening (council meetings). `thread` holds the follow-up posts of a self-reply thread.
 */
export interface PostTopic {
  key: string;
  kinds: readonly OrganisationKind[];
  weight: number;
  months?: readonly number[];
  evening?: boolean;
  texts: readonly string[];
  thread: readonly string[];
  hashtags: readonly string[];
}

const GENERIC_THREAD = [
  'Meer informatie vindt u op {url}.',
  'Vragen? Stuur ons een bericht of bel {telefoon}.',
  'Update: alles verloopt volgens planning. Dank voor uw geduld!',
];

export const POST_TOPICS: readonly PostTopic[] = [
  {
    key: 'nieuws',
    kinds: ['gemeente'],
    weight: 5,
    texts: [
      'Het college wil {aantal} nieuwe woningen bouwen in {wijk}. Op {datum} is er een inloopavond waar u kunt meepraten.',
      'Goed nieuws: de speeltuin aan de {straat} is vernieuwd! 🎉 Met dank aan de buurtbewoners die meedachten.',
      'Vanaf {datum} is de milieustraat op zaterdag langer open: van 8.00 tot 16.00 uur.',
      'De nieuwe bibliotheek in {wijk} opent op {datum} de deuren. Iedereen is welkom!',
      'Wethouder bezocht vandaag de voedselbank in {wijk}. Vrijwilligers helpen daar elke week {aantal} gezinnen.',
      'In {wijk} planten we deze winter {aantal} nieuwe bomen. Zo wordt de buurt groener en koeler.',
      'Het stadskantoor is op {datum} vanaf 12.00 uur gesloten vanwege onderhoud aan de systemen.',
      'Ondernemers in {plaats} kunnen vanaf {datum} subsidie aanvragen voor het verduurzamen van hun pand.',
    ],
    thread: [
      'Lees het hele bericht op {url}/nieuws.',
      'Op de inloopavond zijn ook de projectleiders aanwezig om vragen te beantwoorden.',
      ...GENERIC_THREAD,
    ],
    hashtags: ['{tag}', '#wonen', '#nieuws'],
  },
  {
    key: 'wegwerkzaamheden',
    kinds: ['gemeente', 'provincie'],
    weight: 4,
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    texts: [
      'Let op: van {datum} tot en met {datum2} is de {straat} afgesloten voor autoverkeer. Volg de omleiding via de {straat2}.',
      'Vanaf maandag vervangen we het riool in de {straat}. Dit duurt ongeveer {weken} weken. Bewoners hebben een brief ontvangen.',
      'Door werkzaamheden aan de kruising {straat} / {straat2} is er op {datum} hinder voor fietsers en voetgangers.',
      'Het asfalt op de {weg} wordt vernieuwd. Van {datum} tot {datum2} is de weg ’s nachts dicht.',
      'De brug in de {straat} is van {datum} tot {datum2} dicht voor onderhoud. Fietsers kunnen via een noodbrug.',
    ],
    thread: [
      'De omleidingsroute is met gele borden aangegeven.',
      'Hulpdiensten en bussen kunnen er wel door.',
      ...GENERIC_THREAD,
    ],
    hashtags: ['#wegwerkzaamheden', '#verkeer', '{tag}'],
  },
  {
    key: 'evenement',
    kinds: ['gemeente'],
    weight: 3,
    texts: [
      'Dit weekend: {evenement} in {plaats}! 🎪 Houd rekening met verkeershinder rond het centrum.',
      'Op {datum} is het weer zover: {evenement}! Kijk voor het programma op {url}/evenementen.',
      'Vanwege {evenement} is het centrum op {datum} vanaf 13.00 uur afgesloten voor verkeer.',
    ],
    thread: [
      'Kom met de fiets of het ov; parkeren in het centrum is beperkt.',
      'Het programma staat op {url}/evenementen.',
      ...GENERIC_THREAD,
    ],
    hashtags: ['{tag}', '#uitagenda'],
  },
  {
    key: 'feestdag',
    kinds: ['gemeente'],
    weight: 8,
    months: [3],
    texts: [
      'Koningsdag in {plaats}: de vrijmarkt begint om 6.00 uur. Let op: afzetten met tape of krijt vooraf mag niet. 🧡',
      'Op Koningsdag zijn het stadhuis en de milieustraat gesloten. De afvalinzameling schuift een dag op.',
    ],
    thread: ["Tijdens de vrijmarkt is het centrum afgesloten voor auto's.", ...GENERIC_THREAD],
    hashtags: ['#koningsdag', '{tag}'],
  },
  {
    key: 'sinterklaas',
    kinds: ['gemeente'],
    weight: 5,
    months: [10],
    texts: [
      'De intocht van Sinterklaas is dit jaar op {datum}. Vanaf 13.00 uur is het centrum afgesloten voor verkeer. 🎁',
    ],
    thread: GENERIC_THREAD,
    hashtags: ['#intocht', '{tag}'],
  },
  {
    key: 'monumenten',
    kinds: ['gemeente'],
    weight: 4,
    months: [8],
    texts: [
      'Op {datum} is het Open Monumentendag. Meer dan {n}0 monumenten in {plaats} zijn gratis te bezoeken.',
    ],
    thread: GENERIC_THREAD,
    hashtags: ['#openmonumentendag', '{tag}'],
  },
  {
    key: 'campagne',
    kinds: ['gemeente'],
    weight: 3,
    texts: [
      'Wist u dat {procent}% van ons restafval eigenlijk groente-, fruit- en tuinafval is? Scheid uw gft, dat scheelt geld én CO2. ♻️',
      'Oud papier en karton? Vouw dozen plat, dan past er meer in de container. Samen houden we {plaats} schoon!',
      'Gratis energiecoach aan huis? Meld u aan via {url}/energie en bespaar gemiddeld {bedrag} per jaar.',
      'Doe mee met de Landelijke Opschoondag op {datum}! Wij zorgen voor grijpers en vuilniszakken.',
      'Tegel eruit, plant erin! Haal gratis een plant op bij de milieustraat voor elke tegel die u inlevert. 🌱',
    ],
    thread: ['Meer tips over afval scheiden vindt u in de afvalapp.', ...GENERIC_THREAD],
    hashtags: ['#afvalscheiding', '#duurzaam', '#opschoondag', '{tag}'],
  },
  {
    key: 'hitteplan',
    kinds: ['gemeente', 'veiligheidsregio'],
    weight: 3,
    months: [5, 6, 7],
    texts: [
      'Het wordt de komende dagen {graden} graden. Drink voldoende water, zoek de schaduw op en kijk om naar ouderen in uw buurt. ☀️',
      'Het hitteplan is van kracht. Bibliotheken en buurthuizen zijn open als koele plek.',
      'Warm weer? Laat kinderen en huisdieren nooit achter in de auto.',
    ],
    thread: ['Een overzicht van de watertappunten staat op {url}/hitteplan.', ...GENERIC_THREAD],
    hashtags: ['#hitteplan', '#hittegolf'],
  },
  {
    key: 'vuurwerk',
    kinds: ['gemeente', 'veiligheidsregio'],
    weight: 4,
    months: [11],
    texts: [
      'Vuurwerk afsteken mag alleen op oudejaarsavond van 18.00 tot 2.00 uur. In {wijk} is een vuurwerkvrije zone.',
      'Gooi uw kerstboom niet op straat maar breng hem op {datum} naar het inzamelpunt. Per boom krijgen kinderen een lot! 🎄',
      'Houd het gezellig met de jaarwisseling. Let op elkaar en op onze hulpverleners.',
    ],
    thread: ['De vuurwerkvrije zones staan op de kaart op {url}/jaarwisseling.', ...GENERIC_THREAD],
    hashtags: ['#jaarwisseling', '#vuurwerk'],
  },
  {
    key: 'raad',
    kinds: ['gemeente'],
    weight: 3,
    evening: true,
    texts: [
      'Vanavond om 19.30 uur vergadert de gemeenteraad over {raadonderwerp}. Kijk live mee via {url}/raad {raadtag}',
      'De raad heeft ingestemd met {raadonderwerp}. {raadtag}',
      'Aanstaande {weekdag} bespreekt de raad {raadonderwerp}. Inspreken? Meld u aan bij de griffie. {raadtag}',
    ],
    thread: [
      'Schorsing van tien minuten. Daarna gaat de vergadering verder. {raadtag}',
      'De raad stemt nu over {raadonderwerp}. {raadtag}',
      'Motie over {wijk} aangenomen met {stemmen} stemmen voor. {raadtag}',
      'De vergadering is gesloten. Terugkijken kan via {url}/raad {raadtag}',
    ],
    hashtags: ['{raadtag}'],
  },
  {
    key: 'vacature',
    kinds: ['gemeente', 'provincie', 'waterschap', 'veiligheidsregio'],
    weight: 1,
    texts: [
      'Wij zoeken een {functie}! Reageer vóór {datum2} via {url}/vacatures.',
      'Werken bij {organisatie}? We zoeken een {functie} voor 32-36 uur per week.',
    ],
    thread: ['Vragen over de vacature? Bel {telefoon}.'],
    hashtags: ['#vacature', '#werkenbijdeoverheid'],
  },
  {
    key: 'provincie',
    kinds: ['provincie'],
    weight: 5,
    evening: false,
    texts: [
      'Van {datum} tot {datum2} werken we aan de {weg} tussen {wijk} en {wijk2}. Houd rekening met extra reistijd.',
      'Provinciale Staten vergaderen vandaag over {raadonderwerp}. Volg het live. {raadtag}',
      'Subsidie voor het vergroenen van schoolpleinen aanvragen kan nog tot {datum2}. 🌳',
      'De nieuwe snelfietsroute tussen {wijk} en {plaats} is open! 🚲',
    ],
    thread: ['Kijk voor actuele werkzaamheden op {url}/wegwerkzaamheden.', ...GENERIC_THREAD],
    hashtags: ['{raadtag}', '#fiets', '#wegwerkzaamheden'],
  },
  {
    key: 'waterschap',
    kinds: ['waterschap'],
    weight: 6,
    texts: [
      'Vanaf {datum} maaien we de sloten en watergangen in {wijk}. Zo kan het water goed blijven stromen.',
      'Let op: blauwalg gemeten bij de zwemplas in {wijk}. Zwemmen wordt afgeraden. 🚫🏊',
      'Door de regen van afgelopen dagen is het waterpeil hoog. Onze gemalen draaien op volle toeren.',
      'Dijkinspectie: onze dijkwachters lopen deze week de dijken langs de Vecht na.',
      'Met {n} nieuwe vispassages kunnen vissen weer vrij zwemmen tussen de Amstel en de plassen. 🐟',
    ],
    thread: ['Actuele waterstanden vindt u op {url}/waterpeil.', ...GENERIC_THREAD],
    hashtags: ['#waterschap', '#blauwalg', '#droogte'],
  },
  {
    key: 'veiligheidsregio',
    kinds: ['veiligheidsregio'],
    weight: 6,
    texts: [
      'Maandag om 12.00 uur gaan de sirenes weer af. Dit is een test; u hoeft niets te doen. #NLAlert',
      'Grote brand in een bedrijfspand aan de {straat} in {wijk}. Veel rook in de omgeving: houd ramen en deuren gesloten.',
      'Brand meester aan de {straat}. Ramen en deuren mogen weer open.',
      'Test uw rookmelder! Een werkende rookmelder redt levens. 🔥',
      'Code oranje voor zware windstoten. Blijf binnen als het kan en zet losse spullen vast.',
    ],
    thread: ['Volg ons voor updates.', 'Heeft u last van de rook? Kijk op {url}/actueel.', ...GENERIC_THREAD],
    hashtags: ['#brand', '#NLAlert', '#rookmelder'],
  },
];

export const FUNCTIONS = [
  'webcaremedewerker',
  'beleidsadviseur duurzaamheid',
  'handhaver',
  'wijkregisseur',
  'boa',
  'medewerker Burgerzaken',
  'projectleider mobiliteit',
  'dijkwerker',
  'brandweerprofessional',
];

export const COUNCIL_TOPICS = [
  'de begroting voor volgend jaar',
  'het nieuwe parkeerbeleid',
  'de woonvisie',
  'het klimaatplan',
  'de herinrichting van de {straat}',
  'de nieuwe sporthal in {wijk}',
  'het armoedebeleid',
  'de verkeersveiligheid rond scholen',
  'de fusie van de milieustraten',
];

/** What news sites post about a place. */
export const NEWS_TEXTS = [
  'Gemeente {plaats} wil {aantal} woningen bouwen in {wijk}: bewoners boos over verdwijnen van groen',
  'Raad {plaats} stemt in met nieuw parkeerbeleid: tarieven omhoog',
  'Brand in bedrijfspand aan de {straat}, veel rookontwikkeling',
  'Wethouder {plaats} stapt op na kritisch rapport',
  'Gemeente {plaats} moet miljoenen bezuinigen op jeugdzorg',
  'Omwonenden {straat} klagen over overlast door werkzaamheden',
  'Drukte bij de milieustraat in {plaats}: wachttijden tot een uur',
  'Nieuwe fietsbrug in {wijk} na jaren vertraging open',
];
