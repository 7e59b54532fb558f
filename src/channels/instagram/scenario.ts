/**
 * A generated Instagram account of a Dutch gemeente for the fake Instagram API: its media of the
 * last ten days, citizens' comments and replies (one whose commenter Instagram leaves out of
 * `from`), the gemeente's answers, and media of others that tag the gemeente. Deterministic:
 * times are counted back from an anchor, ids are fixed.
 */
export const GEMEENTE_ACCOUNT = {
  userId: '17841400000000001',
  /** The app-scoped id `/me` also gives (`id`), not the account's id. */
  appScopedId: '26100000000000001',
  username: 'gemeente.zuidhoven',
  name: 'Gemeente Zuidhoven',
  followers: 6_420,
  follows: 211,
};

export interface IgPerson {
  /** Instagram-scoped id. */
  id: string;
  username: string;
}

export interface IgMedia {
  id: string;
  caption: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  created: Date;
  owner: IgPerson;
  likes: number;
}

export interface IgComment {
  id: string;
  mediaId: string;
  /** The top-level comment it answers, or null. */
  parentId: string | null;
  text: string;
  created: Date;
  from: IgPerson;
  /** Instagram left `from` out (only `username` is given). */
  hideFrom: boolean;
  likes: number;
}

const ACCOUNT: IgPerson = { id: GEMEENTE_ACCOUNT.userId, username: GEMEENTE_ACCOUNT.username };
const PEOPLE: Record<string, IgPerson> = {
  sanne: { id: '6200000000000001', username: 'sannedevries_' },
  ruud: { id: '6200000000000002', username: 'ruud.smit' },
  fatima: { id: '6200000000000003', username: 'fatima.elamrani' },
  kees: { id: '6200000000000004', username: 'kees_janssen' },
  lotte: { id: '6200000000000005', username: 'lotte.visser' },
  mehmet: { id: '6200000000000006', username: 'mehmet.yilmaz' },
  pieter: { id: '6200000000000007', username: 'pieter.vandijk' },
  joke: { id: '6200000000000008', username: 'joke.bakker' },
  ondernemers: { id: '6200000000000009', username: 'ondernemers_zuidhoven' },
};

type Who = keyof typeof PEOPLE | 'gemeente';

interface MediaSeed {
  hoursAgo: number;
  who: Who;
  type: IgMedia['mediaType'];
  caption: string;
  likes: number;
  /** [key, minutes after the media, who, parent key or null, text, hide `from`]. */
  comments?: [string, number, Who, string | null, string, boolean?][];
}

const OWN_MEDIA: MediaSeed[] = [
  {
    hoursAgo: 3,
    who: 'gemeente',
    type: 'IMAGE',
    likes: 212,
    caption:
      'Vandaag zijn we begonnen met het planten van 1.200 bomen in het Molenpark 🌳 Samen met @ivn.zuidhoven maken we de wijk groener. #bomenplantdag #zuidhoven',
    comments: [
      ['a', 15, 'sanne', null, 'Wat mooi! Mogen bewoners ook helpen?'],
      [
        'b',
        40,
        'gemeente',
        'a',
        '@sannedevries_ Ja! Zaterdag om 10.00 uur kunt u meehelpen bij de ingang aan de Parklaan. Aanmelden hoeft niet.',
      ],
      ['c', 55, 'sanne', 'a', '@gemeente.zuidhoven top, ik kom!'],
      ['d', 60, 'ruud', null, 'Worden er ook fruitbomen geplant?'],
    ],
  },
  {
    hoursAgo: 27,
    who: 'gemeente',
    type: 'CAROUSEL_ALBUM',
    likes: 148,
    caption:
      'Terugblik op de Dag van de Mantelzorg 💛 Dank aan alle vrijwilligers die er een mooie middag van maakten!',
    comments: [
      ['a', 90, 'fatima', null, 'Wat een fijne middag was het, dank jullie wel!'],
      ['b', 130, 'gemeente', 'a', 'Fijn om te horen, Fatima! Tot volgend jaar.'],
    ],
  },
  {
    hoursAgo: 74,
    who: 'gemeente',
    type: 'VIDEO',
    likes: 96,
    caption:
      'Hoe werkt het nieuwe afvalpasje? In deze video leggen we het uit. Meer informatie op zuidhoven.nl/afvalpas',
    comments: [
      ['a', 20, 'kees', null, 'Moet ik het oude pasje inleveren?'],
      ['b', 75, 'gemeente', 'a', '@kees_janssen Nee, het oude pasje kunt u zelf doorknippen en weggooien.'],
      ['c', 110, 'lotte', null, 'Handig filmpje 👍'],
      ['d', 160, 'mehmet', null, 'Geldt dit ook voor de ondergrondse containers in het centrum?', true],
    ],
  },
  {
    hoursAgo: 145,
    who: 'gemeente',
    type: 'IMAGE',
    likes: 301,
    caption:
      'Het gemeentehuis kleurt vanavond oranje voor #OrangeTheWorld: samen tegen geweld tegen vrouwen.',
  },
  {
    hoursAgo: 218,
    who: 'gemeente',
    type: 'IMAGE',
    likes: 57,
    caption: 'Raadsvergadering gemist? Kijk hem terug via de link in onze bio.',
    comments: [['a', 300, 'pieter', null, 'Wanneer wordt er eigenlijk besloten over het zwembad?']],
  },
];

