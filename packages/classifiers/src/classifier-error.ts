/**
 * Stable codes carried by {@link ClassifierError}; callers may switch on them.
 */
export type ClassifierErrorCode =
  | 'NON_FINITE_FEATURE'
  | 'SINGLE_CLASS'
  | 'UNSEEN_LABEL'
  | 'MISMATCHED_LENGTHS'
  | 'CORRUPT_MODEL'
  | 'INVALID_PARAMETER'
  | 'NOT_FITTED'
  | 'ABORTED'
  | 'WORKER_FAILED';

/**
 * The one error class of `@calvaria/classifiers`; `code` is stable across versions.
 */
export class ClassifierError extends Error {
  /** Stable machine-readable code. */
  readonly code: ClassifierErrorCode;

  /**
   * Creates an error with a stable code.
   * @param code - stable code naming the failure
   * @param message - what was found and what the caller can do
   * @param options - `cause` when wrapping an underlying error
   */
  constructor(code: ClassifierErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClassifierError';
    this.code = code;
  }
}
