import { encodeTargets } from './encode-targets.js';
import { formatPythonFixed } from './format-python-float.js';
import { MetricsError } from './metrics-error.js';
import { computePrecisionRecallFscore } from './precision-recall-fscore-support.js';
import type {
  AveragedPrecisionRecallFscore,
  PerLabelPrecisionRecallFscore,
} from './precision-recall-fscore-support.js';
import type { Label, Targets, ZeroDivision } from './types.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Labels to report, in this order. Default: every label in either input, sorted. */
  labels?: readonly Label[];
  /** Display names of the labels, in the same order. Default: the labels as text. */
  targetNames?: readonly string[];
  /** Digits after the decimal point in the text. @defaultValue 2 */
  digits?: number;
  /** Value where a ratio is 0/0: 0, 1 or NaN. @defaultValue 0 */
  zeroDivision?: ZeroDivision;
}

/** One line of the report. */
export interface ClassificationReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly f1Score: number;
  /** Number of true samples of the label (or of all labels, on average lines). */
  readonly support: number;
}

/** The report as numbers, and as the text scikit-learn prints. */
export interface ClassificationReport {
  /** One row per label, keyed by target name, in report order. */
  readonly byLabel: Record<string, ClassificationReportRow>;
  /**
   * Accuracy, present when the micro average equals accuracy (single-label targets
   * reporting every present label); otherwise `averages` holds a `'micro avg'` row
   * instead.
   */
  readonly accuracy?: number;
  /**
   * `'micro avg'` (when not accuracy), `'macro avg'`, `'weighted avg'`, `'samples avg'`.
   */
  readonly averages: Record<string, ClassificationReportRow>;
  /** The report laid out exactly as scikit-learn's `classification_report` prints it. */
  readonly text: string;
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/**
 * Builds a text report and an object of precision, recall, F1 and support per label with
 * micro (or accuracy), macro, weighted and, for indicator input, samples averages, as
 * scikit-learn's `classification_report` (its text layout, character for character).
 *
 * @param yTrue - true labels, or a label-indicator matrix
 * @param yPred - predicted labels, or a label-indicator matrix
 * @param options - `labels`, `targetNames`, `digits`, `zeroDivision`
 * @returns the report object with its `text`
 * @throws {@link MetricsError} on mismatched inputs, or `targetNames` of the wrong length
 */
export function classificationReport(
  yTrue: Targets,
  yPred: Targets,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new MetricsError('METRICS_INVALID_OPTION', `digits is ${digits}; use 0 to 20.`);
  }
  const targets = encodeTargets(yTrue, yPred);
  const labels = options.labels ?? targets.classes;
  const labelsGiven = options.labels !== undefined;
  const sameAsPresent =
    new Set(labels).size === targets.classes.length &&
    targets.classes.every((label) => labels.includes(label));
  const microIsAccuracy =
    targets.kind !== 'multilabel' && (!labelsGiven || sameAsPresent);
  if (options.targetNames !== undefined && options.targetNames.length !== labels.length) {
    throw new MetricsError(
      'METRICS_SHAPE_MISMATCH',
      `targetNames has ${options.targetNames.length} names for ${labels.length} labels; give ` +
        'one name per label.',
    );
  }
  const names = options.targetNames ?? labels.map((label) => String(label));

  const base = { labels, zeroDivision: options.zeroDivision };
  const perLabel = computePrecisionRecallFscore(
    yTrue,
    yPred,
    { ...base, average: null },
    null,
  ) as PerLabelPrecisionRecallFscore;
  const totalSupport = perLabel.support.reduce((a, b) => a + b, 0);
  const byLabel: Record<string, ClassificationReportRow> = {};
  names.forEach((name, i) => {
    byLabel[name] = {
      precision: perLabel.precision[i],
      recall: perLabel.recall[i],
      f1Score: perLabel.fScore[i],
      support: perLabel.support[i],
    };
  });

  // scikit-learn counts with floats when no sample at all is predicted correctly (the
  // "pathological case" of its multilabel_confusion_matrix), so supports print as "3.0".
  const noCorrect =
    targets.kind !== 'multilabel' &&
    targets.trueCodes.every((t, i) => t !== targets.predCodes[i]);
  const supportText = (support: number): string =>
    padStart(noCorrect ? `${support}.0` : String(support), 9);

  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const width = Math.max(...names.map((n) => n.length), 'weighted avg'.length, digits);
  const fixed = (v: number): string => padStart(formatPythonFixed(v, digits), 9);
  const line = (name: string, row: ClassificationReportRow): string =>
    `${padStart(name, width)}  ${fixed(row.precision)} ${fixed(row.recall)} ` +
    `${fixed(row.f1Score)} ${supportText(row.support)}\n`;
  let text =
    `${padStart('', width)} ` + headers.map((h) => ` ${padStart(h, 9)}`).join('');
  text += '\n\n';
  names.forEach((name) => {
    text += line(name, byLabel[name]);
  });
  text += '\n';

  const averages: Record<string, ClassificationReportRow> = {};
  let accuracy: number | undefined;
  const kinds = ['micro', 'macro', 'weighted'] as const;
  const all = targets.kind === 'multilabel' ? [...kinds, 'samples' as const] : kinds;
  for (const average of all) {
    const scores = computePrecisionRecallFscore(
      yTrue,
      yPred,
      { ...base, average },
      average,
    ) as AveragedPrecisionRecallFscore;
    const row = {
      precision: scores.precision,
      recall: scores.recall,
      f1Score: scores.fScore,
      support: totalSupport,
    };
    if (average === 'micro' && microIsAccuracy) {
      accuracy = row.f1Score;
      text +=
        `${padStart('accuracy', width)}  ${padStart('', 9)} ${padStart('', 9)} ` +
        `${fixed(row.f1Score)} ${supportText(totalSupport)}\n`;
    } else {
      averages[`${average} avg`] = row;
      text += line(`${average} avg`, row);
    }
  }

  return accuracy === undefined
    ? { byLabel, averages, text }
    : { byLabel, accuracy, averages, text };
}
