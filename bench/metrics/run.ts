/**
 * `pnpm bench:metrics`: the full metric suite of @calvaria/metrics on 1,000,000 samples x
 * 3 classes, next to scikit-learn in the same run (bench/metrics/reference.py, spawned with
 * /usr/bin/python3 on the same data, written to a temporary folder). Prints one row per
 * metric: the best of BENCH_REPEATS timed runs (after one warm-up) of each side, as the
 * machine is shared and the minimum is the steadiest estimate; the ratio scikit-learn / calvaria (above 1: calvaria
 * is faster) and whether the two values agree.
 *
 * Imports the built package (dist/), which `pnpm bench:metrics` builds first with `tsc -b`.
 *
 * Environment: BENCH_SAMPLES (default 1000000), BENCH_REPEATS (default 5), BENCH_ONLY (a
 * comma-separated list of metric names).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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
  type DenseMatrix,
} from '../../packages/metrics/dist/index.js';

const N = Number(process.env.BENCH_SAMPLES ?? 1_000_000);
const K = 3;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const ONLY = process.env.BENCH_ONLY ?? '';

/** Mulberry32: a small seeded generator, so every run scores the same data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeData(): {
  yTrue: Int32Array;
  yPred: Int32Array;
  proba: DenseMatrix & { data: Float64Array };
} {
  const random = mulberry32(20260101);
  const yTrue = new Int32Array(N);
  const yPred = new Int32Array(N);
  const data = new Float64Array(N * K);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(random() * K);
    yTrue[i] = c;
    let sum = 0;
    for (let j = 0; j < K; j++) {
      // Scores on a 1e-3 grid, so the ROC curves hold many ties, as real outputs do.
      const z = Math.round((random() * 2 + (j === c ? 1.2 : 0)) * 1000) / 1000;
      data[i * K + j] = Math.exp(z);
      sum += data[i * K + j];
    }
    let best = 0;
    for (let j = 0; j < K; j++) {
      data[i * K + j] /= sum;
      if (data[i * K + j] > data[i * K + best]) best = j;
    }
    yPred[i] = best;
  }
  return { yTrue, yPred, proba: { data, rows: N, columns: K } };
}

function oneHot(labels: Int32Array): DenseMatrix {
  const data = new Float64Array(labels.length * K);
  for (let i = 0; i < labels.length; i++) data[i * K + labels[i]] = 1;
  return { data, rows: labels.length, columns: K };
}

const { yTrue, yPred, proba } = makeData();
const oneHotTrue = oneHot(yTrue);
const oneHotPred = oneHot(yPred);
const binaryTrue = yTrue.map((c) => (c === 0 ? 1 : 0));
const binaryScore = Float64Array.from({ length: N }, (_, i) => proba.data[i * K]);

const suite: Record<string, () => unknown> = {
  confusionMatrix: () => confusionMatrix(yTrue, yPred).flat(),
  accuracyScore: () => accuracyScore(yTrue, yPred),
  'accuracyScore (one-hot)': () => accuracyScore(oneHotTrue, oneHotPred),
  'precisionRecallFscoreSupport (per class)': () =>
    precisionRecallFscoreSupport(yTrue, yPred).fScore,
  'precisionScore (macro)': () => precisionScore(yTrue, yPred, { average: 'macro' }),
  'recallScore (macro)': () => recallScore(yTrue, yPred, { average: 'macro' }),
  'f1Score (macro)': () => f1Score(yTrue, yPred, { average: 'macro' }),
  'f1Score (weighted)': () => f1Score(yTrue, yPred, { average: 'weighted' }),
  'f1Score (micro)': () => f1Score(yTrue, yPred, { average: 'micro' }),
  'f1Score (one-hot, samples)': () =>
    f1Score(oneHotTrue, oneHotPred, { average: 'samples' }),
  'fbetaScore (beta 2, macro)': () =>
    fbetaScore(yTrue, yPred, { beta: 2, average: 'macro' }),
  balancedAccuracyScore: () => balancedAccuracyScore(yTrue, yPred),
  hammingLoss: () => hammingLoss(yTrue, yPred),
  'hammingLoss (one-hot)': () => hammingLoss(oneHotTrue, oneHotPred),
  'hammingScore (one-hot)': () => hammingScore(oneHotTrue, oneHotPred),
  'jaccardScore (macro)': () => jaccardScore(yTrue, yPred, { average: 'macro' }),
  'cohenKappaScore (quadratic)': () =>
    cohenKappaScore(yTrue, yPred, { weights: 'quadratic' }),
  matthewsCorrcoef: () => matthewsCorrcoef(yTrue, yPred),
  logLoss: () => logLoss(yTrue, proba),
  'logLoss (one-hot, eps 1e-15)': () => logLoss(oneHotTrue, oneHotPred, { eps: 1e-15 }),
  'rocAucScore (binary)': () => rocAucScore(binaryTrue, binaryScore),
  rocCurve: () => rocCurve(binaryTrue, binaryScore).fpr.length,
  'rocAucScore (ovr, macro)': () => rocAucScore(yTrue, proba, { multiClass: 'ovr' }),
  'rocAucScore (ovr, weighted)': () =>
    rocAucScore(yTrue, proba, { multiClass: 'ovr', average: 'weighted' }),
  'rocAucScore (ovr, micro)': () =>
    rocAucScore(yTrue, proba, { multiClass: 'ovr', average: 'micro' }),
  'rocAucScore (ovo, macro)': () => rocAucScore(yTrue, proba, { multiClass: 'ovo' }),
  classificationReport: () => classificationReport(yTrue, yPred, { digits: 4 }).text,
};

function agree(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const xs = typeof a === 'number' ? [a] : Array.from(a as ArrayLike<number>);
  const ys = typeof b === 'number' ? [b] : (b as number[]);
  return (
    xs.length === ys.length &&
    xs.every((x, i) => Math.abs(x - ys[i]) <= 1e-9 * Math.max(1, Math.abs(ys[i])))
  );
}

const folder = mkdtempSync(join(tmpdir(), 'calvaria-bench-metrics-'));
try {
  writeFileSync(join(folder, 'y-true.i32'), yTrue);
  writeFileSync(join(folder, 'y-pred.i32'), yPred);
  writeFileSync(join(folder, 'proba.f64'), proba.data);

  const names = Object.keys(suite).filter(
    (name) => ONLY === '' || ONLY.split(';').includes(name),
  );
  const script = fileURLToPath(new URL('./reference.py', import.meta.url));
  const python = spawn(
    '/usr/bin/python3',
    [script, folder, String(N), String(K), String(REPEATS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const replies = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const nextReply = async (): Promise<string> => {
    const reply = await replies.next();
    if (reply.done === true)
      throw new Error('reference.py ended early (see its stderr above)');
    return reply.value;
  };
  const sklearnVersion = (await nextReply()).replace(/^ready /, '');

  const ours = new Map<string, { seconds: number; value: unknown }>();
  const reference = new Map<string, { seconds: number; value: unknown }>();
  for (const name of names) {
    let value = suite[name]();
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const start = process.hrtime.bigint();
      value = suite[name]();
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    ours.set(name, { seconds: Math.min(...times), value });
    python.stdin.write(`${name}\n`);
    reference.set(
      name,
      JSON.parse(await nextReply()) as { seconds: number; value: unknown },
    );
  }
  python.stdin.end('quit\n');

  const ms = (s: number): string => (s * 1000).toFixed(1);
  const lines = [
    `@calvaria/metrics vs scikit-learn ${sklearnVersion}: ${N.toLocaleString('en-US')} ` +
      `samples x ${K} classes, best of ${REPEATS} runs (Node ${process.version}).`,
    '',
    '| metric | calvaria ms | scikit-learn ms | speed-up (sklearn / calvaria) | same value |',
    '|---|---:|---:|---:|---|',
  ];
  let slower = 0;
  for (const name of names) {
    const a = ours.get(name);
    const b = reference.get(name);
    if (a === undefined || b === undefined) continue;
    const ratio = b.seconds / a.seconds;
    if (ratio < 1) slower++;
    lines.push(
      `| ${name} | ${ms(a.seconds)} | ${ms(b.seconds)} | ${ratio.toFixed(1)}x | ` +
        `${agree(a.value, b.value) ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('', `Metrics slower than scikit-learn: ${slower} of ${names.length}.`);
  console.log(lines.join('\n'));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
