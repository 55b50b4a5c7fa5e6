import { describe, expect, it } from 'vitest';

import {
  accuracyScore,
  classificationReport,
  confusionMatrix,
  f1Score,
  hammingScore,
  logLoss,
  precisionRecallFscoreSupport,
  rocAucScore,
  rocCurve,
} from '@calvaria/metrics';

import { formatPythonFixed } from '../src/format-python-float.js';

describe('input forms', () => {
  it('gives the same confusion matrix for plain arrays and typed arrays', () => {
    const yTrue = [2, 0, 2, 2, 0, 1];
    const yPred = [0, 0, 2, 2, 0, 2];
    // Expected matrix: scikit-learn's confusion_matrix docstring example.
    const expected = [
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ];
    expect(confusionMatrix(yTrue, yPred)).toEqual(expected);
    expect(confusionMatrix(Int32Array.from(yTrue), Float64Array.from(yPred))).toEqual(
      expected,
    );
  });

  it('reads a dense matrix object the same as rows of arrays', () => {
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
      [0.2, 0.2, 0.6],
      [0.5, 0.4, 0.1],
    ];
    const dense = { data: Float64Array.from(rows.flat()), rows: 4, columns: 3 };
    const yTrue = [0, 1, 2, 1];
    expect(logLoss(yTrue, dense)).toBe(logLoss(yTrue, rows));
    expect(rocAucScore(yTrue, dense, { multiClass: 'ovo' })).toBe(
      rocAucScore(yTrue, rows, { multiClass: 'ovo' }),
    );
  });

  it('treats one-hot rows as label-indicator targets (subset accuracy)', () => {
    const yTrue = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    const yPred = [
      [1, 0, 0],
      [0, 0, 1],
    ];
    expect(accuracyScore(yTrue, yPred)).toBe(0.5);
  });
});

describe('zero division (scikit-learn 1.3+ semantics)', () => {
  it('leaves NaN classes out of the macro average', () => {
    // Class 2 is never predicted and never true: precision, recall and F1 are 0/0 = NaN;
    // the macro average is then the mean of classes 0 and 1 only (hand-derived: 1 and 0.5).
    const result = precisionRecallFscoreSupport([0, 1, 1], [0, 1, 0], {
      labels: [0, 1, 2],
      average: 'macro',
      zeroDivision: NaN,
    });
    expect(result.recall).toBeCloseTo((1 + 0.5) / 2, 15);
  });

  it('falls back to the unweighted mean when every support is zero (weighted)', () => {
    // Column 2 has no true positive: weights sum to 0. scikit-learn 1.3+ returns the unweighted
    // mean of the F1 scores (here the single zero-division value 1); 1.2.1 returned 0.
    const yTrue = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    const yPred = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    expect(
      f1Score(yTrue, yPred, { labels: [2], average: 'weighted', zeroDivision: 1 }),
    ).toBe(1);
  });
});

describe('hammingScore', () => {
  it('counts a sample whose true and predicted sets are both empty as 1', () => {
    const yTrue = [
      [0, 0],
      [1, 1],
    ];
    const yPred = [
      [0, 0],
      [1, 0],
    ];
    expect(hammingScore(yTrue, yPred)).toBe((1 + 0.5) / 2);
  });
});

describe('rocCurve', () => {
  it('starts at threshold Infinity, as scikit-learn 1.3 and later', () => {
    const curve = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    // Expected values: scikit-learn's roc_curve docstring example (threshold 1.8 became inf).
    expect(Array.from(curve.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(curve.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });
});

describe('classificationReport', () => {
  it("prints scikit-learn's layout for string labels", () => {
    // Expected text: scikit-learn 1.2.1 classification_report on the same input.
    const text = classificationReport(['a', 'b', 'b'], ['a', 'b', 'a']).text;
    expect(text).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '           a       0.50      1.00      0.67         1',
        '           b       1.00      0.50      0.67         2',
        '',
        '    accuracy                           0.67         3',
        '   macro avg       0.75      0.75      0.67         3',
        'weighted avg       0.83      0.67      0.67         3',
        '',
      ].join('\n'),
    );
  });
});

describe('formatPythonFixed', () => {
  it("rounds exact binary ties to even, as Python's format does", () => {
    expect(formatPythonFixed(0.125, 2)).toBe('0.12');
    expect(formatPythonFixed(0.375, 2)).toBe('0.38');
    expect(formatPythonFixed(2.5, 0)).toBe('2');
    expect(formatPythonFixed(-0.125, 2)).toBe('-0.12');
  });

  it('rounds non-ties to nearest and prints nan for NaN', () => {
    expect(formatPythonFixed(0.1 + 0.2, 2)).toBe('0.30');
    expect(formatPythonFixed(2 / 3, 4)).toBe('0.6667');
    expect(formatPythonFixed(NaN, 2)).toBe('nan');
  });
});
