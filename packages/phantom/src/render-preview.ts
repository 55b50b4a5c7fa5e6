import { applyWindow, type Image2D, type WindowSpec } from '@calvaria/dicom-hu';
import { PNG } from 'pngjs';
import { PhantomError } from './phantom-error.js';

/** Options of {@link renderPreview}. */
export interface PreviewOptions {
  /** Display window in HU; default the bone window, centre 600, width 2800. */
  readonly window?: WindowSpec;
}

/** The bone window used by default, centre 600 HU, width 2800 HU. */
const BONE_WINDOW: WindowSpec = { center: 600, width: 2800 };

/**
 * Renders a slice in HU as an 8-bit grey PNG in a display window (DICOM PS3.3 C.11.2.1.2,
 * through `applyWindow`), so that a person can look at what was generated.
 *
 * @param slice - the slice in HU (e.g. `generateSlice(...).image`)
 * @param options - the window (default bone: 600/2800)
 * @returns the PNG file's bytes
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` when the image's size does not match
 *   its pixels, or the window is invalid (the `DicomError` is kept as `cause`)
 */
export function renderPreview(slice: Image2D, options: PreviewOptions = {}): Uint8Array {
  const { width, height } = slice;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `renderPreview needs a positive integer width and height, got ${width}x${height}.`,
    );
  }
  if (slice.pixels.length !== width * height) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `renderPreview: ${width}x${height} needs ${width * height} pixels, got ` +
        `${slice.pixels.length}.`,
    );
  }
  let windowed: Image2D;
  try {
    windowed = applyWindow(slice, {
      ...(options.window ?? BONE_WINDOW),
      outputMin: 0,
      outputMax: 255,
    });
  } catch (error) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `renderPreview could not apply the window ${JSON.stringify(options.window)}: ` +
        `${(error as Error).message}`,
      { cause: error },
    );
  }
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(windowed.pixels[i]);
  png.data = grey;
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0 }));
}
