/**
 * ONNX Runtime rows of the feature-extraction benchmark: ResNet50 (Keras v1 layout, random
 * weights) at 224x224, batch 1 and 8, on calvaria's ONNX engine in several thread settings,
 * next to PyTorch (torchvision ResNet50, 2 threads, OMP_WAIT_POLICY=PASSIVE) measured in
 * the same run, before and after the ONNX rows. Also reports GFLOP/s and the fraction of the
 * floor set by the machine's float32 matrix-multiply rate, measured by the same Python run.
 *
 * Run alone: `pnpm exec tsc -b && pnpm exec tsx bench/features/onnx.ts [--seconds 6]`.
 * `bench/features/run.ts` can import {@link runOnnxBenchmark} and print its rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { LayersModel } from '@tensorflow/tfjs-layers';

import { selectBackend } from '../../packages/features/src/backend.js';
import { createBackbone } from '../../packages/features/src/create-backbone.js';
import { createOnnxEngine } from '../../packages/features/src/onnx/onnx-engine.js';
import { exportOnnx } from '../../packages/features/src/onnx/export-onnx.js';

/** One measured configuration. */
export interface OnnxBenchRow {
  readonly engine: string;
  readonly imagesPerSecond: Record<string, number>;
}

/** What {@link runOnnxBenchmark} returns. */
export interface OnnxBenchResult {
  readonly rows: OnnxBenchRow[];
  readonly torch: { before: OnnxBenchRow; after: OnnxBenchRow; gemmGflops: number[] };
  readonly gflopPerImage: number;
  readonly exportSeconds: number;
  readonly loadAverage: number[];
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const batches = [1, 8];

/** Multiply-adds of the convolutions and dense layers of a channels-last layers model. */
function multiplyAdds(model: LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    const className = layer.getClassName();
    for (const weight of layer.weights) {
      const role = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
      const shape = weight.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      if (className === 'Dense' && role === 'kernel') total += size;
      else if (
        role === 'kernel' ||
        role === 'pointwise_kernel' ||
        role === 'depthwise_kernel'
      ) {
        total += size * out[1] * out[2];
      }
    }
  }
  return total;
}

function runTorch(seconds: number): { row: OnnxBenchRow; gemmGflops: number } {
  const stdout = execFileSync(
    '/usr/bin/python3',
    [
      path.join(repoRoot, 'tools/golden/features-onnx-torch-bench.py'),
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
    gemm_gflops: number;
    images_per_second: Record<string, number>;
  };
  return {
    row: {
      engine: `PyTorch ${parsed.torch}, 2 threads, OMP_WAIT_POLICY=PASSIVE`,
      imagesPerSecond: parsed.images_per_second,
    },
    gemmGflops: parsed.gemm_gflops,
  };
}

async function timeEngine(
  run: (batch: Float32Array, count: number) => Promise<Float32Array>,
  seconds: number,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const count of batches) {
    const batch = Float32Array.from({ length: count * 224 * 224 * 3 }, (_, i) =>
      Math.sin(i * 0.001),
    );
    await run(batch, count);
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000 || runs < 2) {
      await run(batch, count);
      runs++;
      elapsed = performance.now() - start;
    }
    result[String(count)] = (runs * count) / (elapsed / 1000);
  }
  return result;
}

/**
 * Measures the ONNX rows and the PyTorch reference side by side.
 * @param seconds - Timing window per configuration and batch size.
 * @returns Rows, the PyTorch rows before and after, and the work per image.
 */
