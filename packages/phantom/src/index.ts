export { PhantomError } from './phantom-error.js';
export type { PhantomErrorCode } from './phantom-error.js';
export {
  DEFAULT_CLASS_MIX,
  FRACTURE_CLASSES,
  FRACTURE_CLASS_NAMES,
} from './fracture-class.js';
export type { ClassMix, FractureClass } from './fracture-class.js';
export type { DepressedFracture, Fracture, LinearFracture } from './fracture.js';
export type { PatientModel, ScalpHaematoma, TissueHu } from './patient.js';
export type { PhantomSeries, PhantomSlice } from './phantom-slice.js';
export type { SliceTruth } from './slice-truth.js';
export { TISSUE } from './render-slice.js';
export { generatePatient, patientModel, renderPatientSlice } from './generate-patient.js';
export type { GeneratePatientOptions, RenderOptions } from './generate-patient.js';
export { generateSlice } from './generate-slice.js';
export type { GenerateSliceOptions } from './generate-slice.js';
export { planFractures } from './plan-fractures.js';
export type { FracturePlan } from './plan-fractures.js';
export { renderPreview } from './render-preview.js';
export type { PreviewOptions } from './render-preview.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { generateCohort } from './generate-cohort.js';
export type { CohortOptions, CohortProgress, CohortSummary } from './generate-cohort.js';
export {
  encodeCtSlice,
  seriesIdentifiers,
  sopInstanceUid,
  RESCALE_INTERCEPT_HU,
} from './ct-file.js';
export type { SeriesIdentifiers } from './ct-file.js';
export { nameBasedUid, UID_ROOT, CT_IMAGE_STORAGE } from './uid.js';
