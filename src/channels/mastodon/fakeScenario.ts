import { type FakeStatus, FakeWorld } from './fakeWorld.ts';

/**
 * Two weeks of a Dutch gemeente on Mastodon, ending at `now`: its announcements, citizens
 * replying and mentioning it (some answered, some not), a boost, a quote post, a thread, two
 * direct-message threads (one answered twice), a citizen's question deleted after it was answered,
 * and notifications that are not mentions. Deterministic for a given `now`.
 */
export function buildScenario(now: Date): FakeWorld {
  const world = new FakeWorld();
  const at = (hoursAgo: number) => new Date(now.getTime() - Math.round(hoursAgo * 3600_000));
  const people = addPeople(world);
  const { q3 } = roadworksAndWaste(world, people, at);
  newsAndQuote(world, people, at);
  const { dm3 } = directMessages(world, people, at);
  lateAutumn(world, people, at, { q3, dm3 });
  return world;
}

type People = ReturnType<typeof addPeople>;
type Moment = (hoursAgo: number) => Date;

function addPeople(world: FakeWorld) {
  const burgemeester = world.addAccount('burgemeester', null, 'Burgemeester van Lindewaard', {
    numericId: true,
  });
  const anouk = world.addAccount('anouk', 'mastodon.example', 'Anouk de Vries');
  const pieter = world.addAccount('pieter', 'toot.example', 'Pieter Janssen');
  const fatima = world.addAccount('fatima', 'mastodon.example', 'Fatima El Amrani');
  const joost = world.addAccount('joost', 'toot.example', 'Joost Bakker');
  const vr = world.addAccount('veiligheidsregio', 'overheid.example', 'Veiligheidsregio Lindewaard-Oost');
  return { burgemeester, anouk, pieter, fatima, joost, vr };
}

/** Roadworks and the waste calendar: questions answered, one answered only days later. */
function roadworksAndWaste(world: FakeWorld, { anouk, pieter, fatima }: People, at: Moment) {
  const g = world.gemeente;
  const say = world.addStatus.bind(world);

  const p1 = say(
    g,
    at(300),
    'Vanaf maandag is de Stationsstraat tussen de Markt en de Kerkweg afgesloten voor al het verkeer. ' +
      'De riolering wordt vervangen. #wegwerkzaamheden #Lindewaard',
  );
  const q1 = say(
    anouk,
    at(290),
    '@gemeentelindewaard Hoe lang gaat dat duren? Ik woon aan het eind van de straat en moet met de auto naar mijn werk.',
    { inReplyTo: p1 },
  );
  say(
    g,
    at(288),
    '@anouk@mastodon.example De werkzaamheden duren naar verwachting drie weken. ' +
      'Bewoners kunnen hun auto parkeren op het terrein achter de bibliotheek.',
    { inReplyTo: q1 },
  );
  world.notify('favourite', at(287), anouk, p1);
  const q2 = say(
    pieter,
    at(280),
    'Lantaarnpaal kapot bij de speeltuin in het Julianapark, al een week donker. @gemeentelindewaard kunnen jullie daar naar kijken?',
  );
  say(
    g,
    at(262),
    '@pieter@toot.example Dank voor je melding! We hebben het doorgezet naar de openbare verlichting.\n\n' +
      'Je kunt storingen ook melden via de MijnLindewaard-app.',
    { inReplyTo: q2 },
  );
  const p2 = say(
    g,
    at(240),
    'Het afvalrooster voor 2027 staat online. Bekijk wanneer jouw container wordt geleegd. #afval',
  );
  say(g, at(239.5), 'De inzameling van oud papier verschuift naar de eerste dinsdag van de maand.', {
    inReplyTo: p2,
  });
  world.notify('reblog', at(235), pieter, p2);
  const q3 = say(
    fatima,
    at(230),
    '@gemeentelindewaard Waarom wordt het gft in de winter maar één keer per twee weken opgehaald? #afval',
    { inReplyTo: p2 },
  );
  return { q3 };
}

