/**
 * # 03 · A DICOM folder to a feature matrix
 *
 * Scans a folder of head CT, keeps the 1 mm series of each study, preprocesses every slice
 * with the default pipeline, and writes one CNN feature vector per slice as a NumPy `.npy`
 * matrix with a JSON sidecar (backbone, weights and their hash, the preprocessing pipeline,
 * one row id per slice: `series UID/SOP instance UID`). In Python: `np.load('features.npy')`.
 *
 * Run (from the repository root):
 *
 *     pnpm build && pnpm exec tsx examples/03-extract-features.ts [DIR] [--out out/03]
 *       [--backbone resnet50|xception|inceptionV3|inceptionResNetV2]
 *       [--weights auto|imagenet|random|FILE] [--engine auto|onnx|tfjs] [--thickness 1]
 *
 * Without DIR it first writes a small phantom cohort (4 patients) and uses that.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { scanFolder, selectSeries } from '@calvaria/dicom-hu';
import { generateCohort } from '@calvaria/phantom';
import { createPipeline, DEFAULT_STEPS } from '@calvaria/preprocess';
import {
  backboneSpecs,
  createBackbone,
  defaultCacheDir,
  extractFeatures,
  saveFeatures,
  type BackboneName,
  type FeatureEngineChoice,
} from '@calvaria/features';
import { preprocessStream } from './lib/preprocess-stream.js';
import { startProgress } from './lib/progress.js';
import { chooseWeights, weightsWarning } from './lib/weights.js';

const { values, positionals } = parseArgs({
  options: {
    out: { type: 'string', default: 'out/03' },
    backbone: { type: 'string', default: 'resnet50' },
    weights: { type: 'string', default: 'auto' },
    engine: { type: 'string', default: 'auto' },
    thickness: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});
const outDir = values.out as string;
const backboneName = values.backbone as BackboneName;
if (!(backboneName in backboneSpecs)) {
  throw new Error(`--backbone must be one of ${Object.keys(backboneSpecs).join(', ')}.`);
}
await mkdir(outDir, { recursive: true });

// ## 1 · The folder (or a small phantom cohort)
let folder = positionals[0];
if (folder === undefined) {
  folder = join(outDir, 'cohort');
  const bar = startProgress('phantom: 4 patients');
  await generateCohort({
    patients: 4,
    slicesPerSeries: 12,
    seed: 3,
    outDir: folder,
    onProgress: ({ done, total }) => bar.update(done, total),
  });
  bar.finish();
}

// ## 2 · One thin series per study, slices in order along the slice normal
const scanBar = startProgress('scan');
const scan = await scanFolder(folder, {
  onProgress: (p) => scanBar.update(p.filesRead + p.filesSkipped, p.filesFound),
});
scanBar.finish(`${scan.series.length} series, ${scan.skipped.length} files skipped`);
const selections = selectSeries(scan.series, {
  sliceThicknessMm: Number(values.thickness),
  fallbackToNearest: true,
});
const slices = selections.flatMap((s) =>
  s.series.slices.map((slice) => ({
    path: slice.path,
    rowId: `${s.series.seriesInstanceUid}/${slice.sopInstanceUid ?? slice.instanceNumber}`,
  })),
);
console.log(`${selections.length} studies, ${slices.length} slices selected`);

// ## 3 · The backbone: ImageNet weights when cached, else seeded random (said plainly)
const cacheDir = defaultCacheDir();
const { weights, imagenetPath } = chooseWeights(
  backboneName,
  values.weights as string,
  cacheDir,
);
const backbone = await createBackbone(backboneName, { weights, seed: 0 });
const warning = weightsWarning(backboneName, backbone.weights.kind, imagenetPath);
if (warning !== undefined) console.log(`NOTE: ${warning}`);

// ## 4 · Preprocess (the default pipeline, at the backbone's input size) and extract
const [size] = backbone.inputShape;
const pipeline = createPipeline(
  DEFAULT_STEPS.map((step) =>
    step.op === 'resize' ? { ...step, width: size, height: size } : step,
  ),
);
const bar = startProgress(`${backboneName} features`);
const features = await extractFeatures(
  preprocessStream(
    slices.map((s) => s.path),
    pipeline,
    { workers: availableParallelism() },
  ),
  {
    backbone,
    engine: values.engine as FeatureEngineChoice,
    onProgress: ({ done }) => bar.update(done, slices.length),
  },
);
bar.finish(`${features.rows} x ${features.columns}, engine ${features.engine}`);
backbone.dispose();

// ## 5 · The matrix and its sidecar
const written = await saveFeatures(join(outDir, 'features.npy'), features, {
  rowIds: slices.map((s) => s.rowId),
  pipeline: pipeline.toJSON(),
});
console.log(written);
