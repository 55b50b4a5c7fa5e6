/**
 * Times the default @calvaria/preprocess pipeline (noise estimate, tilt correction, crop, pad,
 * area resize 512 -> 224, three windows) per slice, next to the same steps in scikit-image /
 * SciPy (bench/preprocess/reference.py) in the same run, and the parallel version on all cores.
 *
 * Run: pnpm bench:preprocess [rounds]   (default 3 rounds over 12 slices)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  createPipeline,
  DEFAULT_STEPS,
  preprocessMany,
  rotateImage,
  type StepRecord,
} from '../../packages/preprocess/dist/index.js';

const fixture = fileURLToPath(
  new URL('../../packages/preprocess/test/fixtures/head512-hu.i16.gz', import.meta.url),
);
const reference = fileURLToPath(new URL('./reference.py', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const angles = [0, 5, -5, 10, -10, 15, -15, 20, -20, 25, -25, 2.5];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const bytes = gunzipSync(readFileSync(fixture));
const head = {
  pixels: Float32Array.from(
    new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2),
  ),
  width: 512,
  height: 512,
  rowSpacingMm: 0.431,
  columnSpacingMm: 0.431,
};
const slices = angles.map((a) => rotateImage(head, { angleDeg: a, fillValue: -1000 }));
const pipeline = createPipeline(DEFAULT_STEPS);

/** CPU milliseconds (user + system, every thread of the process) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

// Warm-up, then one thread.
for (let i = 0; i < 3; i++) pipeline.run(slices[i]);
const cpuSingle = process.cpuUsage();
const tSingle = performance.now();
const totals: number[] = [];
const steps = new Map<string, number[]>();
const jsTilts: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const s of slices) {
    const t = performance.now();
    const out = pipeline.run(s);
    totals.push(performance.now() - t);
    out.records.forEach((rec: StepRecord) => {
      steps.set(rec.op, [...(steps.get(rec.op) ?? []), rec.elapsedMs]);
    });
    if (r === 0) jsTilts.push(out.records[1].tiltDeg ?? NaN);
  }
}

const singleCpuPerSlice = cpuMs(cpuSingle) / (rounds * slices.length);
const singleWallPerSlice = (performance.now() - tSingle) / (rounds * slices.length);

// All cores: worker threads over the same slices, all rounds in one call (a series), so that
// starting the workers and warming their JIT is shared by every slice as in real use. The
// steady rate leaves out the start: slices finished after each worker's first, over the time
// from the last of those first results to the end.
const workers = availableParallelism();
const series = Array.from({ length: rounds }, () => slices).flat();
const finished: number[] = [];
const cpuParallel = process.cpuUsage();
const t0 = performance.now();
await preprocessMany(series, pipeline, {
  workers,
  onProgress: () => finished.push(performance.now() - t0),
});
const parallel = [(performance.now() - t0) / series.length];
const parallelCpuPerSlice = cpuMs(cpuParallel) / series.length;
const steady =
  (finished[finished.length - 1] - finished[workers - 1]) / (series.length - workers);

// The Python reference, same slices (rotated there with skimage.transform.rotate).
const py = spawnSync(
  '/usr/bin/python3',
  [reference, fixture, String(rounds), ...angles.map(String)],
  { encoding: 'utf8', maxBuffer: 1 << 24 },
);
if (py.status !== 0) throw new Error(`reference.py failed: ${py.stderr}`);
const ref = JSON.parse(py.stdout.trim().split('\n').pop() as string) as {
  totalMs: number;
  wallMs: number;
  cpuMs: number;
  stepsMs: Record<string, number>;
  tiltDeg: number[];
};

const jsTotal = median(totals);
const jsParallel = median(parallel);
const row = (name: string, js: number, python: number) =>
  `| ${name} | ${js.toFixed(1)} | ${python.toFixed(1)} | ${(python / js).toFixed(2)}x |`;
const lines = [
  `Default pipeline on the real 512x512 head CT, ${slices.length} slices (rotated -25..25 deg) x ${rounds} rounds, median ms per slice.`,
  '',
  '| step | calvaria (ms) | scikit-image / SciPy (ms) | calvaria faster by |',
  '|---|---|---|---|',
  ...DEFAULT_STEPS.map((s) =>
    row(s.op, median(steps.get(s.op) ?? [NaN]), ref.stepsMs[s.op]),
  ),
  row('whole pipeline, one thread', jsTotal, ref.totalMs),
  row(
    `whole pipeline, ${workers} worker threads (wall time / slices)`,
    jsParallel,
    ref.totalMs,
  ),
  row(
    `whole pipeline, ${workers} worker threads, after the workers' start`,
    steady,
    ref.totalMs,
  ),
  '',
  `Parallel speed-up over one thread: ${(jsTotal / jsParallel).toFixed(2)}x on ${workers} cores ` +
    `(${(jsTotal / steady).toFixed(2)}x after the start; first result after ${finished[0].toFixed(0)} ms).`,
  `One thread: ${singleWallPerSlice.toFixed(1)} ms wall and ${singleCpuPerSlice.toFixed(1)} ms CPU per slice ` +
    `(wall above CPU means the thread waited for a core); ${workers} workers: ` +
    `${parallelCpuPerSlice.toFixed(1)} ms CPU per slice, all threads.`,
  `Python reference: ${ref.wallMs.toFixed(1)} ms wall and ${ref.cpuMs.toFixed(1)} ms CPU per slice.`,
  `Tilt found, calvaria vs reference, largest difference: ${Math.max(
    ...jsTilts.map((t, i) => Math.abs(t - ref.tiltDeg[i])),
  ).toFixed(3)} deg.`,
];
console.log(lines.join('\n'));
