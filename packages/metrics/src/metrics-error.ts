/** Stable codes carried by every {@link MetricsError}. */
export type MetricsErrorCode =
  | 'METRICS_EMPTY_INPUT'
  | 'METRICS_LENGTH_MISMATCH'
  | 'METRICS_SHAPE_MISMATCH'
  | 'METRICS_NAN_INPUT'
  | 'METRICS_MIXED_TARGET_TYPES'
  | 'METRICS_UNSUPPORTED_TARGET'
  | 'METRICS_UNKNOWN_AVERAGE'
  | 'METRICS_INVALID_OPTION'
  | 'METRICS_UNKNOWN_LABEL'
  | 'METRICS_CLASS_MISSING'
  | 'METRICS_PROBABILITIES_NOT_NORMALIZED';

/**
 * The one error class of `@calvaria/metrics`: every failure carries a stable `code` that
 * callers can branch on, and a message that names the input, the value found and the fix.
 */
export class MetricsError extends Error {
  /** Stable machine-readable code; the message may change, the code does not. */
  readonly code: MetricsErrorCode;

  /**
   * Creates a metrics error.
   *
   * @param code - stable code naming the kind of failure
   * @param message - what was wrong, the value found, and what the caller can do
   * @param options - standard error options; `cause` keeps a wrapped error
   */
  constructor(code: MetricsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetricsError';
    this.code = code;
  }
}
