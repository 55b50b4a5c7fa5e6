/**
 * Trigonometry from basic IEEE-754 arithmetic only (+, -, *, /, sqrt, all correctly
 * rounded), so that the phantom's pixels do not depend on an engine's `Math.sin` or
 * `Math.atan2`, whose last bits the ECMAScript specification leaves
 * implementation-defined.
 *
 * Accuracy is about 1e-12 absolute, far below anything that reaches a 1 HU integer pixel.
 */

const TWO_PI = 6.283185307179586;
const HALF_PI = 1.5707963267948966;
const PI = 3.141592653589793;

/** Taylor series of sin on [-pi/2, pi/2], Horner form up to x^17. */
function sinReduced(x: number): number {
  const x2 = x * x;
  let s = 1 / 355687428096000; // 1/17!
  s = s * x2 - 1 / 1307674368000; // 1/15!
  s = s * x2 + 1 / 6227020800; // 1/13!
  s = s * x2 - 1 / 39916800; // 1/11!
  s = s * x2 + 1 / 362880; // 1/9!
  s = s * x2 - 1 / 5040;
  s = s * x2 + 1 / 120;
  s = s * x2 - 1 / 6;
  return x + x * x2 * s;
}

/**
 * Sine of an angle in radians, from basic arithmetic only.
 *
 * @param x - angle in radians
 * @returns sin(x), within about 1e-12
 */
export function detSin(x: number): number {
  let r = x - Math.round(x / TWO_PI) * TWO_PI;
  if (r > HALF_PI) r = PI - r;
  else if (r < -HALF_PI) r = -PI - r;
  return sinReduced(r);
}

/**
 * Cosine of an angle in radians, from basic arithmetic only.
 *
 * @param x - angle in radians
 * @returns cos(x), within about 1e-12
 */
export function detCos(x: number): number {
  return detSin(x + HALF_PI);
}

/** Arctangent for |t| <= 1 by two half-angle reductions then a Taylor series. */
function atanUnit(t: number): number {
  // atan(t) = 2 atan(t / (1 + sqrt(1 + t^2))): two steps bring |t| below tan(pi/16) ~ 0.199.
  const t1 = t / (1 + Math.sqrt(1 + t * t));
  const t2 = t1 / (1 + Math.sqrt(1 + t1 * t1));
  const x2 = t2 * t2;
  let s = -1 / 19;
  s = s * x2 + 1 / 17;
  s = s * x2 - 1 / 15;
  s = s * x2 + 1 / 13;
  s = s * x2 - 1 / 11;
  s = s * x2 + 1 / 9;
  s = s * x2 - 1 / 7;
  s = s * x2 + 1 / 5;
  s = s * x2 - 1 / 3;
  return 4 * (t2 + t2 * x2 * s);
}

/**
 * Angle of the point (x, y) from the positive x axis, in radians in (-pi, pi], from basic
 * arithmetic only (same conventions as `Math.atan2`).
 *
 * @param y - ordinate
 * @param x - abscissa
 * @returns the angle, within about 1e-12
 */
export function detAtan2(y: number, x: number): number {
  if (x === 0 && y === 0) return 0;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  let a = ay <= ax ? atanUnit(ay / ax) : HALF_PI - atanUnit(ax / ay);
  if (x < 0) a = PI - a;
  return y < 0 ? -a : a;
}

/** Degrees to radians. */
export const RAD_PER_DEG = PI / 180;
