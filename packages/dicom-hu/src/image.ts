/**
 * A single-channel 2-D image over a `Float32Array`: the one image shape that every
 * calvaria package passes along (Hounsfield units after `toHounsfield`, [0, 1] after
 * windowing).
 *
 * Pixels are row-major: the value at column `x`, row `y` is `pixels[y * width + x]`, with
 * row 0 at the top of the image as DICOM stores it. Spacing follows DICOM Pixel Spacing
 * (0028,0030), whose first value is the distance between rows and whose second is the
 * distance between columns (PS3.3 section 10.7.1.3).
 */
export interface Image2D {
  /** Pixel values, row-major, `width * height` long. */
  readonly pixels: Float32Array;
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
  /** Distance between the centres of adjacent rows (the y step), in millimetres. */
  readonly rowSpacingMm: number;
  /** Distance between the centres of adjacent columns (the x step), in millimetres. */
  readonly columnSpacingMm: number;
}
