/**
 * Writes the four backbones, exported to ONNX at their Keras default input sizes with seeded
 * random weights, into a folder, with one fixed preprocessed input and the features that
 * TensorFlow.js and calvaria's ONNX engine compute from it. `tools/golden/features-onnx-check.py`
 * then runs ONNX's checker on each file and evaluates it independently.
 *
 * Usage: `pnpm exec tsc -b && pnpm exec tsx bench/features/onnx-export.ts <folder> [side]`
 * (`side` overrides the input size of every backbone, for a quick run).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { selectBackend } from '../../packages/features/src/backend.js';
import { backboneSpecs } from '../../packages/features/src/backbone-specs.js';
import type { BackboneName } from '../../packages/features/src/backbone.js';
import { createBackbone } from '../../packages/features/src/create-backbone.js';
import { createOnnxEngine } from '../../packages/features/src/onnx/onnx-engine.js';
import { exportOnnx } from '../../packages/features/src/onnx/export-onnx.js';
import { createTfjsEngine } from '../../packages/features/src/tfjs-engine.js';

const folder = path.resolve(process.argv[2] ?? 'onnx-check');
const sideOverride = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const names: BackboneName[] = [
  'resnet50',
  'xception',
  'inceptionV3',
  'inceptionResNetV2',
];

const bytesOf = (values: Float32Array) =>
  new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

await mkdir(folder, { recursive: true });
const backend = await selectBackend('auto');
const manifest: Record<string, unknown>[] = [];
for (const name of names) {
  const side = sideOverride ?? backboneSpecs[name].defaultSizePx;
  const backbone = await createBackbone(name, {
    weights: 'random',
    seed: 1,
    inputShape: [side, side, 3],
  });
  const file = path.join(folder, `${name}.onnx`);
  const exported = await exportOnnx(backbone, file);

  // One image already preprocessed ('tf' mode range [-1, 1]; caffe inputs are wider, but the
  // check is of the graph, not of preprocessing).
  const input = Float32Array.from({ length: side * side * 3 }, (_, i) =>
    Math.sin(i * 0.001),
  );
  const tfjs = await createTfjsEngine(backbone);
  const onnx = await createOnnxEngine(backbone, { modelPath: file });
  const tfjsFeatures = await tfjs.run(input, 1);
  const onnxFeatures = await onnx.run(input, 1);
  await onnx.dispose();
  await tfjs.dispose();

  await writeFile(path.join(folder, `${name}.input.f32`), bytesOf(input));
  await writeFile(path.join(folder, `${name}.tfjs.f32`), bytesOf(tfjsFeatures));
  await writeFile(path.join(folder, `${name}.onnxruntime.f32`), bytesOf(onnxFeatures));
  manifest.push({
    name,
    file: `${name}.onnx`,
    inputShape: [1, side, side, 3],
    featureSize: backbone.featureSize,
    weightsSha256: backbone.weights.sha256,
    operatorCounts: exported.operatorCounts,
    foldedBatchNorms: exported.foldedBatchNorms,
    tfjsBackend: backend,
  });
  backbone.dispose();
}
await writeFile(
  path.join(folder, 'manifest.json'),
  `${JSON.stringify(manifest, null, 2)}\n`,
);
process.stdout.write(`wrote ${names.length} models to ${folder}\n`);