/** A boost of the safety region's warning and a quote of the mayor's post. */
function newsAndQuote(world: FakeWorld, { burgemeester, vr }: People, at: Moment): void {
  const g = world.gemeente;
  const say = world.addStatus.bind(world);
  const storm = say(
    vr,
    at(205),
    'Let op: morgen worden zware windstoten verwacht (code oranje). Zet losse spullen vast.',
  );
  say(g, at(200), '', { reblog: storm });
  const opschoon = say(
    burgemeester,
    at(195),
    'Zaterdag is de landelijke opschoondag. Ik doe mee in het Julianapark, doe je ook mee?',
  );
  say(g, at(190), 'Mooi initiatief! Aanmelden kan tot en met vrijdag via de website. #opschoondag', {
    quote: opschoon,
  });
}

/** Two DM threads: one answered (the gemeente's first answer is not the thread's last status), one not. */
function directMessages(world: FakeWorld, { anouk, joost }: People, at: Moment) {
  const g = world.gemeente;
  const say = world.addStatus.bind(world);
  world.notify('follow', at(180), joost, null);
  const dm1 = say(
    joost,
    at(170),
    '@gemeentelindewaard Ik heb een vraag over mijn WOZ-beschikking, kan ik die hier stellen?',
    { visibility: 'direct' },
  );
  const dm2 = say(
    g,
    at(168),
    '@joost@toot.example Dat kan, maar deel liever geen persoonsgegevens via Mastodon. ' +
      'Bel ons op 14 0599, dan kijken we samen naar de beschikking.',
    { visibility: 'direct', inReplyTo: dm1 },
  );
  const dm3 = say(joost, at(160), '@gemeentelindewaard Dank, ik bel morgen.', {
    visibility: 'direct',
    inReplyTo: dm2,
  });
  say(
    anouk,
    at(150),
    '@gemeentelindewaard Mijn buurman zet al weken grofvuil op de stoep. Kunnen jullie daar iets aan doen?',
    { visibility: 'direct' },
  );
  return { dm3 };
}

/** The last week: a local reply, a question deleted after its answer, a private mention, a vacancy. */
function lateAutumn(
  world: FakeWorld,
  { burgemeester, pieter, fatima }: People,
  at: Moment,
  earlier: { q3: FakeStatus; dm3: FakeStatus },
): void {
  const g = world.gemeente;
  const say = world.addStatus.bind(world);
  const p3 = say(
    g,
    at(120),
    'Het gemeentehuis is op 11 november vanaf 12.00 uur gesloten vanwege een personeelsbijeenkomst.',
  );
  say(burgemeester, at(118), '@gemeentelindewaard Daarna is iedereen weer van harte welkom!', {
    inReplyTo: p3,
  });
  const gone = say(
    pieter,
    at(110),
    '@gemeentelindewaard Weer een losliggende stoeptegel op de Dorpsstraat 4.',
  );
  say(g, at(108), '@pieter@toot.example Bedankt, we laten de tegel deze week herstellen.', {
    inReplyTo: gone,
  });
  deleteStatus(world, gone);
  say(
    fatima,
    at(100),
    'Mooi dat @gemeentelindewaard meedoet aan #Warmetruiendag! Verwarming een graadje lager.',
    {
      visibility: 'private',
    },
  );
  say(
    g,
    at(90),
    '@fatima@mastodon.example In de winter is er veel minder gft. Daarom halen we het dan eens per twee weken op.',
    { inReplyTo: earlier.q3 },
  );
  const p4 = say(
    g,
    at(60),
    'Vacature: wij zoeken een beleidsadviseur duurzaamheid (32-36 uur). Reageer vóór 1 december.',
  );
  say(pieter, at(30), '@gemeentelindewaard Tot wanneer kan ik reageren, en is de functie ook in deeltijd?', {
    inReplyTo: p4,
  });
  say(g, at(20), '@joost@toot.example Graag gedaan, tot morgen!', {
    visibility: 'direct',
    inReplyTo: earlier.dm3,
  });
  say(g, at(5), 'Zondag is de kerstmarkt op het Marktplein, van 11.00 tot 17.00 uur. #Lindewaard');
}

/** A deleted status: gone from every list, its notifications with it (as Mastodon removes them). */
export function deleteStatus(world: FakeWorld, status: FakeStatus): void {
  status.deleted = true;
  for (let i = world.notifications.length - 1; i >= 0; i--) {
    if (world.notifications[i]?.status === status) world.notifications.splice(i, 1);
  }
}
