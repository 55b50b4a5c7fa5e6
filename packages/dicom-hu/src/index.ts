export type { Image2D } from './image.js';
export { DicomError } from './dicom-error.js';
export type { DicomErrorCode } from './dicom-error.js';
export { applyWindow, applyWindows } from './window.js';
export type { VoiLutFunction, WindowSpec } from './window.js';
export { WINDOW_PRESETS } from './window-presets.js';
export type { WindowPresetName } from './window-presets.js';
