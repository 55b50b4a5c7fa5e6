import {
  applyWindow,
  WINDOW_PRESETS,
  type Image2D,
  type WindowPresetName,
  type WindowSpec,
} from '@calvaria/dicom-hu';
import type { ChannelImage } from './channel-image.js';
import { checkImage } from './check-image.js';
import { PreprocessError } from './preprocess-error.js';

/**
 * A display window: a preset name (`brain`, `subdural`, `stroke`, `bone`) or a full spec.
 */
export type WindowChoice = WindowPresetName | WindowSpec;

/** What the CNN's channels hold. */
export type ChannelSpec =
  /** One window, repeated `channels` times (3 when absent). */
  | { readonly kind: 'window'; readonly window: WindowChoice; readonly channels?: number }
  /** One channel per window, in order (for example brain, subdural, bone). */
  | { readonly kind: 'windows'; readonly windows: readonly WindowChoice[] }
  /**
   * Three channels: the previous slice, this slice and the next, all in one window. The
   * neighbours come from {@link toChannels}' `neighbours` argument.
   */
  | { readonly kind: 'slices'; readonly window: WindowChoice };

/** The neighbouring slices for the `slices` channel spec. */
export interface NeighbourSlices {
  /** The slice before (towards the feet or the head, as the series runs). */
  readonly previous: Image2D;
  /** The slice after. */
  readonly next: Image2D;
}

/**
 * Looks up a window preset or checks a full window spec.
 *
 * @param choice - a preset name or a spec
 * @returns the window spec
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` for an unknown preset name
 */
export function resolveWindow(choice: WindowChoice): WindowSpec {
  if (typeof choice === 'string') {
    const spec = (WINDOW_PRESETS as Record<string, WindowSpec | undefined>)[choice];
    if (spec === undefined) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_OPTION',
        `Unknown window preset '${choice}'; use one of ${Object.keys(WINDOW_PRESETS).join(', ')} ` +
          'or give { center, width } in HU.',
      );
    }
    return spec;
  }
  return choice;
}

/** Windows one image, wrapping a dicom-hu error so the cause is kept. */
function windowed(image: Image2D, window: WindowSpec): Float32Array {
  try {
    return applyWindow(image, window).pixels;
  } catch (error) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `toChannels: window { center: ${window.center}, width: ${window.width} } was refused: ` +
        `${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Makes the CNN's input from a preprocessed slice: display windows from
 * `@calvaria/dicom-hu`'s `applyWindow` (DICOM PS3.3 C.11.2.1.2, output [0, 1])
 * interleaved into height x width x channel order.
 *
 * @param image - the slice in Hounsfield units, at the network's input size
 * @param spec - one window repeated, several windows, or adjacent slices in one window
 * @param neighbours - the previous and next slices, required by the `slices` spec
 * @returns the channel image, values in [0, 1]
 * @throws PreprocessError `PREPROCESS_SIZE_MISMATCH` when a neighbour's size differs,
 *   `PREPROCESS_INVALID_OPTION` for a missing neighbour, an empty window list or a
 *   refused window, and the input checks' codes
 */
export function toChannels(
  image: Image2D,
  spec: ChannelSpec,
  neighbours?: NeighbourSlices,
): ChannelImage {
  checkImage(image, 'toChannels');
  let planes: Float32Array[];
  if (spec.kind === 'window') {
    const channels = spec.channels ?? 3;
    if (!Number.isInteger(channels) || channels < 1) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_OPTION',
        `toChannels: channels is ${channels}; give a whole number of at least 1.`,
      );
    }
    const plane = windowed(image, resolveWindow(spec.window));
    planes = Array.from({ length: channels }, () => plane);
  } else if (spec.kind === 'windows') {
    if (!Array.isArray(spec.windows) || spec.windows.length === 0) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_OPTION',
        "toChannels: 'windows' needs at least one window, e.g. ['brain', 'subdural', 'bone'].",
      );
    }
    planes = spec.windows.map((w) => windowed(image, resolveWindow(w)));
  } else if (spec.kind === 'slices') {
    if (neighbours === undefined) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_OPTION',
        "toChannels: the 'slices' spec needs the previous and next slices as its third argument.",
      );
    }
    for (const [name, other] of [
      ['previous', neighbours.previous],
      ['next', neighbours.next],
    ] as const) {
      checkImage(other, `toChannels (${name} slice)`);
      if (other.width !== image.width || other.height !== image.height) {
        throw new PreprocessError(
          'PREPROCESS_SIZE_MISMATCH',
          `toChannels: the ${name} slice is ${other.width}x${other.height} but this slice is ` +
            `${image.width}x${image.height}; preprocess all three with the same steps.`,
        );
      }
    }
    const window = resolveWindow(spec.window);
    planes = [neighbours.previous, image, neighbours.next].map((s) =>
      windowed(s, window),
    );
  } else {
    throw new PreprocessError(
      'PREPROCESS_INVALID_OPTION',
      `toChannels: unknown spec kind '${String((spec as { kind: unknown }).kind)}'; use ` +
        "'window', 'windows' or 'slices'.",
    );
  }

  const channels = planes.length;
  const n = image.width * image.height;
  const data = new Float32Array(n * channels);
  for (let c = 0; c < channels; c++) {
    const plane = planes[c];
    for (let i = 0; i < n; i++) data[i * channels + c] = plane[i];
  }
  return { data, width: image.width, height: image.height, channels };
}