export async function runOnnxBenchmark(seconds = 6): Promise<OnnxBenchResult> {
  await selectBackend('auto');
  const backbone = await createBackbone('resnet50', {
    weights: 'random',
    seed: 1,
    inputShape: [224, 224, 3],
  });
  const gflopPerImage = (2 * multiplyAdds(backbone.model)) / 1e9;
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'calvaria-onnx-bench-'));
  const loadAverage = os.loadavg();

  const exportStart = performance.now();
  await exportOnnx(backbone, path.join(cacheDir, 'resnet50.onnx'));
  const exportSeconds = (performance.now() - exportStart) / 1000;

  const torchBefore = runTorch(seconds);
  const configurations = [
    {
      label: '1 session x 2 threads, spinning off (the engine default on 2 cores)',
      options: { sessions: 1, threads: 2 },
    },
    {
      label: '2 sessions x 1 thread (workers)',
      options: { sessions: 2, threads: 1 },
    },
    {
      label: '2 sessions x 2 threads, spinning off (workers)',
      options: { sessions: 2, threads: 2 },
    },
    { label: '1 session x 1 thread', options: { sessions: 1, threads: 1 } },
    {
      label: '1 session x 2 threads, spinning on (ORT default)',
      options: { sessions: 1, threads: 2, allowSpinning: true },
    },
  ];
  const rows: OnnxBenchRow[] = [];
  for (const { label, options } of configurations) {
    const engine = await createOnnxEngine(backbone, { ...options, cacheDir });
    rows.push({
      engine: `calvaria onnx, ${label}`,
      imagesPerSecond: await timeEngine(engine.run, seconds),
    });
    await engine.dispose();
  }
  const torchAfter = runTorch(seconds);

  backbone.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
  return {
    rows,
    torch: {
      before: torchBefore.row,
      after: torchAfter.row,
      gemmGflops: [torchBefore.gemmGflops, torchAfter.gemmGflops],
    },
    gflopPerImage,
    exportSeconds,
    loadAverage,
  };
}

/**
 * Formats the result as the Markdown table of docs/benchmarks.md.
 * @param result - What {@link runOnnxBenchmark} measured.
 * @returns Markdown lines.
 */
export function formatOnnxBenchmark(result: OnnxBenchResult): string {
  const torchMean = (batch: string) =>
    (result.torch.before.imagesPerSecond[batch] +
      result.torch.after.imagesPerSecond[batch]) /
    2;
  const gemm =
    result.torch.gemmGflops.reduce((a, b) => a + b, 0) / result.torch.gemmGflops.length;
  const floor = gemm / result.gflopPerImage;
  const cell = (row: OnnxBenchRow, batch: string) => {
    const ips = row.imagesPerSecond[batch];
    return `${ips.toFixed(1)} (${(ips / torchMean(batch)).toFixed(2)}x, ${(ips * result.gflopPerImage).toFixed(0)} GFLOP/s, ${((ips / floor) * 100).toFixed(0)}%)`;
  };
  const lines = [
    '| engine | batch 1: img/s (vs PyTorch, GFLOP/s, % of floor) | batch 8 |',
    '|---|---|---|',
    ...[result.torch.before, ...result.rows, result.torch.after].map(
      (row, i, all) =>
        `| ${row.engine}${i === 0 ? ' (before)' : i === all.length - 1 ? ' (after)' : ''} | ${cell(row, '1')} | ${cell(row, '8')} |`,
    ),
    '',
    `ResNet50 (Keras v1, no top) at 224x224: ${result.gflopPerImage.toFixed(2)} GFLOP per image ` +
      '(2 x multiply-adds of its convolutions). Matrix-multiply rate measured in the same run ' +
      `(PyTorch, 1024^2 float32, 2 threads): ${result.torch.gemmGflops.map((g) => g.toFixed(0)).join(' / ')} ` +
      `GFLOP/s, so the floor is ${floor.toFixed(1)} img/s. PyTorch reference is the mean of the runs ` +
      'before and after. Load average at start: ' +
      `${result.loadAverage.map((l) => l.toFixed(2)).join(', ')}. ONNX export of ResNet50: ` +
      `${result.exportSeconds.toFixed(1)} s.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secondsFlag = process.argv.indexOf('--seconds');
  const seconds = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : 6;
  const result = await runOnnxBenchmark(seconds);
  process.stdout.write(`${formatOnnxBenchmark(result)}\n`);
}
