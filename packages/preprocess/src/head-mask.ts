import type { Image2D } from '@calvaria/dicom-hu';
import { maskArea, type BinaryMask } from './binary-mask.js';
import { checkImage, checkNumber } from './check-image.js';
import { fillHoles, largestComponent, morph } from './morphology.js';
import { PreprocessError } from './preprocess-error.js';

/** Options of {@link headMask}. */
export interface HeadMaskOptions {
  /** Pixels above this are body; -500 HU (between air and fat) when absent. */
  readonly thresholdHu?: number;
  /**
   * Radius of the opening that cuts thin bridges (head rest pads, table) before the
   * largest component is chosen, in millimetres; 2 mm when absent, 0 to skip.
   */
  readonly openingRadiusMm?: number;
  /**
   * Smallest head cross-section accepted, in square millimetres; 1,000 mm^2 when absent.
   */
  readonly minAreaMm2?: number;
}

/**
 * Finds the head in a CT slice: pixels above a threshold in HU, opened with a small
 * rectangle so that thin bridges to the head rest and table break, the largest
 * 4-connected component kept, restored to its unopened outline (dilated by the same
 * rectangle and intersected with the threshold mask), and its holes filled (sinuses,
 * airways).
 *
 * @param image - a slice in Hounsfield units
 * @param options - threshold, opening radius and smallest area
 * @returns the head as a mask on the image's grid
 * @throws PreprocessError `PREPROCESS_NO_HEAD` when nothing above the threshold is at
 *   least `minAreaMm2` large (an all-air slice), and the input checks' codes
 */
export function headMask(image: Image2D, options: HeadMaskOptions = {}): BinaryMask {
  checkImage(image, 'headMask');
  const thresholdHu = options.thresholdHu ?? -500;
  const openingRadiusMm = options.openingRadiusMm ?? 2;
  const minAreaMm2 = options.minAreaMm2 ?? 1000;
  checkNumber(thresholdHu, 'thresholdHu');
  checkNumber(openingRadiusMm, 'openingRadiusMm', 0);
  checkNumber(minAreaMm2, 'minAreaMm2', 0);
  const { width, height, pixels } = image;

  const body = new Uint8Array(width * height);
  for (let i = 0; i < body.length; i++) body[i] = pixels[i] > thresholdHu ? 1 : 0;
  const bodyMask: BinaryMask = { data: body, width, height };
  const rx = openingRadiusMm / image.columnSpacingMm;
  const ry = openingRadiusMm / image.rowSpacingMm;
  let head: BinaryMask;
  if (rx >= 1 || ry >= 1) {
    const opened = morph(morph(bodyMask, rx, ry, false), rx, ry, true);
    const core = largestComponent(opened);
    const grown = morph(core, rx, ry, true);
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = grown.data[i] & body[i];
    head = largestComponent({ data, width, height });
  } else {
    head = largestComponent(bodyMask);
  }
  head = fillHoles(head);

  const areaMm2 = maskArea(head) * image.rowSpacingMm * image.columnSpacingMm;
  if (areaMm2 < minAreaMm2 || areaMm2 === 0) {
    throw new PreprocessError(
      'PREPROCESS_NO_HEAD',
      `headMask: the largest region above ${thresholdHu} HU is ${areaMm2.toFixed(1)} mm^2, ` +
        `below the ${minAreaMm2} mm^2 a head needs; the slice looks like air. Skip it, or ` +
        'lower minAreaMm2 for a small field of view.',
    );
  }
  return head;
}