const TAGGED_MEDIA: MediaSeed[] = [
  {
    hoursAgo: 50,
    who: 'joke',
    type: 'IMAGE',
    likes: 34,
    caption: 'Mooie wandeling langs de nieuwe natuurvriendelijke oevers, goed gedaan @gemeente.zuidhoven! 🦆',
  },
  {
    hoursAgo: 122,
    who: 'ondernemers',
    type: 'IMAGE',
    likes: 88,
    caption: 'Kerstmarkt op het Marktplein op 14 december, samen met @gemeente.zuidhoven. Kom je ook? 🎄',
  },
];

function personOf(who: Who): IgPerson {
  return who === 'gemeente' ? ACCOUNT : (PEOPLE[who] as IgPerson);
}

function mediaOf(seeds: MediaSeed[], anchor: Date, firstId: bigint) {
  const media: IgMedia[] = [];
  const comments: IgComment[] = [];
  seeds.forEach((seed, n) => {
    const id = String(firstId + BigInt(n * 1_000));
    const created = new Date(anchor.getTime() - seed.hoursAgo * 3_600_000);
    media.push({
      id,
      caption: seed.caption,
      mediaType: seed.type,
      created,
      owner: personOf(seed.who),
      likes: seed.likes,
    });
    const keys = new Map<string, string>();
    for (const [index, [key, minutes, who, parent, text, hide]] of (seed.comments ?? []).entries()) {
      const commentId = String(17_900_000_000_000_000n + BigInt(n * 100 + index) + (firstId % 10n));
      keys.set(key, commentId);
      comments.push({
        id: commentId,
        mediaId: id,
        parentId: parent ? (keys.get(parent) ?? null) : null,
        text,
        created: new Date(created.getTime() + minutes * 60_000),
        from: personOf(who),
        hideFrom: hide ?? false,
        likes: (n + index) % 5,
      });
    }
  });
  return { media, comments };
}

/** The account's media with their comments, and the media others tagged it in. */
export function gemeenteInstagram(anchor: Date): {
  media: IgMedia[];
  comments: IgComment[];
  tagged: IgMedia[];
} {
  const own = mediaOf(OWN_MEDIA, anchor, 18_040_000_000_000_001n);
  const tagged = mediaOf(TAGGED_MEDIA, anchor, 18_050_000_000_000_002n).media;
  return { media: own.media, comments: own.comments, tagged };
}

/** Citizens for comments added later (`addInbound`). */
export const LATE_COMMENTERS: IgPerson[] = [
  PEOPLE.pieter as IgPerson,
  PEOPLE.joke as IgPerson,
  PEOPLE.kees as IgPerson,
];

/** A shortcode-like part of a permalink, from the media id (deterministic). */
export function shortcodeOf(id: string): string {
  return `C${BigInt(id).toString(36).toUpperCase()}`;
}
