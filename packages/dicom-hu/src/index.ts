export type { Image2D } from './image.js';
export { DicomError } from './dicom-error.js';
export type { DicomErrorCode } from './dicom-error.js';
export { applyWindow, applyWindows } from './window.js';
export type { VoiLutFunction, WindowSpec } from './window.js';
export { WINDOW_PRESETS } from './window-presets.js';
export type { WindowPresetName } from './window-presets.js';
export { SUPPORTED_TRANSFER_SYNTAXES, transferSyntaxInfo } from './transfer-syntax.js';
export type { PixelEncoding, TransferSyntaxInfo } from './transfer-syntax.js';
export type {
  DicomAttributes,
  DicomFile,
  FrameAccessor,
  ModalityLut,
} from './dicom-file.js';
export { DEFAULT_MAX_PIXELS, readDicom } from './read-dicom.js';
export type { ReadDicomOptions } from './read-dicom.js';
export { encodedFrame } from './encoded-frame.js';
export { decodeFrame, decodeFrameSync, preloadCodecs } from './decode-frame.js';
export {
  AIR_HU,
  huFromStored,
  paddingMaskOf,
  toHounsfield,
  toHounsfieldSync,
} from './hounsfield.js';
export type { HounsfieldImage, ToHounsfieldOptions } from './hounsfield.js';
export { scanFolder } from './scan-folder.js';
export type {
  ScanFolderOptions,
  ScanProgress,
  ScanResult,
  SkippedFile,
} from './scan-folder.js';
export { selectSeries } from './select-series.js';
export type { SelectSeriesOptions, SeriesSelection } from './select-series.js';
export type {
  PatientSummary,
  SeriesSummary,
  SliceDuplicate,
  SliceEntry,
  SliceGap,
  StudySummary,
} from './series-summary.js';
export { configureJpeg2000, jpeg2000Decoder } from './jpeg2000-decoder.js';
export type { Jpeg2000DecoderKind, Jpeg2000Options } from './jpeg2000-options.js';
export type { Jpeg2000DecoderInfo } from './codecs.js';
