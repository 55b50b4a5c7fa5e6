/**
 * The stable codes that a {@link DicomError} carries. Callers branch on these, never on
 * the message text, which may be reworded.
 *
 * - `DICOM_INVALID_ARGUMENT`: an argument of a calvaria function is out of range.
 * - `DICOM_INVALID_WINDOW`: a window centre or width that the chosen VOI LUT function
 *   cannot use.
 * - `DICOM_READ_FAILED`: the file or folder could not be read from disk.
 * - `DICOM_NOT_DICOM`: the bytes are not a DICOM Part 10 file or a bare data set.
 * - `DICOM_PARSE_FAILED`: the data set is truncated or malformed (length fields, tags).
 * - `DICOM_MISSING_ATTRIBUTE`: an attribute needed for the pixels (Rows, Columns...) is
 *   absent.
 * - `DICOM_INVALID_ATTRIBUTE`: an attribute holds a value the standard does not allow.
 * - `DICOM_NO_PIXEL_DATA`: the data set has no Pixel Data (7FE0,0010).
 * - `DICOM_IMAGE_TOO_LARGE`: the declared image exceeds the caller's `maxPixels` limit.
 * - `DICOM_FRAME_OUT_OF_RANGE`: a frame index outside `[0, numberOfFrames)`.
 * - `DICOM_UNSUPPORTED_TRANSFER_SYNTAX`: no exact decoder exists here for the transfer
 *   syntax.
 * - `DICOM_UNSUPPORTED_PIXEL_FORMAT`: the pixel layout (colour, bit depth) is not
 *   supported.
 * - `DICOM_DECODE_FAILED`: the compressed pixel data could not be decoded, or decoded to
 *   a different size than the attributes declare.
 * - `DICOM_CODEC_NOT_LOADED`: a synchronous decode needs a codec that `preloadCodecs` has
 *   not loaded yet.
 */
export type DicomErrorCode =
  | 'DICOM_INVALID_ARGUMENT'
  | 'DICOM_INVALID_WINDOW'
  | 'DICOM_READ_FAILED'
  | 'DICOM_NOT_DICOM'
  | 'DICOM_PARSE_FAILED'
  | 'DICOM_MISSING_ATTRIBUTE'
  | 'DICOM_INVALID_ATTRIBUTE'
  | 'DICOM_NO_PIXEL_DATA'
  | 'DICOM_IMAGE_TOO_LARGE'
  | 'DICOM_FRAME_OUT_OF_RANGE'
  | 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX'
  | 'DICOM_UNSUPPORTED_PIXEL_FORMAT'
  | 'DICOM_DECODE_FAILED'
  | 'DICOM_CODEC_NOT_LOADED';

/**
 * The one error class of `@calvaria/dicom-hu`. Every failure of this package, including
 * those of the parser and codecs it wraps (kept as `cause`), is thrown as a `DicomError`.
 */
export class DicomError extends Error {
  /** Stable machine-readable code; see {@link DicomErrorCode}. */
  readonly code: DicomErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code - the stable code callers branch on
   * @param message - what was wrong, the value found, and what the caller can do
   * @param options - `cause`: the underlying error, when wrapping one
   */
  constructor(code: DicomErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DicomError';
    this.code = code;
  }
}
