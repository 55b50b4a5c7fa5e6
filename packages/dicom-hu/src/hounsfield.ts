import { decodeFrame, decodeFrameSync } from './decode-frame.js';
import { DicomError } from './dicom-error.js';
import type { DicomFile } from './dicom-file.js';
import type { Image2D } from './image.js';

/** An image in Hounsfield units (or the modality's output units) from `toHounsfield`. */
export interface HounsfieldImage extends Image2D {
  /**
   * 1 where the stored value is padding (Pixel Padding Value, and Pixel Padding Range
   * Limit when present), else 0; `null` when the file declares no padding.
   */
  readonly paddingMask: Uint8Array | null;
  /** Whether the spacing came from Pixel Spacing (0028,0030); when false it is 1 mm. */
  readonly spacingFromFile: boolean;
}

/** Options of {@link toHounsfield}. */
export interface ToHounsfieldOptions {
  /** Set padding pixels to air, -1000 HU, after the modality transform. Default false. */
  readonly paddingToAir?: boolean;
}

/** Hounsfield units of air (the scale's definition, Hounsfield 1973). */
export const AIR_HU = -1000;

/**
 * The padding mask of PS3.3 C.7.5.1.1.2: stored values equal to Pixel Padding Value, or,
 * with Pixel Padding Range Limit, every value between the two inclusive.
 *
 * @param stored - stored values from `decodeFrame`
 * @param file - the file they came from
 * @returns 1 for padding, 0 otherwise; `null` when the file has no Pixel Padding Value
 */
export function paddingMaskOf(stored: Int32Array, file: DicomFile): Uint8Array | null {
  const value = file.pixelPaddingValue;
  if (value === undefined) return null;
  const limit = file.pixelPaddingRangeLimit ?? value;
  const low = Math.min(value, limit);
  const high = Math.max(value, limit);
  const mask = new Uint8Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i];
    mask[i] = v >= low && v <= high ? 1 : 0;
  }
  return mask;
}

/**
 * Applies the modality transform of DICOM PS3.3 section C.11.1 to stored values: the
 * Modality LUT Sequence when present (values below the first mapped value take the first
 * entry, above the last take the last), else `stored * RescaleSlope + RescaleIntercept`
 * (slope 1 and intercept 0 when absent), computed in double precision and rounded once to
 * float32.
 *
 * @param stored - stored values from `decodeFrame`
 * @param file - the file they came from
 * @returns the output units (HU for CT) as float32
 */
export function huFromStored(stored: Int32Array, file: DicomFile): Float32Array {
  const out = new Float32Array(stored.length);
  const lut = file.modalityLut;
  if (lut !== undefined) {
    const last = lut.data.length - 1;
    const first = lut.firstMapped;
    for (let i = 0; i < stored.length; i++) {
      const k = stored[i] - first;
      out[i] = lut.data[k < 0 ? 0 : k > last ? last : k];
    }
    return out;
  }
  const slope = file.rescaleSlope ?? 1;
  const intercept = file.rescaleIntercept ?? 0;
  if (slope === 1) {
    for (let i = 0; i < stored.length; i++) out[i] = stored[i] + intercept;
  } else {
    for (let i = 0; i < stored.length; i++) out[i] = stored[i] * slope + intercept;
  }
  return out;
}

function assemble(
  file: DicomFile,
  stored: Int32Array,
  options: ToHounsfieldOptions,
): HounsfieldImage {
  const pixels = huFromStored(stored, file);
  const paddingMask = paddingMaskOf(stored, file);
  if (options.paddingToAir === true && paddingMask !== null) {
    for (let i = 0; i < pixels.length; i++) if (paddingMask[i] === 1) pixels[i] = AIR_HU;
  }
  const spacing = file.pixelSpacingMm;
  const spacingFromFile = spacing !== undefined && spacing[0] > 0 && spacing[1] > 0;
  return {
    pixels,
    width: file.columns,
    height: file.rows,
    rowSpacingMm: spacingFromFile ? spacing[0] : 1,
    columnSpacingMm: spacingFromFile ? spacing[1] : 1,
    paddingMask,
    spacingFromFile,
  };
}

function checkOptions(options: ToHounsfieldOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      'toHounsfield options must be an object.',
    );
  }
}

/**
 * Decodes one frame and converts it to Hounsfield units (the modality transform of DICOM
 * PS3.3 C.11.1), reporting padding pixels (PS3.3 C.7.5.1.1.2) as a mask.
 *
 * @param file - a file from `readDicom`
 * @param frame - frame index, from 0; default 0
 * @param options - `paddingToAir` sets padding pixels to -1000 HU
 * @returns the image, with spacing from Pixel Spacing and the padding mask
 * @throws DicomError as `decodeFrame`
 */
export async function toHounsfield(
  file: DicomFile,
  frame = 0,
  options: ToHounsfieldOptions = {},
): Promise<HounsfieldImage> {
  checkOptions(options);
  return assemble(file, await decodeFrame(file, frame), options);
}

/**
 * Synchronous {@link toHounsfield} , for native and RLE data and for codecs already
 * loaded with `preloadCodecs`.
 *
 * @param file - a file from `readDicom`
 * @param frame - frame index, from 0; default 0
 * @param options - `paddingToAir` sets padding pixels to -1000 HU
 * @returns the image, with spacing from Pixel Spacing and the padding mask
 * @throws DicomError as `decodeFrameSync`
 */
export function toHounsfieldSync(
  file: DicomFile,
  frame = 0,
  options: ToHounsfieldOptions = {},
): HounsfieldImage {
  checkOptions(options);
  return assemble(file, decodeFrameSync(file, frame), options);
}
