import { detCos, detSin, RAD_PER_DEG } from './det-math.js';
import type { PatientModel } from './patient.js';

/**
 * Relative radius of the outer skull outline in a direction: 1 plus the patient's shape
 * harmonics (orders 2-4), with cos/sin of the multiples from the angle-sum identities.
 *
 * @param cosA - cosine of the elliptic azimuth
 * @param sinA - sine of the elliptic azimuth
 * @param h - shape harmonics [cos 2, sin 2, cos 3, sin 3, cos 4, sin 4]
 * @returns the outline factor (about 0.95-1.05)
 */
export function outlineFactor(cosA: number, sinA: number, h: readonly number[]): number {
  const c2 = cosA * cosA - sinA * sinA;
  const s2 = 2 * sinA * cosA;
  const c3 = c2 * cosA - s2 * sinA;
  const s3 = s2 * cosA + c2 * sinA;
  const c4 = c2 * c2 - s2 * s2;
  const s4 = 2 * s2 * c2;
  return 1 + h[0] * c2 + h[1] * s2 + h[2] * c3 + h[3] * s3 + h[4] * c4 + h[5] * s4;
}

/**
 * Relative skull thickness in a direction: the patient's thickness harmonics (frontal and
 * occipital bone thicker than the temporal squama), thinned further at the temples below
 * the widest level, and thickened towards the occipital bone of the posterior fossa.
 *
 * @param patient - the patient model
 * @param cosA - cosine of the elliptic azimuth
 * @param sinA - sine of the elliptic azimuth
 * @param relativeLevel - level relative to the vertex-to-equator distance
 * @returns the factor applied to the table and diploe thicknesses
 */
export function thicknessFactor(
  patient: PatientModel,
  cosA: number,
  sinA: number,
  relativeLevel: number,
): number {
  const [th0, th1, th2] = patient.thicknessHarmonics;
  const temporalThinning = Math.min(1, Math.max(0, (relativeLevel - 0.8) / 0.6)) * 0.35;
  let thick = 1 + th0 * cosA + th1 * sinA + th2 * (cosA * cosA - sinA * sinA);
  thick *= 1 - temporalThinning * sinA * sinA;
  const occipitalThickening = Math.min(1, Math.max(0, (relativeLevel - 1.0) / 0.4)) * 0.8;
  if (cosA < 0) thick *= 1 - occipitalThickening * cosA;
  return thick;
}

/**
 * Point on the outer skull surface at a head-frame elliptic azimuth (0 anterior, 90
 * left), with the inward unit normal of the ellipse there.
 *
 * @param azimuthDeg - elliptic azimuth, degrees
 * @param semiLr - left-right semi-axis at this level, mm
 * @param semiAp - anterior-posterior semi-axis at this level, mm
 * @param harmonics - the patient's shape harmonics
 * @returns the point (mm, head frame) and the inward normal
 */
export function surfacePoint(
  azimuthDeg: number,
  semiLr: number,
  semiAp: number,
  harmonics: readonly number[],
): { x: number; y: number; nx: number; ny: number; cosA: number; sinA: number } {
  const sinA = detSin(azimuthDeg * RAD_PER_DEG);
  const cosA = detCos(azimuthDeg * RAD_PER_DEG);
  const h = outlineFactor(cosA, sinA, harmonics);
  const x = semiLr * sinA * h;
  const y = -semiAp * cosA * h;
  const gx = x / (semiLr * semiLr);
  const gy = y / (semiAp * semiAp);
  const g = Math.sqrt(gx * gx + gy * gy);
  return { x, y, nx: -gx / g, ny: -gy / g, cosA, sinA };
}
