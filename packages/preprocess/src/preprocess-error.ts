/** The stable codes that a {@link PreprocessError} carries. */
export type PreprocessErrorCode =
  | 'PREPROCESS_EMPTY_IMAGE'
  | 'PREPROCESS_NO_HEAD'
  | 'PREPROCESS_NAN_PIXELS'
  | 'PREPROCESS_INVALID_SPACING'
  | 'PREPROCESS_SIZE_MISMATCH'
  | 'PREPROCESS_INVALID_OPTION'
  | 'PREPROCESS_INVALID_PIPELINE'
  | 'PREPROCESS_WORKER_FAILED';

/**
 * The one error class of `@calvaria/preprocess`: every bad input gives one of these with
 * a stable `code`, never a silently wrong image.
 */
export class PreprocessError extends Error {
  /** A stable machine-readable code; see {@link PreprocessErrorCode}. */
  readonly code: PreprocessErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code - the stable code
   * @param message - what was wrong, the value found, and what the caller can do
   * @param options - `cause`, when wrapping another error
   */
  constructor(code: PreprocessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreprocessError';
    this.code = code;
  }
}
