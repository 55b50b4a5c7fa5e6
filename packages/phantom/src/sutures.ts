import type { PatientModel } from './patient.js';

/**
 * Azimuths (head frame, degrees: 0 anterior, 90 left) where the cranial sutures cross the
 * skull at a relative level (0 vertex, 1 widest level). A simplified adult pattern: the
 * sagittal suture at the posterior midline near the vertex, the coronal suture moving
 * from near the anterior midline (bregma) to the temples (pterion), the lambdoid suture
 * moving from the posterior midline (lambda) to the posterolateral skull (asterion).
 *
 * @param patient - the patient model (its suture jitter)
 * @param relativeLevel - level below the vertex relative to the vertex-to-equator
 *   distance
 * @returns the azimuths of the sutures on that slice
 */
export function sutureAzimuthsDeg(
  patient: PatientModel,
  relativeLevel: number,
): number[] {
  const [coronalJitter, sagittalJitter, lambdoidJitter] = patient.sutureJitterDeg;
  const l = relativeLevel;
  const out: number[] = [];
  if (l < 0.5) out.push(180 + sagittalJitter);
  if (l < 0.12) out.push(sagittalJitter);
  if (l > 0.05 && l < 1.0) {
    const a = 22 + 60 * l + coronalJitter;
    out.push(a, 360 - a);
  }
  if (l > 0.45 && l < 1.35) {
    const a = 10 + 62 * (l - 0.45) + lambdoidJitter;
    out.push(180 - a, 180 + a);
  }
  return out;
}
