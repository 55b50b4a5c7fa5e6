/**
 * The stable codes a {@link FeaturesError} carries. Callers branch on these, never on the
 * message text.
 */
export type FeaturesErrorCode =
  | 'FEATURES_INVALID_ARGUMENT'
  | 'FEATURES_UNKNOWN_BACKBONE'
  | 'FEATURES_WEIGHTS_UNAVAILABLE'
  | 'FEATURES_WEIGHTS_HASH_MISMATCH'
  | 'FEATURES_WEIGHTS_MISMATCH'
  | 'FEATURES_WEIGHTS_READ_FAILED'
  | 'FEATURES_ENGINE_UNAVAILABLE'
  | 'FEATURES_BACKEND_UNAVAILABLE'
  | 'FEATURES_INPUT_MISMATCH'
  | 'FEATURES_ABORTED'
  | 'FEATURES_FILE_FORMAT'
  | 'FEATURES_TRAINING_DATA'
  | 'FEATURES_ONNX_UNSUPPORTED_LAYER'
  | 'FEATURES_ONNX_RUNTIME_MISSING'
  | 'FEATURES_ONNX_RUNTIME_FAILED';

/**
 * The one error class of `@calvaria/features`. Its `code` is stable; its message names
 * the input, the value found and what the caller can do; a dependency's error is kept as
 * `cause`.
 */
export class FeaturesError extends Error {
  /** The stable machine-readable code. */
  readonly code: FeaturesErrorCode;

  /**
   * @param code - The stable code.
   * @param message - What went wrong, with the value found and what to do.
   * @param options - `cause`: the underlying error, when one was caught.
   */
  constructor(code: FeaturesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeaturesError';
    this.code = code;
  }
}
