import { DicomError } from './dicom-error.js';
import type { Image2D } from './image.js';

/**
 * The VOI LUT functions of DICOM PS3.3 section C.11.2.1.2 (VOI LUT Function, 0028,1056).
 */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** A display window: centre and width in the units of the input image (HU for CT). */
export interface WindowSpec {
  /** Window Center (0028,1050), in input units (HU). */
  readonly center: number;
  /** Window Width (0028,1051), in input units (HU). */
  readonly width: number;
  /** VOI LUT function; `LINEAR` (the standard's default) when absent. */
  readonly fn?: VoiLutFunction;
  /** Output value for inputs at or below the lower edge; 0 when absent. */
  readonly outputMin?: number;
  /** Output value for inputs above the upper edge; 1 when absent. */
  readonly outputMax?: number;
}

function checkWindow(spec: WindowSpec): VoiLutFunction {
  const fn = spec.fn ?? 'LINEAR';
  if (fn !== 'LINEAR' && fn !== 'LINEAR_EXACT' && fn !== 'SIGMOID') {
    throw new DicomError(
      'DICOM_INVALID_WINDOW',
      `Unknown VOI LUT function '${String(fn)}'; use 'LINEAR', 'LINEAR_EXACT' or 'SIGMOID'.`,
    );
  }
  if (!Number.isFinite(spec.center)) {
    throw new DicomError(
      'DICOM_INVALID_WINDOW',
      `Window center must be a finite number, got ${spec.center}.`,
    );
  }
  const minWidth = fn === 'LINEAR' ? 1 : Number.MIN_VALUE;
  if (!Number.isFinite(spec.width) || spec.width < minWidth) {
    throw new DicomError(
      'DICOM_INVALID_WINDOW',
      `Window width ${spec.width} is not allowed for ${fn}: PS3.3 C.11.2.1.2 requires ` +
        (fn === 'LINEAR' ? 'width >= 1.' : 'width > 0.'),
    );
  }
  const outputMin = spec.outputMin ?? 0;
  const outputMax = spec.outputMax ?? 1;
  if (!Number.isFinite(outputMin) || !Number.isFinite(outputMax)) {
    throw new DicomError(
      'DICOM_INVALID_WINDOW',
      `Output range must be finite, got [${outputMin}, ${outputMax}].`,
    );
  }
  return fn;
}

/**
 * Applies a display window (VOI LUT function) to every pixel and returns a new image with
 * the same size and spacing.
 *
 * Implements DICOM PS3.3 section C.11.2.1.2 exactly, with `ymin`/`ymax` =
 * `outputMin`/`outputMax`:
 * - `LINEAR` (C.11.2.1.2.1): x <= c - 0.5 - (w - 1) / 2 gives ymin; x > c - 0.5 + (w - 1)
 *   / 2 gives ymax; otherwise y = ((x - (c - 0.5)) / (w - 1) + 0.5) * (ymax - ymin) +
 *   ymin. Requires w >= 1 (w = 1 is a threshold at c - 0.5).
 * - `LINEAR_EXACT` (C.11.2.1.3.2): x <= c - w / 2 gives ymin; x > c + w / 2 gives ymax;
 *   otherwise y = ((x - c) / w + 0.5) * (ymax - ymin) + ymin. Requires w > 0.
 * - `SIGMOID` (C.11.2.1.3.1): y = (ymax - ymin) / (1 + exp(-4 (x - c) / w)) + ymin.
 *   Requires w > 0.
 *
 * @param image - input image, usually Hounsfield units from `toHounsfield`
 * @param window - centre, width, function and output range (default [0, 1])
 * @returns a new image whose pixels lie in [outputMin, outputMax]
 * @throws DicomError `DICOM_INVALID_WINDOW` when the width is below the function's
 *   minimum, a value is not finite, or the function name is unknown
 */
export function applyWindow(image: Image2D, window: WindowSpec): Image2D {
  const fn = checkWindow(window);
  const { center: c, width: w } = window;
  const yMin = window.outputMin ?? 0;
  const yMax = window.outputMax ?? 1;
  const range = yMax - yMin;
  const input = image.pixels;
  const n = input.length;
  const out = new Float32Array(n);

  if (fn === 'LINEAR') {
    const lower = c - 0.5 - (w - 1) / 2;
    const upper = c - 0.5 + (w - 1) / 2;
    const shift = c - 0.5;
    for (let i = 0; i < n; i++) {
      const x = input[i];
      if (x <= lower) out[i] = yMin;
      else if (x > upper) out[i] = yMax;
      else out[i] = ((x - shift) / (w - 1) + 0.5) * range + yMin;
    }
  } else if (fn === 'LINEAR_EXACT') {
    const lower = c - w / 2;
    const upper = c + w / 2;
    for (let i = 0; i < n; i++) {
      const x = input[i];
      if (x <= lower) out[i] = yMin;
      else if (x > upper) out[i] = yMax;
      else out[i] = ((x - c) / w + 0.5) * range + yMin;
    }
  } else {
    for (let i = 0; i < n; i++) {
      out[i] = range / (1 + Math.exp((-4 * (input[i] - c)) / w)) + yMin;
    }
  }

  return {
    pixels: out,
    width: image.width,
    height: image.height,
    rowSpacingMm: image.rowSpacingMm,
    columnSpacingMm: image.columnSpacingMm,
  };
}

/**
 * Applies several display windows to one image, as a CNN's input channels are often made
 * (for example brain, subdural and bone windows as three channels).
 *
 * Returns one `Image2D` per window, in the order given, rather than an interleaved
 * buffer: `@calvaria/preprocess` interleaves them into its HWC `ChannelImage` after
 * resizing, and a list keeps the one shared image type.
 *
 * @param image - input image, usually Hounsfield units
 * @param windows - the windows, one per output channel; at least one
 * @returns one windowed image per window, same order
 * @throws DicomError `DICOM_INVALID_ARGUMENT` for an empty list; `DICOM_INVALID_WINDOW`
 *   as {@link applyWindow}
 */
export function applyWindows(image: Image2D, windows: readonly WindowSpec[]): Image2D[] {
  if (windows.length === 0) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      'applyWindows needs at least one window; pass e.g. [WINDOW_PRESETS.brain].',
    );
  }
  for (const w of windows) checkWindow(w);
  return windows.map((w) => applyWindow(image, w));
}
