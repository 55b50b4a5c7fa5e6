import type { FractureClass } from './fracture-class.js';
import {
  patientModel,
  renderPatientSlice,
  type RenderOptions,
} from './generate-patient.js';
import type { PhantomSlice } from './phantom-slice.js';

/** Options of {@link generateSlice}. */
export interface GenerateSliceOptions extends RenderOptions {
  /** Seed; different seeds give different patients. */
  readonly seed: number | string;
  /** Label of the slice. Default `none`. */
  readonly label?: FractureClass;
  /** Fracture subtlety in [0, 1]: 0 obvious, 1 subtle. Default 0.5. */
  readonly difficulty?: number;
  /** Largest in-plane head tilt, degrees. Default 20. */
  readonly maxTiltDeg?: number;
}

/**
 * Generates a single labelled slice in memory: the central slice of a short synthetic
 * series whose fracture (if any) covers it. Handy for tests of other packages; defaults
 * to 128x128.
 *
 * @param options - seed, label, difficulty, size, noise
 * @returns the slice with its label and ground truth
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` for an option out of range
 */
export function generateSlice(options: GenerateSliceOptions): PhantomSlice {
  const patient = patientModel({
    seed: options.seed,
    slicesPerSeries: 9,
    fractureClass: options.label ?? 'none',
    fractureSlices: { first: 2, last: 6 },
    ...(options.difficulty !== undefined ? { difficulty: options.difficulty } : {}),
    ...(options.maxTiltDeg !== undefined ? { maxTiltDeg: options.maxTiltDeg } : {}),
  });
  return renderPatientSlice(patient, 4, {
    width: options.width ?? 128,
    height: options.height ?? 128,
    ...(options.noise !== undefined ? { noise: options.noise } : {}),
    ...(options.includeTissueMap !== undefined
      ? { includeTissueMap: options.includeTissueMap }
      : {}),
  });
}
