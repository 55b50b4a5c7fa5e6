import type { Fracture } from './fracture.js';
import type { FractureClass } from './fracture-class.js';
import type { PatientModel, ScalpHaematoma } from './patient.js';
import { createPrng, type Prng } from './prng.js';

/** Options of {@link samplePatient}. */
export interface SamplePatientOptions {
  /** Cohort seed. */
  readonly seed: number | string;
  /**
   * Zero-based patient index; with the seed it fixes every random choice of this patient.
   */
  readonly patientIndex: number;
  /** Number of slices in the patient's series. */
  readonly slicesPerSeries: number;
  /** Fracture of this patient: its class and the run of slices it covers. */
  readonly fracture: {
    readonly kind: FractureClass;
    readonly first: number;
    readonly last: number;
  };
  /** Fracture subtlety in [0, 1]: 0 obvious, 1 subtle. */
  readonly difficulty: number;
  /** Largest in-plane head tilt, degrees. */
  readonly maxTiltDeg: number;
  /** Distance between slice centres, mm. */
  readonly sliceSpacingMm: number;
  /** Nominal slice thickness, mm. */
  readonly sliceThicknessMm: number;
  /**
   * Number of columns of the full-size acquisition the field of view is chosen for (512).
   */
  readonly nominalMatrix: number;
}

/** Depth below the vertex of the lowest level the phantom models with anatomy, mm. */
const DEEPEST_LEVEL_BELOW_EQUATOR_MM = 40;
/** Depth below the vertex of the highest level a series starts at, mm. */
const HIGHEST_FIRST_LEVEL_MM = 6;

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function sampleFracture(
  rng: Prng,
  kind: FractureClass,
  first: number,
  last: number,
  difficulty: number,
): Fracture | null {
  const d = difficulty;
  if (kind === 'linear') {
    return {
      kind: 'linear',
      firstSlice: first,
      lastSlice: last,
      azimuthDeg: rng.uniform(0, 360),
      azimuthDriftDegPerSlice: rng.uniform(-0.6, 0.6),
      obliquityDeg: (rng.chance(0.5) ? 1 : -1) * rng.uniform(8, 40),
      widthMm: rng.uniform(lerp(2.0, 0.5, d), lerp(3.0, 0.9, d)),
      lucency: Math.min(1, rng.uniform(lerp(0.9, 0.6, d), lerp(1.0, 0.85, d))),
      waveAmplitudeMm: rng.uniform(0.2, 0.6),
      wavePeriodMm: rng.uniform(6, 14),
      wavePhaseRad: rng.uniform(0, 6.283185307179586),
    };
  }
  if (kind === 'depressed') {
    return {
      kind: 'depressed',
      firstSlice: first,
      lastSlice: last,
      azimuthDeg: rng.uniform(0, 360),
      halfArcMm: rng.uniform(lerp(14, 9, d), lerp(24, 14, d)),
      depthMm: rng.uniform(lerp(5, 1.5, d), lerp(9, 3, d)),
      hinge: rng.uniform(-0.5, 0.5),
      edgeGapMm: rng.uniform(lerp(0.9, 0.5, d), lerp(2.0, 1.0, d)),
    };
  }
  return null;
}

/**
 * Draws one synthetic patient: head size and shape, skull thickness, tissue densities,
 * noise level, head position and tilt, the level of the series, and the fracture (if
 * any). The result depends only on the options, never on other patients.
 *
 * Ranges are those of adult heads: skull outer length about 170-200 mm and breadth
 * 125-150 mm, calvarial thickness 4.5-8.6 mm (outer table 1.5-2.5 mm, diploe 2.0-4.5 mm,
 * inner table 1.0-1.6 mm), scalp 4-7 mm; cortical bone 1400-1800 HU, diploe 420-580 HU
 * mean, grey matter 34-40 HU, white matter 25-30 HU, CSF 2-10 HU (textbook CT values).
 *
 * @param options - seed, patient index, series length, fracture, difficulty, geometry
 *   limits
 * @returns the patient model
 */
