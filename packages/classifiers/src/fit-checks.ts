import { ClassifierError } from './classifier-error.js';

/**
 * Throws when an abort signal has fired.
 * @param signal - signal from the caller, if any
 * @throws ClassifierError `ABORTED`
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new ClassifierError('ABORTED', 'The fit was aborted by its AbortSignal.', {
      cause: signal.reason,
    });
  }
}

/**
 * Requires at least two classes in the training labels.
 * @param classCount - number of distinct labels
 * @param model - model name for the message
 * @throws ClassifierError `SINGLE_CLASS`
 */
export function requireTwoClasses(classCount: number, model: string): void {
  if (classCount < 2) {
    throw new ClassifierError(
      'SINGLE_CLASS',
      `${model} needs at least two classes in y but found ${classCount}; check the labels or the split.`,
    );
  }
}

/**
 * Checks a numeric hyper-parameter.
 * @param name - parameter name
 * @param value - value
 * @param ok - whether the value is acceptable
 * @param rule - the rule in words
 * @throws ClassifierError `INVALID_PARAMETER`
 */
export function checkParameter(
  name: string,
  value: unknown,
  ok: boolean,
  rule: string,
): void {
  if (!ok) {
    throw new ClassifierError(
      'INVALID_PARAMETER',
      `${name} is ${String(value)}; it must be ${rule}.`,
    );
  }
}
