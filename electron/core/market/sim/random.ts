/**
 * The simulator's randomness: seeded, fast, and reproducible on every platform.
 *
 *   uniforms  xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
 *             2018): 128 bits of state, period 2^128 - 1, 32-bit output, all in Math.imul and shifts;
 *             seeded through splitmix32 so that nearby seeds give unrelated streams.
 *   normals   Marsaglia's polar method (Marsaglia and Bray 1964): two normals per accepted pair,
 *             the second kept for the next call; no trigonometry.
 *   Poisson   inversion by sequential multiplication (Knuth, TAOCP vol. 2, 3.4.1) for the small
 *             means of a simulation step (one uniform when the mean is tiny); above 30 the normal
 *             approximation, which the simulator never needs at its step sizes.
 *
 * A stream is a value: clone() copies its state, so a look-ahead can replay exactly the draws
 * the real path will make.
 */

const TWO_TO_MINUS_32 = 1 / 4294967296;
const POISSON_NORMAL_ABOVE = 30;

/** splitmix32 (a 32-bit variant of Steele, Lea and Flood's SplitMix): one seed word to the next. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  /** A stream from a seed (any finite number; its integer part is used) and a stream id. */
  constructor(seed: number, stream = 0) {
    if (!Number.isFinite(seed)) throw new Error(`rng: seed must be a finite number, got ${seed}`);
    let word = splitmix32((Math.trunc(seed) ^ Math.imul(stream + 1, 0x632be5ab)) | 0);
    // A second word from the seed's high bits, so seeds beyond 2^32 differ too.
    word = splitmix32(word ^ Math.trunc(seed / 4294967296));
    this.s0 = word = splitmix32(word);
    this.s1 = word = splitmix32(word);
    this.s2 = word = splitmix32(word);
    this.s3 = splitmix32(word) | 1; // never the all-zero state
  }

  /** The next 32-bit output of xoshiro128**. */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() * TWO_TO_MINUS_32;
  }

  /** Standard normal. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  /** A Poisson count with the given mean (0 for a mean of 0). */
  poisson(mean: number): number {
    if (!(mean > 0)) {
      if (mean === 0) return 0;
      throw new Error(`rng: Poisson mean must be >= 0, got ${mean}`);
    }
    if (mean > POISSON_NORMAL_ABOVE) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.uniform();
    while (product > limit) {
      count++;
      product *= this.uniform();
    }
    return count;
  }

  /** An independent copy in the same state: it will draw exactly what this one draws next. */
  clone(): Rng {
    const copy = Object.create(Rng.prototype) as Rng;
    copy.copyFrom(this);
    return copy;
  }

  /** Take another stream's state (no allocation). */
  copyFrom(other: Rng): void {
    this.s0 = other.s0;
    this.s1 = other.s1;
    this.s2 = other.s2;
    this.s3 = other.s3;
    this.spare = other.spare;
    this.hasSpare = other.hasSpare;
  }
}

/**
 * A uniform on [0, 1) that is a pure function of two integers (murmur3's finaliser on their mix):
 * for values that must not consume a stream, such as the size shown at a book level.
 */
export function hashUnit(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b | 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) * TWO_TO_MINUS_32;
}
