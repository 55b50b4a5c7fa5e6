import type { FractureClass } from './fracture-class.js';
import { addNoiseAndQuantise } from './noise.js';
import type { PatientModel } from './patient.js';
import { PhantomError } from './phantom-error.js';
import type { PhantomSeries, PhantomSlice } from './phantom-slice.js';
import { renderSliceHu } from './render-slice.js';
import { samplePatient } from './sample-patient.js';
import { sliceGeometry } from './slice-geometry.js';
import { sliceTruth } from './slice-truth.js';

/** Lowest and highest HU a 16-bit stored value with intercept -1024 holds here. */
const MIN_HU = -1024;
const MAX_HU = 3071;

/** Image-size and rendering options shared by the generators. */
export interface RenderOptions {
  /**
   * Number of columns; the field of view stays the same, so spacing adapts. Default 512.
   */
  readonly width?: number;
  /** Number of rows. Default 512. */
  readonly height?: number;
  /** Add CT noise (default `true`); `false` gives the noise-free phantom, for tests. */
  readonly noise?: boolean;
  /** Also return the dominant tissue of each pixel (default `false`). */
  readonly includeTissueMap?: boolean;
}

/** Options of {@link generatePatient}. */
export interface GeneratePatientOptions extends RenderOptions {
  /** Seed of the cohort the patient belongs to. */
  readonly seed: number | string;
  /** Zero-based index of the patient in that cohort. Default 0. */
  readonly patientIndex?: number;
  /** Number of slices. Default 40. */
  readonly slicesPerSeries?: number;
  /** The patient's fracture class. Default `none`. */
  readonly fractureClass?: FractureClass;
  /** First and last slice of the fracture; default: the middle half of the series. */
  readonly fractureSlices?: { readonly first: number; readonly last: number };
  /** Fracture subtlety in [0, 1]: 0 obvious, 1 subtle. Default 0.5. */
  readonly difficulty?: number;
  /** Largest in-plane head tilt, degrees. Default 20. */
  readonly maxTiltDeg?: number;
}

/**
 * Checks that an option is an integer in a range.
 *
 * @param name - option name, for the message
 * @param value - the value
 * @param min - smallest allowed
 * @param max - largest allowed
 * @returns the value
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` when it is not
 */
export function checkInteger(
  name: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `${name} must be an integer in [${min}, ${max}], got ${value}.`,
    );
  }
  return value;
}

/**
 * Checks that an option is a finite number in a range.
 *
 * @param name - option name, for the message
 * @param value - the value
 * @param min - smallest allowed
 * @param max - largest allowed
 * @returns the value
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` when it is not
 */
export function checkNumber(
  name: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `${name} must be a number in [${min}, ${max}], got ${value}.`,
    );
  }
  return value;
}

/**
 * Renders one slice of a patient model: the noise-free HU image, plus noise keyed by the
 * patient's seed, index and the slice index, rounded to integer HU in [-1024, 3071].
 *
 * @param patient - the patient model (from `samplePatient` or a series' `patient`)
 * @param sliceIndex - zero-based slice index (0 = most superior)
 * @param options - size, noise, tissue map
 * @returns the slice with its label and ground truth
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` for a size outside [16, 2048]
 */
export function renderPatientSlice(
  patient: PatientModel,
  sliceIndex: number,
  options: RenderOptions = {},
): PhantomSlice {
  const width = checkInteger('width', options.width ?? 512, 16, 2048);
  const height = checkInteger('height', options.height ?? 512, 16, 2048);
  const geometry = sliceGeometry(patient, sliceIndex, width, height);
  const rendered = renderSliceHu(patient, geometry, options.includeTissueMap === true);

  // Quantised in place: the rendering's buffer becomes the slice's pixels.
  const pixels = rendered.hu;
  addNoiseAndQuantise(
    rendered.hu,
    pixels,
    width,
    height,
    options.noise === false ? 0 : patient.noiseSdHu,
    [patient.seed, patient.patientIndex, sliceIndex],
    MIN_HU,
    MAX_HU,
  );

  const truth = sliceTruth(patient, geometry);
  return {
    image: {
      pixels,
      width,
      height,
      rowSpacingMm: geometry.rowSpacingMm,
      columnSpacingMm: geometry.columnSpacingMm,
    },
    label: truth.label,
    truth,
    ...(rendered.tissue !== null ? { tissue: rendered.tissue } : {}),
  };
}

/**
 * Resolves the patient model that {@link generatePatient} draws, without rendering it.
 *
 * @param options - as for `generatePatient`
 * @returns the patient model
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` for an option out of range
 */
export function patientModel(options: GeneratePatientOptions): PatientModel {
  const slices = checkInteger('slicesPerSeries', options.slicesPerSeries ?? 40, 1, 2000);
  const kind = options.fractureClass ?? 'none';
  if (kind !== 'linear' && kind !== 'depressed' && kind !== 'none') {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `fractureClass must be 'linear', 'depressed' or 'none', got '${String(kind)}'.`,
    );
  }
  const run = options.fractureSlices ?? {
    first: Math.floor(slices / 4),
    last: Math.max(Math.floor(slices / 4), Math.ceil((3 * slices) / 4) - 1),
  };
  checkInteger('fractureSlices.first', run.first, 0, slices - 1);
  checkInteger('fractureSlices.last', run.last, run.first, slices - 1);
  return samplePatient({
    seed: options.seed,
    patientIndex: checkInteger('patientIndex', options.patientIndex ?? 0, 0, 999_999),
    slicesPerSeries: slices,
    fracture: { kind, first: run.first, last: run.last },
    difficulty: checkNumber('difficulty', options.difficulty ?? 0.5, 0, 1),
    maxTiltDeg: checkNumber('maxTiltDeg', options.maxTiltDeg ?? 20, 0, 45),
    sliceSpacingMm: 1,
    sliceThicknessMm: 1,
    nominalMatrix: 512,
  });
}

/**
 * Generates one synthetic patient in memory: a series of slices in HU with labels and
 * ground truth, no disk involved. Small sizes (64x64, 128x128) keep the head's size in
 * millimetres; the pixel spacing grows instead.
 *
 * @param options - seed, patient index, series length, fracture, difficulty, size, noise
 * @returns the patient model and its slices
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` for an option out of range
 */
export function generatePatient(options: GeneratePatientOptions): PhantomSeries {
  const patient = patientModel(options);
  const count = options.slicesPerSeries ?? 40;
  const slices: PhantomSlice[] = [];
  for (let i = 0; i < count; i++) slices.push(renderPatientSlice(patient, i, options));
  return { patient, slices };
}
