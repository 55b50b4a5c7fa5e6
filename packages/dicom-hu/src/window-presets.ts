import type { WindowSpec } from './window.js';

/** The names of the built-in head CT display windows. */
export type WindowPresetName = 'brain' | 'subdural' | 'stroke' | 'bone';

/**
 * Typical head CT display windows, in Hounsfield units, with the standard `LINEAR`
 * function.
 *
 * - `brain`: centre 40, width 80 (Radiopaedia, "Windowing (CT)": brain W:80 L:40).
 * - `subdural`: centre 80, width 200 (within Radiopaedia's subdural range W:130-300
 *   L:50-100; the value most RSNA 2019 intracranial haemorrhage solutions used).
 * - `stroke`: centre 32, width 8 (Radiopaedia's narrow stroke window W:8 L:32).
 * - `bone`: centre 600, width 2800 (Radiopaedia's temporal bone window W:2800 L:600; the
 *   bone channel of the RSNA 2019 solutions).
 */
export const WINDOW_PRESETS: Readonly<Record<WindowPresetName, WindowSpec>> =
  Object.freeze({
    brain: Object.freeze({ center: 40, width: 80, fn: 'LINEAR' }),
    subdural: Object.freeze({ center: 80, width: 200, fn: 'LINEAR' }),
    stroke: Object.freeze({ center: 32, width: 8, fn: 'LINEAR' }),
    bone: Object.freeze({ center: 600, width: 2800, fn: 'LINEAR' }),
  });
