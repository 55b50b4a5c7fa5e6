// Benchmark of @calvaria/classifiers next to the Python reference (XGBoost 1.7.4, scikit-learn
// 1.2.1) on the same seeded synthetic data, in the same run.
//
//   pnpm bench:classifiers -- --sizes 1000,3000 --models gbdt,forest,svc --rounds 500
//
// Flags: --sizes (train rows, default 1000,3000,10000,18000), --test (test rows, default 3000),
// --d (features, default 2048), --models (gbdt,forest,svc), --rounds (boosting rounds, 500),
// --trees (forest trees, 200), --threads (Python n_jobs and calvaria forest threads, 2),
// --gbdt-threads (calvaria boosting worker threads, default 3 = one per class),
// --out (scratch folder, /tmp/calvaria-bench).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { accuracyScore, f1Score } from '../../packages/metrics/dist/index.js';
import {
  GradientBoostingClassifier,
  LinearSVC,
  RandomForestClassifier,
  type Classifier,
} from '../../packages/classifiers/dist/index.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const sizes = flag('sizes', '1000,3000,10000,18000').split(',').map(Number);
const test = Number(flag('test', '3000'));
const d = Number(flag('d', '2048'));
const models = flag('models', 'gbdt,forest,svc').split(',');
const rounds = Number(flag('rounds', '500'));
const trees = Number(flag('trees', '200'));
const threads = Number(flag('threads', '2'));
const gbdtThreads = Number(flag('gbdt-threads', '3'));
const out = flag('out', '/tmp/calvaria-bench');
const pyName: Record<string, string> = { gbdt: 'xgboost', forest: 'forest', svc: 'svc' };

interface Row {
  model: string;
  n: number;
  trainSeconds: number;
  predictSeconds: number;
  accuracy: number;
  macroF1: number;
  /** Peak resident memory of the Python process, when it reports one. */
  maxRssMiB?: number;
}

function reference(n: number): Row[] {
  const script = fileURLToPath(new URL('./reference.py', import.meta.url));
  const text = execFileSync(
    '/usr/bin/python3',
    [script, '--n', String(n), '--test', String(test), '--d', String(d)]
      .concat([
        '--models',
        models.map((m) => pyName[m]).join(','),
        '--rounds',
        String(rounds),
      ])
      .concat(['--trees', String(trees), '--threads', String(threads), '--out', out]),
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, OMP_NUM_THREADS: String(threads) },
    },
  );
  return text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
}

function make(model: string): Classifier {
  if (model === 'gbdt') {
    return new GradientBoostingClassifier({
      nEstimators: rounds,
      maxDepth: 6,
      learningRate: 0.3,
      nThreads: gbdtThreads,
    });
  }
  if (model === 'forest')
    return new RandomForestClassifier({ nEstimators: trees, nThreads: threads });
  return new LinearSVC({ C: 1 });
}

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
console.log(`# ${cpus().length} cores, load average at start: ${load()}`);

const results: { ref: Row; ours: Row; maxRssMiB: number }[] = [];
for (const n of sizes) {
  const refRows = reference(n);
  const meta = JSON.parse(readFileSync(`${out}/labels-${n}.json`, 'utf8')) as {
    labels: number[];
  };
  const buf = readFileSync(`${out}/data-${n}.f32`);
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const xTrain = all.subarray(0, n * d);
  const xTest = all.subarray(n * d);
  const yTrain = meta.labels.slice(0, n);
  const yTest = meta.labels.slice(n);
  for (const model of models) {
    const ref = refRows.find((r) => r.model === pyName[model]) as Row;
    const clf = make(model);
    const t0 = performance.now();
    await clf.fit(xTrain, yTrain);
    const t1 = performance.now();
    const pred = clf.predict(xTest).map(Number);
    const t2 = performance.now();
    const ours: Row = {
      model,
      n,
      trainSeconds: (t1 - t0) / 1000,
      predictSeconds: (t2 - t1) / 1000,
      accuracy: accuracyScore(yTest, pred),
      macroF1: f1Score(yTest, pred, { average: 'macro' }),
    };
    // Peak resident memory of this process (all worker threads included) so far; sizes run in
    // increasing order, so the figure after the largest N is that run's peak.
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    results.push({ ref, ours, maxRssMiB });
    console.log(JSON.stringify({ ref, ours, maxRssMiB }));
  }
}

console.log(`\n# load average at end: ${load()}`);
console.log(
  '\n| model | N | train s (Python) | train s (calvaria) | train ratio | predict ratio | accuracy (Python / calvaria) | macro-F1 (Python / calvaria) | max RSS MiB (Python / calvaria) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const { ref, ours, maxRssMiB } of results) {
  console.log(
    `| ${ours.model} | ${ours.n} | ${ref.trainSeconds.toFixed(1)} | ${ours.trainSeconds.toFixed(1)} | ` +
      `${(ours.trainSeconds / ref.trainSeconds).toFixed(2)} | ` +
      `${(ours.predictSeconds / ref.predictSeconds).toFixed(2)} | ` +
      `${ref.accuracy.toFixed(3)} / ${ours.accuracy.toFixed(3)} | ` +
      `${ref.macroF1.toFixed(3)} / ${ours.macroF1.toFixed(3)} | ` +
      `${ref.maxRssMiB?.toFixed(0) ?? '-'} / ${maxRssMiB.toFixed(0)} |`,
  );
}
