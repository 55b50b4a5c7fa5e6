import { describe, it } from 'vitest';

import {
  accuracyScore,
  balancedAccuracyScore,
  classificationReport,
  cohenKappaScore,
  confusionMatrix,
  f1Score,
  fbetaScore,
  hammingLoss,
  hammingScore,
  jaccardScore,
  logLoss,
  matthewsCorrcoef,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  rocAucScore,
  rocCurve,
  type ClassificationReport,
  type LabelVector,
  type Targets,
} from '@calvaria/metrics';

import type { FbetaOptions } from '@calvaria/metrics';
import { decode, expectClose, loadGolden, type GoldenCase } from './golden-helpers.js';

// Every expected value below comes from tools/golden/metrics.py: scikit-learn 1.2.1 where its
// result is that of the current scikit-learn, and a NumPy transcription of the current
// formula where 1.2.1 differs (each case's `source` says which; see the script's header).
const golden = loadGolden();

/** scikit-learn's `output_dict` form of a report, rebuilt from ours. */
function reportAsSklearnDict(report: ClassificationReport): Record<string, unknown> {
  const row = (r: {
    precision: number;
    recall: number;
    f1Score: number;
    support: number;
  }) => ({
    precision: r.precision,
    recall: r.recall,
    'f1-score': r.f1Score,
    support: r.support,
  });
  const out: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(report.byLabel)) out[name] = row(r);
  if (report.accuracy !== undefined) out.accuracy = report.accuracy;
  for (const [name, r] of Object.entries(report.averages)) out[name] = row(r);
  return out;
}

function run(c: GoldenCase): unknown {
  const data = decode(golden.datasets[c.data]) as Record<string, unknown>;
  const options = decode(c.options) as Record<string, never>;
  const yTrue = data.yTrue as Targets;
  const yPred = data.yPred as Targets;
  const yScore = data.yScore as number[];
  switch (c.fn) {
    case 'confusionMatrix':
      return confusionMatrix(yTrue as LabelVector, yPred as LabelVector, options);
    case 'accuracyScore':
      return accuracyScore(yTrue, yPred, options);
    case 'precisionRecallFscoreSupport':
      return precisionRecallFscoreSupport(yTrue, yPred, options);
    case 'precisionScore':
      return precisionScore(yTrue, yPred, options);
    case 'recallScore':
      return recallScore(yTrue, yPred, options);
    case 'f1Score':
      return f1Score(yTrue, yPred, options);
    case 'fbetaScore':
      // The fixture's fbeta cases all carry `beta` (tools/golden/metrics.py).
      return fbetaScore(yTrue, yPred, options as unknown as FbetaOptions);
    case 'balancedAccuracyScore':
      return balancedAccuracyScore(yTrue as LabelVector, yPred as LabelVector, options);
    case 'hammingLoss':
      return hammingLoss(yTrue, yPred);
    case 'hammingScore':
      return hammingScore(yTrue, yPred);
    case 'jaccardScore':
      return jaccardScore(yTrue, yPred, options);
    case 'cohenKappaScore':
      return cohenKappaScore(yTrue as LabelVector, yPred as LabelVector, options);
    case 'matthewsCorrcoef':
      return matthewsCorrcoef(yTrue as LabelVector, yPred as LabelVector);
    case 'logLoss': {
      const { yTrueForm, ...rest } = options as Record<string, unknown>;
      const truth = yTrueForm === 'one-hot' ? (data.yTrueOneHot as number[][]) : yTrue;
      return logLoss(truth, yScore, rest);
    }
    case 'rocAucScore':
      return rocAucScore(yTrue, yScore, options);
    case 'rocCurve':
      return rocCurve(yTrue as LabelVector, yScore, options);
    case 'classificationReport': {
      const report = classificationReport(yTrue, yPred, options);
      return { text: report.text, dict: reportAsSklearnDict(report) };
    }
    default:
      throw new Error(`fixture names an unknown function ${c.fn}`);
  }
}

const byFunction = new Map<string, GoldenCase[]>();
for (const c of golden.cases) {
  byFunction.set(c.fn, [...(byFunction.get(c.fn) ?? []), c]);
}

describe(`agreement with scikit-learn (golden fixture, scikit-learn ${golden.sklearn})`, () => {
  for (const [fn, cases] of byFunction) {
    describe(fn, () => {
      it.each(cases.map((c) => [c.id, c] as const))(
        'matches the reference to 1e-12 relative: %s',
        (_id, c) => {
          expectClose(run(c), decode(c.expected), `${c.id} [${c.source}]`);
        },
      );
    });
  }
});
