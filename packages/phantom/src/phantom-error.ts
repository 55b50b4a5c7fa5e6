/**
 * The stable codes that a {@link PhantomError} carries. Callers branch on these, never on
 * the message text, which may be reworded.
 *
 * - `PHANTOM_INVALID_ARGUMENT`: an option is out of range (negative count, bad class
 *   mix...).
 * - `PHANTOM_WRITE_FAILED`: the output folder or a file in it could not be written.
 * - `PHANTOM_ENCODE_FAILED`: a DICOM attribute value could not be encoded (too long, bad
 *   VR).
 */
export type PhantomErrorCode =
  'PHANTOM_INVALID_ARGUMENT' | 'PHANTOM_WRITE_FAILED' | 'PHANTOM_ENCODE_FAILED';

/**
 * The one error class of `@calvaria/phantom`. Every failure of this package, including
 * those of the file system it wraps (kept as `cause`), is thrown as a `PhantomError`.
 */
export class PhantomError extends Error {
  /** Stable machine-readable code; see {@link PhantomErrorCode}. */
  readonly code: PhantomErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code - the stable code callers branch on
   * @param message - what was wrong, the value found, and what the caller can do
   * @param options - `cause`: the underlying error, when wrapping one
   */
  constructor(code: PhantomErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhantomError';
    this.code = code;
  }
}
