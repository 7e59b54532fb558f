import type { IdFactory, Platform, Poster } from './ids.ts';
import type { Rng } from './random.ts';

/**
 * Citizens: authors with Dutch names who are not accounts of any organisation. A bounded pool of
 * regulars per platform (people who write often) plus a stream of new people, so memory stays
 * constant however many messages are made.
 */
export interface Citizen extends Poster {
  name: string;
  firstName: string;
}

const MASTODON_SERVERS = [
  'mastodon.nl',
  'mastodon.social',
  'toot.community',
  'mstdn.social',
  'mastodon.frl',
  'mas.to',
];
const NAME_EMOJI = [' 🌷', ' 🚲', ' 🌻', ' 🏳️‍🌈', ' 🇳🇱', ' ☕', ' 🐾'];

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]/g, '');
}

/** `van der Ven` → `vdven`, `de Vries` → `devries`. */
function shortLastName(lastName: string): string {
  const words = ascii(lastName).toLowerCase().split(' ').filter(Boolean);
  if (words.length <= 1) return words[0] ?? '';
  const last = words.at(-1) as string;
  return words.length > 2
    ? `${words
        .slice(0, -1)
        .map((w) => w[0])
        .join('')}${last}`
    : `${words[0]}${last}`;
}

export class Citizens {
  private readonly pools = new Map<Platform, Citizen[]>();

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdFactory,
    private readonly year: number,
    private readonly poolSize = 4000,
  ) {}

  /** A citizen on `platform`: a regular now and then, mostly someone new. */
  pick(platform: Platform): Citizen {
    const rng = this.rng;
    let pool = this.pools.get(platform);
    if (pool === undefined) {
      pool = [];
      this.pools.set(platform, pool);
    }
    if (pool.length > 20 && rng.chance(0.35)) {
      // Skewed towards the first regulars: a few people write a lot.
      const r = rng.next();
      return pool[Math.floor(r * r * r * pool.length)] as Citizen;
    }
    const citizen = this.create(platform);
    if (pool.length < this.poolSize) pool.push(citizen);
    return citizen;
  }

  private create(platform: Platform): Citizen {
    const rng = this.rng;
    const firstName = rng.faker.person.firstName();
    const lastName = rng.faker.person.lastName();
    const created = Date.UTC(
      rng.int(platform === 'bluesky' ? 2023 : 2014, this.year - 1),
      rng.int(0, 11),
      rng.int(1, 28),
    );
    const id = this.ids.userId(platform, false, created);
    let name = `${firstName} ${lastName}`;
    const style = rng.next();
    if (style < 0.12) name = firstName;
    else if (style < 0.2) name = `${firstName[0]}. ${lastName}`;
    if (platform !== 'facebook' && rng.chance(0.06)) name += rng.pick(NAME_EMOJI);
    return {
      id,
      handle: this.handle(platform, firstName, lastName),
      instance: this.instance(platform),
      name,
      firstName,
    };
  }

  private instance(platform: Platform): string | null {
    return platform === 'mastodon' ? this.rng.pick(MASTODON_SERVERS) : null;
  }

  private handle(platform: Platform, firstName: string, lastName: string): string | null {
    if (platform === 'facebook') return null;
    const rng = this.rng;
    const first = ascii(firstName).replace(/ /g, '');
    const last = shortLastName(lastName);
    const year = String(rng.int(60, 105) % 100).padStart(2, '0');
    const variants = [
      `${first}${last}`,
      `${first}_${last}`,
      `${first}${year}`,
      `${first[0]}${last}`,
      `${last}${rng.int(1, 999)}`,
      `${first}${last[0] ?? ''}${rng.int(1, 99)}`,
      `${rng.pick(['echte', 'de', 'mr', 'its', 'hoi'])}${first}`,
    ];
    let handle = rng.pick(variants);
    switch (platform) {
      case 'x':
        return rng.chance(0.5) ? handle.slice(0, 15) : handle.toLowerCase().slice(0, 15);
      case 'mastodon':
        return handle.toLowerCase().slice(0, 30);
      case 'bluesky':
        return `${handle.toLowerCase().replace(/_/g, '')}.bsky.social`;
      case 'instagram':
        handle = handle.toLowerCase();
        return rng.chance(0.3) ? `${handle}.${rng.pick(['nl', 'x', '_', 'official'])}` : handle;
    }
  }
}
