import type { Image2D } from '@calvaria/dicom-hu';
import { estimateTilt, type EstimateTiltOptions } from './estimate-tilt.js';
import { rotateImage, type RotateFill } from './rotate.js';

/** Options of {@link correctTilt}. */
export interface CorrectTiltOptions extends EstimateTiltOptions {
  /** The tilt to undo, in degrees; estimated with {@link estimateTilt} when absent. */
  readonly tiltDeg?: number;
  /** `constant` (the default, with `fillHu`) or `border` (repeat the edge). */
  readonly fill?: RotateFill;
  /** The value of pixels rotated in from outside, in HU; -1000 when absent. */
  readonly fillHu?: number;
  /** Enlarge the output so nothing is cut off; false (size kept) when absent. */
  readonly expand?: boolean;
}

/**
 * Rotates a slice so that the head's midline is vertical: by minus the tilt that
 * {@link estimateTilt} finds (or that the caller gives), about the image centre,
 * bilinear.
 *
 * @param image - a slice in Hounsfield units, square pixels
 * @param options - the tilt (or how to estimate it), the fill rule and whether to expand
 * @returns the rotated slice, same spacing
 * @throws PreprocessError as {@link estimateTilt} and {@link rotateImage}
 */
export function correctTilt(image: Image2D, options: CorrectTiltOptions = {}): Image2D {
  const tiltDeg = options.tiltDeg ?? estimateTilt(image, options).tiltDeg;
  return rotateImage(image, {
    angleDeg: -tiltDeg,
    fill: options.fill ?? 'constant',
    fillValue: options.fillHu ?? -1000,
    expand: options.expand ?? false,
  });
}
