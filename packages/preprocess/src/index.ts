export type { ChannelImage } from './channel-image.js';
export { PreprocessError } from './preprocess-error.js';
export type { PreprocessErrorCode } from './preprocess-error.js';
export { estimateNoiseSigma } from './estimate-noise.js';
export { gaussianFilter } from './gaussian-filter.js';
export type { GaussianFilterOptions } from './gaussian-filter.js';
export { medianFilter } from './median-filter.js';
export type { MedianFilterOptions } from './median-filter.js';
export { bilateralFilter } from './bilateral-filter.js';
export type { BilateralFilterOptions } from './bilateral-filter.js';
export { nonLocalMeans } from './non-local-means.js';
export type { NonLocalMeansOptions } from './non-local-means.js';
export { denoise } from './denoise.js';
export type { DenoiseOptions } from './denoise.js';
export { maskArea, maskBox } from './binary-mask.js';
export type { BinaryMask, PixelBox } from './binary-mask.js';
export { headMask } from './head-mask.js';
export type { HeadMaskOptions } from './head-mask.js';
export { skullMask } from './skull-mask.js';
export type { SkullMaskOptions } from './skull-mask.js';
export { rotateImage } from './rotate.js';
export type { RotateFill, RotateOptions } from './rotate.js';
export { estimateTilt } from './estimate-tilt.js';
export type { EstimateTiltOptions, TiltEstimate, TiltMethod } from './estimate-tilt.js';
export { correctTilt } from './correct-tilt.js';
export type { CorrectTiltOptions } from './correct-tilt.js';
export { cropImage, cropToHead, findHeadBox, maskOutsideHead } from './crop-to-head.js';
export type { CropToHeadOptions } from './crop-to-head.js';
export { padToSquare } from './pad-to-square.js';
export type { PadToSquareOptions } from './pad-to-square.js';
export { resize } from './resize.js';
export type { ResizeMethod, ResizeOptions } from './resize.js';
export { resolveWindow, toChannels } from './to-channels.js';
export type { ChannelSpec, NeighbourSlices, WindowChoice } from './to-channels.js';
export { createPipeline, DEFAULT_STEPS, pipelineFromJson } from './pipeline.js';
export type {
  Pipeline,
  PipelineJson,
  PipelineResult,
  PipelineStep,
  StepRecord,
} from './pipeline.js';
export { preprocessMany } from './preprocess-many.js';
export type { PreprocessManyOptions } from './preprocess-many.js';
