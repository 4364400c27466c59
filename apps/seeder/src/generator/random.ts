/**
 * The generator's only source of chance: mulberry32, seeded. Every complaint and every plan draws from
 * its own generator, seeded from (seed, what it is), so one part of a data set does not shift when
 * another part consumes more or fewer numbers.
 */

/** 32-bit FNV-1a over the parts: turns (seed, label, index) into a generator seed. */
export const seedFrom = (...parts: (string | number)[]): number => {
  let hash = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform in [from, to). */
  between(from: number, to: number): number {
    return from + this.next() * (to - from);
  }

  /** Integer in [from, to]. */
  int(from: number, to: number): number {
    return from + Math.floor(this.next() * (to - from + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }

  /** Log-uniform in [from, to): small values common, large ones rare (amounts, durations). */
  logBetween(from: number, to: number): number {
    return Math.exp(this.between(Math.log(from), Math.log(to)));
  }
}

/** Zipf weights 1/k^s for ranks 1..n: a few values take most of the mass. */
export const zipfWeights = (n: number, s: number): number[] =>
  Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, s));

/** A fixed weighted choice, drawn by binary search over the cumulative weights. */
export class Weighted<T> {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(
    readonly values: readonly T[],
    weights: readonly number[],
  ) {
    if (values.length === 0 || values.length !== weights.length)
      throw new Error('Weighted needs one weight per value, and at least one value');
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += Math.max(0, w)));
    this.total = sum;
  }

  static zipf<T>(values: readonly T[], s: number): Weighted<T> {
    return new Weighted(values, zipfWeights(values.length, s));
  }

  draw(rng: Rng): T {
    return this.values[pickIndex(this.cumulative, this.total, rng)]!;
  }
}

/** Draws an index by weight; for weights that change from draw to draw. */
export const drawIndex = (weights: readonly number[], rng: Rng): number => {
  let sum = 0;
  const cumulative = weights.map((w) => (sum += Math.max(0, w)));
  return pickIndex(cumulative, sum, rng);
};

const pickIndex = (cumulative: readonly number[], total: number, rng: Rng): number => {
  const target = rng.next() * total;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid]! > target) high = mid;
    else low = mid + 1;
  }
  return low;
};
