import { describe, expect, it } from 'vitest';

import {
  accuracyScore,
  confusionMatrix,
  f1Score,
  logLoss,
  MetricsError,
  precisionScore,
  rocAucScore,
  rocCurve,
  type MetricsErrorCode,
} from '@calvaria/metrics';

function codeOf(run: () => unknown): MetricsErrorCode | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricsError);
    return (error as MetricsError).code;
  }
  return undefined;
}

describe('MetricsError codes', () => {
  it('reports METRICS_LENGTH_MISMATCH when yTrue and yPred differ in length', () => {
    expect(codeOf(() => accuracyScore([0, 1, 2], [0, 1]))).toBe(
      'METRICS_LENGTH_MISMATCH',
    );
    expect(codeOf(() => logLoss([0, 1], [0.2, 0.3, 0.4]))).toBe(
      'METRICS_LENGTH_MISMATCH',
    );
  });

  it('reports METRICS_EMPTY_INPUT for zero samples', () => {
    expect(codeOf(() => accuracyScore([], []))).toBe('METRICS_EMPTY_INPUT');
  });

  it('reports METRICS_UNKNOWN_AVERAGE for an average scikit-learn does not know', () => {
    const average = 'geometric' as unknown as 'macro';
    expect(codeOf(() => f1Score([0, 1, 2], [0, 2, 1], { average }))).toBe(
      'METRICS_UNKNOWN_AVERAGE',
    );
  });

  it("reports METRICS_UNSUPPORTED_TARGET for average 'binary' on multiclass targets", () => {
    expect(codeOf(() => precisionScore([0, 1, 2], [0, 2, 1]))).toBe(
      'METRICS_UNSUPPORTED_TARGET',
    );
  });

  it('reports METRICS_PROBABILITIES_NOT_NORMALIZED for multiclass AUC rows not summing to 1', () => {
    const scores = [
      [0.5, 0.3, 0.3],
      [0.2, 0.5, 0.3],
      [0.1, 0.2, 0.7],
    ];
    expect(codeOf(() => rocAucScore([0, 1, 2], scores, { multiClass: 'ovr' }))).toBe(
      'METRICS_PROBABILITIES_NOT_NORMALIZED',
    );
  });

  it('reports METRICS_CLASS_MISSING for AUC when yTrue holds one class only', () => {
    expect(codeOf(() => rocAucScore([1, 1, 1], [0.2, 0.4, 0.9]))).toBe(
      'METRICS_CLASS_MISSING',
    );
    const scores = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.7, 0.2, 0.1],
    ];
    expect(
      codeOf(() =>
        rocAucScore([0, 1, 0], scores, { multiClass: 'ovr', labels: [0, 1, 2] }),
      ),
    ).toBe('METRICS_CLASS_MISSING');
  });

  it('reports METRICS_NAN_INPUT for NaN labels or scores', () => {
    expect(codeOf(() => accuracyScore([0, NaN], [0, 1]))).toBe('METRICS_NAN_INPUT');
    expect(codeOf(() => rocAucScore([0, 1], [0.1, NaN]))).toBe('METRICS_NAN_INPUT');
    expect(codeOf(() => logLoss([0, 1], [0.1, NaN]))).toBe('METRICS_NAN_INPUT');
  });

  it('reports METRICS_MIXED_TARGET_TYPES for numbers mixed with strings', () => {
    expect(codeOf(() => accuracyScore(['a', 'b'], [0, 1]))).toBe(
      'METRICS_MIXED_TARGET_TYPES',
    );
    expect(codeOf(() => accuracyScore([[0, 1]], [1]))).toBe('METRICS_MIXED_TARGET_TYPES');
  });

  it('reports METRICS_UNSUPPORTED_TARGET for continuous values used as labels', () => {
    expect(codeOf(() => accuracyScore([0.5, 1], [0, 1]))).toBe(
      'METRICS_UNSUPPORTED_TARGET',
    );
  });

  it('reports METRICS_INVALID_OPTION for a zeroDivision other than 0, 1 or NaN', () => {
    expect(codeOf(() => f1Score([0, 1], [0, 1], { zeroDivision: 0.5 }))).toBe(
      'METRICS_INVALID_OPTION',
    );
  });

  it('reports METRICS_INVALID_OPTION for multiclass AUC without a multiClass strategy', () => {
    const scores = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.2, 0.7],
    ];
    expect(codeOf(() => rocAucScore([0, 1, 2], scores))).toBe('METRICS_INVALID_OPTION');
  });

  it('reports METRICS_INVALID_OPTION for string labels in rocCurve without posLabel', () => {
    expect(codeOf(() => rocCurve(['a', 'b'], [0.1, 0.9]))).toBe('METRICS_INVALID_OPTION');
  });

  it('reports METRICS_UNKNOWN_LABEL when no requested label occurs in yTrue', () => {
    expect(codeOf(() => confusionMatrix([0, 1], [0, 1], { labels: [5] }))).toBe(
      'METRICS_UNKNOWN_LABEL',
    );
  });

  it('reports METRICS_SHAPE_MISMATCH when score columns and classes disagree', () => {
    expect(
      codeOf(() =>
        logLoss(
          [0, 1, 2],
          [
            [0.5, 0.5],
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        ),
      ),
    ).toBe('METRICS_SHAPE_MISMATCH');
  });

  it('writes messages that name the input and the value found', () => {
    expect(() => accuracyScore([0, 1, 2], [0, 1])).toThrow(
      /yTrue has 3 samples but yPred has 2/,
    );
  });
});
