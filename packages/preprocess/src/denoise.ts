import type { Image2D } from '@calvaria/dicom-hu';
import { bilateralFilter } from './bilateral-filter.js';
import { estimateNoiseSigma } from './estimate-noise.js';
import { gaussianFilter } from './gaussian-filter.js';
import { medianFilter } from './median-filter.js';
import { nonLocalMeans } from './non-local-means.js';
import { PreprocessError } from './preprocess-error.js';

/** How {@link denoise} removes noise, with each method's parameters. */
export type DenoiseOptions =
  | { readonly method: 'gaussian'; readonly sigmaMm: number; readonly truncate?: number }
  | { readonly method: 'median'; readonly radiusMm: number }
  | {
      readonly method: 'bilateral';
      readonly sigmaSpatialMm: number;
      readonly sigmaRange: number;
    }
  | {
      readonly method: 'nlMeans';
      /**
       * Strength in image units; `0.8 * sigma` (scikit-image's advice for fast mode) when
       * absent.
       */
      readonly h?: number;
      /**
       * Noise sigma in image units; {@link estimateNoiseSigma} of the image when absent.
       */
      readonly sigma?: number;
      readonly patchRadiusPx?: number;
      readonly searchRadiusPx?: number;
    };

/**
 * Removes noise from an image with one of four filters: Gaussian, median, bilateral or
 * non-local means (fast patch-distance variant); widths are in millimetres, intensities
 * in the image's units.
 *
 * @param image - the input image (HU for CT)
 * @param options - the method and its parameters
 * @returns a new image of the same size and spacing
 * @throws PreprocessError `PREPROCESS_INVALID_OPTION` for an unknown method or bad
 *   parameter, and the input checks' codes for a malformed image
 */
export function denoise(image: Image2D, options: DenoiseOptions): Image2D {
  switch (options.method) {
    case 'gaussian':
      return gaussianFilter(image, options);
    case 'median':
      return medianFilter(image, options);
    case 'bilateral':
      return bilateralFilter(image, options);
    case 'nlMeans': {
      const sigma = options.sigma ?? estimateNoiseSigma(image);
      const h = options.h ?? Math.max(0.8 * sigma, Number.MIN_VALUE);
      return nonLocalMeans(image, { ...options, h, sigma });
    }
    default:
      throw new PreprocessError(
        'PREPROCESS_INVALID_OPTION',
        `denoise: unknown method '${String((options as { method: unknown }).method)}'; use ` +
          "'gaussian', 'median', 'bilateral' or 'nlMeans'.",
      );
  }
}