export function samplePatient(options: SamplePatientOptions): PatientModel {
  const rng = createPrng(options.seed, 'patient', options.patientIndex);
  const sizeScale = rng.uniform(0.9, 1.07);
  const skullSemiAxisApMm = 90 * sizeScale * rng.uniform(0.96, 1.04);
  const skullSemiAxisLrMm = 71 * sizeScale * rng.uniform(0.93, 1.05);
  const vertexToEquatorMm = 68 * sizeScale * rng.uniform(0.92, 1.08);
  const shapeHarmonics = [0, 0, 0, 0, 0, 0].map(() => rng.normal(0, 0.012));
  const scalpMm = rng.uniform(4, 7);
  const subarachnoidMm = rng.uniform(0.6, 2.5);

  const tiltDeg = rng.uniform(-options.maxTiltDeg, options.maxTiltDeg);
  const headHalfMm = skullSemiAxisApMm + scalpMm + 6;
  const spacingMm = Math.max(
    rng.uniform(0.4, 0.5),
    (2 * headHalfMm) / options.nominalMatrix,
  );
  // Whole-millimetre field of view, as scanners offer: spacing FOV / 512 is exact in
  // binary.
  const fieldOfViewMm = Math.ceil(spacingMm * options.nominalMatrix);
  // A conservative extent of the tilted head, linear in the tilt, keeps it inside the
  // field.
  const fracTilt = Math.abs(tiltDeg) / 90;
  const extentXMm =
    skullSemiAxisLrMm + (skullSemiAxisApMm - skullSemiAxisLrMm) * fracTilt + scalpMm + 4;
  const extentYMm =
    skullSemiAxisApMm - (skullSemiAxisApMm - skullSemiAxisLrMm) * fracTilt + scalpMm + 4;
  const maxShiftX = Math.min(20, Math.max(0, fieldOfViewMm / 2 - extentXMm));
  const maxShiftY = Math.min(12, Math.max(0, fieldOfViewMm / 2 - extentYMm));
  const centreXMm = rng.uniform(-maxShiftX, maxShiftX);
  const centreYMm = rng.uniform(-maxShiftY, maxShiftY);

  const spanMm = (options.slicesPerSeries - 1) * options.sliceSpacingMm;
  const deepestMm = vertexToEquatorMm + DEEPEST_LEVEL_BELOW_EQUATOR_MM;
  // Rounded to 0.1 mm so that slice positions survive the DICOM decimal strings exactly.
  const firstSliceLevelMm =
    Math.round(
      10 *
        rng.uniform(
          HIGHEST_FIRST_LEVEL_MM,
          Math.max(HIGHEST_FIRST_LEVEL_MM, deepestMm - spanMm),
        ),
    ) / 10;

  const patientModel: PatientModel = {
    seed: String(options.seed),
    patientIndex: options.patientIndex,
    patientId: `PH${String(options.patientIndex + 1).padStart(4, '0')}`,
    sizeScale,
    skullSemiAxisLrMm,
    skullSemiAxisApMm,
    vertexToEquatorMm,
    shapeHarmonics,
    outerTableMm: rng.uniform(1.5, 2.5),
    diploeMm: rng.uniform(2.0, 4.5),
    innerTableMm: rng.uniform(1.0, 1.6),
    thicknessHarmonics: [
      rng.uniform(-0.1, 0.1),
      rng.uniform(-0.05, 0.05),
      rng.uniform(0.05, 0.2),
    ],
    scalpMm,
    temporalMuscleMm: rng.uniform(2, 6),
    subarachnoidMm,
    cortexMm: rng.uniform(2.5, 3.5),
    ventricleScale: rng.uniform(0.7, 1.0) + 0.3 * (subarachnoidMm - 0.6),
    sutureJitterDeg: [rng.normal(0, 4), rng.normal(0, 3), rng.normal(0, 4)],
    sutureWidthMm: rng.uniform(0.3, 0.6),
    hu: {
      outerTable: rng.uniform(1450, 1800),
      innerTable: rng.uniform(1400, 1750),
      diploe: rng.uniform(420, 580),
      greyMatter: rng.uniform(34, 40),
      whiteMatter: rng.uniform(25, 30),
      csf: rng.uniform(2, 10),
      skin: rng.uniform(30, 50),
      fat: rng.uniform(-110, -70),
      muscle: rng.uniform(40, 55),
      fractureFill: rng.uniform(40, 70),
      skullBase: rng.uniform(1100, 1500),
      headRestShell: rng.uniform(150, 350),
      headRestPad: rng.uniform(-850, -650),
    },
    noiseSdHu: rng.uniform(8, 16),
    tiltDeg,
    centreXMm,
    centreYMm,
    fieldOfViewMm,
    firstSliceLevelMm,
    sliceSpacingMm: options.sliceSpacingMm,
    sliceThicknessMm: options.sliceThicknessMm,
    headRestPadMm: rng.uniform(3, 8),
    headRestShellMm: rng.uniform(3, 5),
    textureKey: rng.nextUint32(),
    fracture: null,
    scalpHaematoma: null,
  };
  const fracture = sampleFracture(
    rng,
    options.fracture.kind,
    options.fracture.first,
    options.fracture.last,
    options.difficulty,
  );
  // A haematoma over most fractures, thinner when the fracture is subtle, and a bruise
  // without fracture in one patient out of five.
  const haemRng = createPrng(options.seed, 'haematoma', options.patientIndex);
  let scalpHaematoma: ScalpHaematoma | null = null;
  const last = options.slicesPerSeries - 1;
  if (fracture !== null && haemRng.chance(0.85)) {
    scalpHaematoma = {
      firstSlice: Math.max(0, fracture.firstSlice - haemRng.integer(0, 4)),
      lastSlice: Math.min(last, fracture.lastSlice + haemRng.integer(0, 4)),
      azimuthDeg: fracture.azimuthDeg + haemRng.normal(0, 5),
      thicknessMm: haemRng.uniform(
        lerp(3, 0.5, options.difficulty),
        lerp(8, 3, options.difficulty),
      ),
      halfLengthMm: haemRng.uniform(20, 40),
    };
  } else if (fracture === null && haemRng.chance(0.2)) {
    const first = haemRng.integer(0, last);
    scalpHaematoma = {
      firstSlice: first,
      lastSlice: Math.min(last, first + haemRng.integer(3, 30)),
      azimuthDeg: haemRng.uniform(0, 360),
      thicknessMm: haemRng.uniform(1, 6),
      halfLengthMm: haemRng.uniform(20, 40),
    };
  }
  return { ...patientModel, fracture, scalpHaematoma };
}
