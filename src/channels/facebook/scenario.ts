/**
 * A generated Facebook page of a Dutch gemeente for the fake Graph server: the page's posts of the
 * last twelve days (one a share of the safety region's post with its own words), posts citizens
 * put on the page, citizens' comments and answers to each other, and the page's webcare answers.
 * Deterministic: times are counted back from an anchor, ids are fixed; no randomness.
 */
export const GEMEENTE_PAGE = {
  id: '100064912345678',
  username: 'gemeentezuidhoven',
  name: 'Gemeente Zuidhoven',
  followers: 18_342,
  fans: 17_905,
};

export interface Person {
  id: string;
  name: string;
}

export interface FakePost {
  id: string;
  message: string;
  created: Date;
  from: Person;
  /** A share of another post (its id). */
  parentId: string | null;
  /** Tagged pages or people in the text. */
  tags: { id: string; name: string; type: 'page' | 'user' }[];
  shares: number;
  reactions: number;
}

export interface FakeComment {
  id: string;
  postId: string;
  /** The comment it answers, or null for a comment on the post. */
  parentId: string | null;
  message: string;
  created: Date;
  /** Null: the commenter does not let apps see who they are (Meta leaves `from` out). */
  from: Person | null;
  likes: number;
}

const PAGE: Person = { id: GEMEENTE_PAGE.id, name: GEMEENTE_PAGE.name };
const CITIZENS: Record<string, Person> = {
  sanne: { id: '7301144455667781', name: 'Sanne de Vries' },
  mehmet: { id: '7301144455667782', name: 'Mehmet Yılmaz' },
  joke: { id: '7301144455667783', name: 'Joke Bakker' },
  kees: { id: '7301144455667784', name: 'Kees Janssen' },
  pieter: { id: '7301144455667785', name: 'Pieter van Dijk' },
  fatima: { id: '7301144455667786', name: 'Fatima El Amrani' },
  lotte: { id: '7301144455667787', name: 'Lotte Visser' },
  ruud: { id: '7301144455667788', name: 'Ruud Smit' },
};
const SAFETY_REGION_POST = '110987654321098_998877665544332';
const SCHOOL_PAGE = { id: '345678901234567', name: 'Basisschool De Regenboog', type: 'page' as const };

type Who = keyof typeof CITIZENS | 'page' | 'anonymous';

interface PostSeed {
  n: number;
  hoursAgo: number;
  who: Who;
  text: string;
  share?: string;
  tagPage?: boolean;
  tagSchool?: boolean;
  shares?: number;
  reactions?: number;
  /** Comments: [local key, minutes after the post, who, parent key or null, text]. */
  comments?: [string, number, Who, string | null, string][];
}

