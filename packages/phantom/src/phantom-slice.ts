import type { Image2D } from '@calvaria/dicom-hu';
import type { FractureClass } from './fracture-class.js';
import type { PatientModel } from './patient.js';
import type { SliceTruth } from './slice-truth.js';

/** One generated slice: the image in HU, its label and its ground truth. */
export interface PhantomSlice {
  /**
   * The slice in Hounsfield units, integers in [-1024, 3071] (exactly what a DICOM reader
   * gets back from the written file with the rescale intercept -1024 and slope 1).
   */
  readonly image: Image2D;
  /** The slice's label. */
  readonly label: FractureClass;
  /** Ground truth: level, head pose, sutures, fracture position. */
  readonly truth: SliceTruth;
  /**
   * Dominant tissue per pixel (codes of `TISSUE`), present when asked for with
   * `includeTissueMap`.
   */
  readonly tissue?: Uint8Array;
}

/** One generated patient: the model that drew it and its slices, superior first. */
export interface PhantomSeries {
  /** Everything that describes the patient and the acquisition. */
  readonly patient: PatientModel;
  /** The slices, index 0 most superior. */
  readonly slices: readonly PhantomSlice[];
}
