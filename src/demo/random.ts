import { base, Faker, generateMersenne53Randomizer, nl, type Randomizer } from '@faker-js/faker';

/**
 * The demo's only source of randomness: a Dutch faker seeded with `faker.seed(...)`, and fast
 * draws from the same Mersenne Twister. Same seed, same sequence of calls ⇒ same values.
 */
export class Rng {
  readonly faker: Faker;
  private readonly randomizer: Randomizer;
  private spareNormal: number | null = null;

  constructor(seed: number | number[]) {
    this.randomizer = generateMersenne53Randomizer();
    this.faker = new Faker({ locale: [nl, base], randomizer: this.randomizer });
    this.faker.seed(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.randomizer.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A standard normal draw (Box–Muller, the spare kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median; sigma is the spread of its logarithm. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A Poisson draw (Knuth for small means, normal approximation for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** `n` decimal digits, the first one not zero. */
  digits(n: number): string {
    let out = String(this.int(1, 9));
    for (let i = 1; i < n; i++) out += String(this.int(0, 9));
    return out;
  }
}

/** Items with weights; picks in O(log n). */
export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]> = []) {
    for (const [item, weight] of entries) this.add(item, weight);
  }

  add(item: T, weight: number): void {
    if (!(weight > 0)) return;
    this.total += weight;
    this.items.push(item);
    this.cumulative.push(this.total);
  }

  get size(): number {
    return this.items.length;
  }

  pick(rng: Rng): T {
    if (this.items.length === 0) throw new RangeError('pick from an empty weighted list');
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Picks from a small list of `[item, weight]` pairs without building a table. */
export function pickWeighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let target = rng.next() * total;
  for (const [item, w] of entries) {
    target -= w;
    if (target < 0) return item;
  }
  const last = entries.at(-1);
  if (last === undefined) throw new RangeError('pick from an empty weighted list');
  return last[0];
}