const POSTS: PostSeed[] = [
  {
    n: 1,
    hoursAgo: 2,
    who: 'page',
    text: 'Let op: vanaf maandag is de Dorpsstraat tussen de Kerkweg en de Molenlaan afgesloten vanwege werk aan de riolering. Fietsers kunnen via de Parallelweg. Meer informatie: https://www.zuidhoven.nl/werkzaamheden',
    shares: 4,
    reactions: 31,
    comments: [
      [
        'a',
        20,
        'sanne',
        null,
        'Hoe lang gaat dit duren? Ik woon aan de Dorpsstraat en moet met de auto naar mijn werk.',
      ],
      [
        'b',
        45,
        'page',
        'a',
        'Hallo Sanne, het werk duurt naar verwachting drie weken. Bewoners kunnen hun huis via de Kerkweg bereiken. Groet, Femke (webcare)',
      ],
      ['c', 60, 'mehmet', null, 'Worden de bushaltes ook verplaatst?'],
      ['d', 70, 'anonymous', null, 'Eindelijk, die riolering was hard nodig.'],
    ],
  },
  {
    n: 2,
    hoursAgo: 26,
    who: 'page',
    text: 'Het afvalrooster voor 2027 staat online! Bekijk wanneer uw container wordt geleegd in de Afvalwijzer-app of op zuidhoven.nl/afval. #afval #zuidhoven',
    shares: 12,
    reactions: 54,
    comments: [
      ['a', 15, 'joke', null, 'De Afvalwijzer-app laat bij mij nog het oude rooster zien.'],
      [
        'b',
        50,
        'page',
        'a',
        'Dag Joke, verwijder de app en installeer hem opnieuw. Lukt het dan nog niet? Stuur ons een privébericht met uw postcode.',
      ],
      ['c', 95, 'joke', 'b', 'Dank je, nu werkt het!'],
      [
        'd',
        130,
        'kees',
        null,
        'Waarom wordt de groene container in de winter maar eens per vier weken geleegd?',
      ],
      ['e', 190, 'anonymous', 'd', 'Dat vraag ik me ook af.'],
      [
        'f',
        300,
        'page',
        'e',
        'In de winter is er veel minder groenafval; daarom halen we het dan minder vaak op. In maart gaan we weer elke twee weken.',
      ],
    ],
  },
  {
    n: 3,
    hoursAgo: 60,
    who: 'page',
    text: 'Vanavond om 19.30 uur vergadert de gemeenteraad over de begroting. Kijk live mee via zuidhoven.raadsinformatie.nl',
    reactions: 9,
    comments: [['a', 240, 'pieter', null, 'Komt de verhoging van de OZB ook op de agenda?']],
  },
  {
    n: 4,
    hoursAgo: 75,
    who: 'mehmet',
    text: 'Al twee weken ligt er grofvuil naast de containers aan het Vondelplein. Wanneer wordt dit opgehaald? Gemeente Zuidhoven',
    tagPage: true,
    comments: [
      [
        'a',
        80,
        'page',
        null,
        'Dag Mehmet, bedankt voor uw melding. We hebben het doorgegeven aan de reiniging; het grofvuil wordt morgen opgehaald.',
      ],
    ],
  },
  {
    n: 5,
    hoursAgo: 98,
    who: 'page',
    text: 'Goed om te weten: maandag om 12.00 uur worden de sirenes weer getest.',
    share: SAFETY_REGION_POST,
    shares: 7,
    reactions: 22,
  },
  {
    n: 6,
    hoursAgo: 146,
    who: 'page',
    text: 'Paspoort of identiteitskaart nodig voor de vakantie? Vraag hem op tijd aan: de levertijd is nu ongeveer twee weken. Maak een afspraak via zuidhoven.nl/afspraak.',
    shares: 3,
    reactions: 17,
    comments: [
      ['a', 30, 'fatima', null, 'Kan ik ook op zaterdag terecht?'],
      [
        'b',
        140,
        'page',
        'a',
        'Hallo Fatima, op de eerste zaterdag van de maand is het gemeentehuis open van 10.00 tot 13.00 uur voor afspraken.',
      ],
      ['c', 200, 'lotte', null, 'Top, dank voor de tip!'],
    ],
  },
  {
    n: 7,
    hoursAgo: 194,
    who: 'page',
    text: 'Afgelopen zaterdag openden wethouder Van den Berg en leerlingen van Basisschool De Regenboog het nieuwe speelveld in het Molenpark. 🎉',
    tagSchool: true,
    reactions: 88,
    comments: [['a', 55, 'ruud', null, 'Mooi geworden! Komt er ook een bankje voor ouders?']],
  },
  {
    n: 8,
    hoursAgo: 218,
    who: 'lotte',
    text: 'Compliment voor de buitendienst: de omgewaaide boom in de Beukenlaan was binnen een uur opgeruimd!',
  },
  {
    n: 9,
    hoursAgo: 242,
    who: 'page',
    text: 'Winterdienst: de strooiwagens staan klaar. Op zuidhoven.nl/gladheid ziet u welke routes wij strooien.',
    reactions: 14,
  },
];

function person(who: Who): Person | null {
  if (who === 'page') return PAGE;
  if (who === 'anonymous') return null;
  return CITIZENS[who] as Person;
}

/** The post object id (after the `_`), which comment ids start with. */
export function objectIdOf(postId: string): string {
  return postId.slice(postId.indexOf('_') + 1);
}

/** The scenario's posts and comments, counted back from `anchor`. */
export function gemeenteScenario(anchor: Date): { posts: FakePost[]; comments: FakeComment[] } {
  const posts: FakePost[] = [];
  const comments: FakeComment[] = [];
  for (const seed of POSTS) {
    const id = `${GEMEENTE_PAGE.id}_${String(5_000_000_000 + seed.n * 1_111)}`;
    const created = new Date(anchor.getTime() - seed.hoursAgo * 3_600_000);
    const tags = [
      ...(seed.tagPage ? [{ id: PAGE.id, name: PAGE.name, type: 'page' as const }] : []),
      ...(seed.tagSchool ? [SCHOOL_PAGE] : []),
    ];
    posts.push({
      id,
      message: seed.text,
      created,
      from: person(seed.who) as Person,
      parentId: seed.share ?? null,
      tags,
      shares: seed.shares ?? 0,
      reactions: seed.reactions ?? 0,
    });
    const keys = new Map<string, string>();
    for (const [index, [key, minutes, who, parent, text]] of (seed.comments ?? []).entries()) {
      const commentId = `${objectIdOf(id)}_${String(6_000_000_000 + seed.n * 100 + index)}`;
      keys.set(key, commentId);
      comments.push({
        id: commentId,
        postId: id,
        parentId: parent ? (keys.get(parent) ?? null) : null,
        message: text,
        created: new Date(created.getTime() + minutes * 60_000),
        from: person(who),
        likes: (seed.n + index) % 4,
      });
    }
  }
  return { posts, comments };
}

/** Citizens for comments added later (`addInbound`). */
export const LATE_COMMENTERS: Person[] = [
  CITIZENS.pieter as Person,
  CITIZENS.fatima as Person,
  CITIZENS.kees as Person,
];
