/**
 * Feature-extraction benchmark: ResNet50 (Keras v1 layout, seeded random weights) at
 * 224x224, images per second at batch 1 and 8, on each TensorFlow.js backend present and on
 * wasm worker threads, next to PyTorch (torchvision ResNet50, 2 threads,
 * OMP_WAIT_POLICY=PASSIVE; bench/features/reference.py) measured in the same run, before and
 * after the calvaria rows. Prints a Markdown table with the ratio to PyTorch.
 *
 * Run: `pnpm bench:features [--seconds 8] [--cpu-runs 1] [--onnx]`. The pure-JS backend
 * is timed on a few images only (it runs about 0.1 img/s). `--onnx` appends the ONNX Runtime
 * rows of bench/features/onnx.ts.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  createBackbone,
  createTfjsEngine,
  createTfjsWorkerEngine,
  selectBackend,
  type FeatureEngine,
  type TfjsBackendName,
} from '../../packages/features/src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const seconds = option('seconds', 8);
const cpuRuns = option('cpu-runs', 1);
const batches = [1, 8];

interface Row {
  readonly engine: string;
  readonly imagesPerSecond: Record<number, number | undefined>;
  readonly note?: string;
}

function torchReference(): Row {
  const script = fileURLToPath(new URL('./reference.py', import.meta.url));
  const stdout = execFileSync(
    '/usr/bin/python3',
    [
      script,
      '--threads',
      '2',
      '--batches',
      batches.join(','),
      '--seconds',
      String(seconds),
    ],
    { env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, encoding: 'utf8' },
  );
  const parsed = JSON.parse(stdout) as {
    torch: string;
    images_per_second: Record<string, number>;
  };
  return {
    engine: `PyTorch ${parsed.torch}, 2 threads, OMP_WAIT_POLICY=PASSIVE`,
    imagesPerSecond: Object.fromEntries(
      batches.map((b) => [b, parsed.images_per_second[String(b)]]),
    ),
  };
}

async function time(
  engine: FeatureEngine,
  count: number,
  minSeconds: number,
  minRuns: number,
) {
  const batch = Float32Array.from({ length: count * 224 * 224 * 3 }, (_, i) =>
    Math.sin(i * 0.001),
  );
  await engine.run(batch.slice(), count);
  let runs = 0;
  const start = performance.now();
  while ((performance.now() - start) / 1000 < minSeconds || runs < minRuns) {
    await engine.run(batch.slice(), count);
    runs++;
  }
  return (runs * count) / ((performance.now() - start) / 1000);
}

async function tfjsRow(backend: TfjsBackendName): Promise<Row> {
  const label = {
    tensorflow: 'tfjs-node',
    wasm: 'tfjs wasm (SIMD, 1 thread)',
    cpu: 'tfjs cpu (pure JS)',
  }[backend];
  try {
    await selectBackend(backend);
  } catch {
    return { engine: label, imagesPerSecond: {}, note: 'not installed' };
  }
  const backbone = await createBackbone('resnet50', {
    weights: 'random',
    seed: 1,
    backend,
  });
  const engine = await createTfjsEngine(backbone, backend);
  const imagesPerSecond: Record<number, number | undefined> = {};
  for (const b of batches) {
    if (backend === 'cpu' && b > 1) continue;
    imagesPerSecond[b] =
      backend === 'cpu'
        ? await time(engine, b, 0, cpuRuns)
        : await time(engine, b, seconds, 2);
  }
  await engine.dispose();
  backbone.dispose();
  return {
    engine: label,
    imagesPerSecond,
    ...(backend === 'cpu' ? { note: 'batch 1 only, a single timed image' } : {}),
  };
}

async function workerRow(workers: number): Promise<Row> {
  await selectBackend('wasm');
  const backbone = await createBackbone('resnet50', { weights: 'random', seed: 1 });
  const engine = await createTfjsWorkerEngine(backbone, { workers, backend: 'wasm' });
  const imagesPerSecond: Record<number, number | undefined> = {};
  for (const b of batches) imagesPerSecond[b] = await time(engine, b, seconds, 2);
  await engine.dispose();
  backbone.dispose();
  return {
    engine: `tfjs wasm, ${workers} worker threads (one wasm instance each)`,
    imagesPerSecond,
  };
}

function format(rows: Row[], reference: Row[]): string {
  const torchMean = (b: number) =>
    reference.reduce((s, r) => s + (r.imagesPerSecond[b] ?? 0), 0) / reference.length;
  const cell = (row: Row, b: number) => {
    const ips = row.imagesPerSecond[b];
    return ips === undefined
      ? '–'
      : `${ips.toFixed(2)} (${(ips / torchMean(b)).toFixed(2)}x)`;
  };
  return [
    '| engine | batch 1: img/s (vs PyTorch) | batch 8 | note |',
    '|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.engine} | ${cell(r, 1)} | ${cell(r, 8)} | ${r.note ?? ''} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(', ');
  const before = torchReference();
  const rows: Row[] = [];
  for (const backend of ['tensorflow', 'wasm'] as const)
    rows.push(await tfjsRow(backend));
  rows.push(await workerRow(2));
  rows.push(await tfjsRow('cpu'));
  const after = torchReference();
  const table = format(
    [
      { ...before, engine: `${before.engine} (before)` },
      ...rows,
      { ...after, engine: `${after.engine} (after)` },
    ],
    [before, after],
  );
  process.stdout.write(
    `${table}\n\nResNet50 at 224x224, seeded random weights; ${seconds} s per cell; ` +
      `load average at start ${load}; ${os.cpus().length} cores; ratios against the mean of ` +
      `the PyTorch rows before and after.\n`,
  );
  if (args.includes('--onnx')) {
    const onnx = await import('./onnx.js');
    process.stdout.write(
      '\n' + onnx.formatOnnxBenchmark(await onnx.runOnnxBenchmark(seconds)) + '\n',
    );
  }
}

await main();
