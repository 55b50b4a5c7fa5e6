/**
 * A seeded pseudo-random generator (SplitMix32 seeding a xoshiro128** state), so that
 * every random choice in this package is reproducible from one integer seed.
 *
 * The generator is xoshiro128** by Blackman and Vigna (2018); the seeding step is
 * SplitMix32.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * Seeds the generator.
   * @param seed - any integer; equal seeds give equal sequences
   */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * Next 32-bit unsigned integer.
   * @returns an integer in [0, 2^32)
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * Uniform double in [0, 1) with 32 bits of randomness.
   * @returns a number in [0, 1)
   */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform integer in [0, n).
   * @param n - exclusive upper bound, a positive integer
   * @returns an integer in [0, n)
   */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /**
   * Shuffles the first `length` entries of an array in place (Fisher-Yates).
   * @param values - array to shuffle
   * @param length - how many leading entries take part; all by default
   */
  shuffle(
    values: { [index: number]: number; length: number },
    length = values.length,
  ): void {
    for (let i = length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Derives an independent seed for a numbered stream (a tree, a fold) from a base seed.
 * @param seed - base seed
 * @param stream - stream number
 * @returns a 32-bit seed
 */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
