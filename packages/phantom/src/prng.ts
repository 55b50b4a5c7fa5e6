/**
 * A small seeded pseudo-random generator: SFC32 (Chris Doty-Humphrey's "small fast
 * chaotic" generator from PractRand), seeded through the cyrb128 string hash.
 *
 * Only 32-bit integer operations (`Math.imul`, shifts, `| 0`) are used, so the stream is the
 * same on every JavaScript engine and machine.
 */
export interface Prng {
  /** Next value, uniform in [0, 1), with 32 random bits. */
  next(): number;
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /**
   * Uniform value in [low, high).
   *
   * @param low - lower bound (included)
   * @param high - upper bound (excluded)
   * @returns the drawn value
   */
  uniform(low: number, high: number): number;
  /**
   * Uniform integer in [low, high].
   *
   * @param low - smallest value
   * @param high - largest value
   * @returns the drawn integer
   */
  integer(low: number, high: number): number;
  /**
   * Approximately normal value (Irwin-Hall sum of four uniforms, rescaled to unit
   * variance),
   * clipped to three standard deviations by construction (|z| <= 2 * sqrt(3)).
   *
   * @param mean - mean
   * @param sd - standard deviation
   * @returns the drawn value
   */
  normal(mean: number, sd: number): number;
  /**
   * `true` with probability `p`.
   *
   * @param p - probability in [0, 1]
   * @returns the draw
   */
  chance(p: number): boolean;
}

/**
 * Hashes any number of strings or numbers into four 32-bit words (cyrb128 by bryc, public
 * domain), used as a PRNG seed or as the bits of a name-based UID.
 *
 * @param parts - the values to hash; numbers are hashed through their decimal text
 * @returns four unsigned 32-bit words
 */
export function hash128(
  ...parts: readonly (string | number)[]
): [number, number, number, number] {
  const text = parts.map((p) => String(p)).join('\u001f');
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const UINT32 = 4294967296;
const IRWIN_HALL_4_SCALE = Math.sqrt(3); // sum of 4 U(0,1) has variance 4/12 = 1/3

/**
 * Creates a generator whose stream is fixed by the given key parts (a cohort seed, a
 * patient index, a purpose...). Streams with different keys are independent for practical
 * purposes.
 *
 * @param parts - the key; `createPrng(seed, 'patient', 3)` always gives the same stream
 * @returns a generator
 */
export function createPrng(...parts: readonly (string | number)[]): Prng {
  let [a, b, c, d] = hash128(...parts);
  const nextUint32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint32();
  const next = (): number => nextUint32() / UINT32;
  return {
    next,
    nextUint32,
    uniform: (low, high) => low + (high - low) * next(),
    integer: (low, high) => low + Math.floor((high - low + 1) * next()),
    normal: (mean, sd) => {
      const sum = next() + next() + next() + next();
      return mean + sd * (sum - 2) * IRWIN_HALL_4_SCALE;
    },
    chance: (p) => next() < p,
  };
}
