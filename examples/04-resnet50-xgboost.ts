/**
 * # 04 · The method: ResNet50 features + gradient-boosted trees, end to end
 *
 * The published method, as one readable script. This is what `pnpm demo` runs.
 *
 * 1. A cohort of head CT series with slice labels: by default a synthetic one written as DICOM
 *    by `@calvaria/phantom` (60 patients, about 2,000 slices, three classes); with
 *    `--data DIR --labels CSV`, your own folder (see examples/lib/cohort.ts for the CSV).
 * 2. Read back from disk with `@calvaria/dicom-hu`: series scan, the 1 mm series per study,
 *    Hounsfield units.
 * 3. Preprocessing with `@calvaria/preprocess` (noise estimate, tilt correction, crop, pad,
 *    resize to 224 x 224, brain/subdural/bone windows); the pipeline is saved as JSON.
 * 4. A split by patient, 50/20/30 (train/validation/test), and the training part balanced by
 *    over-sampling the minority class and under-sampling the majority, as the method did.
 * 5. ResNet50 features (2048 per slice) with the fastest engine present. ImageNet weights when
 *    Keras's file is in the cache, otherwise seeded random weights, and the output says which.
 * 6. Gradient boosting, 500 trees (XGBoost's defaults otherwise); the validation part gives
 *    the training curve, the test part is used once, at the end.
 * 7. The method's metric table and the per-class report, printed.
 * 8. `out/report.html`: metrics, confusion matrix, ROC curves, training curve and example
 *    slices per class with their predictions.
 *
 * Run (from the repository root):
 *
 *     pnpm demo                                   # = tsx examples/04-resnet50-xgboost.ts
 *     pnpm demo --patients 200                 # a bigger synthetic cohort
 *     pnpm demo --data DIR --labels labels.csv # your own DICOM folder
 *
 * Options: --out (default `out`), --patients (60), --slices (34 per series), --seed (1),
 * --weights (`auto` | `imagenet` | `random` | a .h5 file or model folder; default `auto`),
 * --engine (`auto` | `onnx` | `tfjs`), --trees (500), --workers (cores), --thickness (1 mm).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import { applyWindow, WINDOW_PRESETS } from '@calvaria/dicom-hu';
import {
  createPipeline,
  DEFAULT_STEPS,
  resize,
  type PipelineStep,
} from '@calvaria/preprocess';
import {
  createBackbone,
  defaultCacheDir,
  extractFeatures,
  saveFeatures,
  type BackboneName,
  type FeatureEngineChoice,
} from '@calvaria/features';
import { CombinedSampler, GradientBoostingClassifier } from '@calvaria/classifiers';
import {
  classificationReport,
  confusionMatrix,
  rocAucScore,
  rocCurve,
} from '@calvaria/metrics';

import { readSliceHu, type LabelledSlice } from './lib/cohort.js';
import { obtainCohort } from './lib/method-cohort.js';
import { METHOD_METRIC_NOTES, methodMetrics } from './lib/method-metrics.js';
import { splitByPatient } from './lib/patient-split.js';
import { preprocessStream } from './lib/preprocess-stream.js';
import { chooseWeights, weightsWarning } from './lib/weights.js';
import { formatCsv } from './lib/csv.js';
import { encodePng, pngDataUrl } from './lib/png.js';
import type { CohortRunOptions } from './lib/run-options.js';
import { startProgress } from './lib/progress.js';
import { renderReport, type ReportExample } from './lib/report.js';

/** Everything the pipeline can be told. */
export interface MethodOptions extends CohortRunOptions {
  /** Seed of the phantom, the split, the resampling, the random weights and the trees. */
  readonly seed: number;
  /** CNN input size (pixels, square). */
  readonly inputSizePx: number;
  /** The backbone (the method: ResNet50). */
  readonly backbone: BackboneName;
  /** Boosting rounds. */
  readonly trees: number;
}

/** What one run produced. */
export interface MethodResult {
  readonly classes: string[];
  readonly metrics: Record<string, number>;
  readonly split: { train: string[]; val: string[]; test: string[] };
  readonly weightsKind: string;
  readonly engine: string;
  readonly files: Record<string, string>;
  readonly seconds: Record<string, number>;
}

/** The defaults `pnpm demo` uses. */
export const DEMO_DEFAULTS: MethodOptions = {
  outDir: 'out',
  patients: 60,
  slicesPerSeries: 34,
  imageSizePx: 512,
  seed: 1,
  inputSizePx: 224,
  backbone: 'resnet50',
  weights: 'auto',
  engine: 'auto',
  trees: 500,
  workers: availableParallelism(),
  sliceThicknessMm: 1,
};

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** Runs the method end to end; see the file comment for the steps. */
export async function runMethod(options: MethodOptions): Promise<MethodResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const progress = options.progress ?? startProgress;
  const out = resolve(options.outDir);
  await mkdir(out, { recursive: true });
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await work();
    seconds[name] = round((performance.now() - start) / 1000, 1);
    return value;
  };

  // ## 1-2 · The cohort, read back: scan, 1 mm series per study, labels per slice
  const obtained = await obtainCohort({ ...options, outDir: out, log, progress });
  Object.assign(seconds, obtained.seconds);
  const { dataDir, classes } = obtained;
  const slices = obtained.cohort.slices;

  // ## 3 · The split by patient, 50/20/30, before anything is learnt
  const labels = slices.map((s) => s.label);
  const { parts, patients: split } = splitByPatient(slices, options.seed);
  log(
    `Split by patient: ${split.train.length} / ${split.val.length} / ${split.test.length} ` +
      `patients, ${parts.train.length} / ${parts.val.length} / ${parts.test.length} slices`,
  );

  // ## 4 · Preprocessing and ResNet50 features, streamed slice by slice
  const steps: PipelineStep[] = DEFAULT_STEPS.map((step) =>
    step.op === 'resize'
      ? { ...step, width: options.inputSizePx, height: options.inputSizePx }
      : step,
  );
  const pipeline = createPipeline(steps);
  const files: Record<string, string> = {};
  files.pipeline = join(out, 'pipeline.json');
  await writeFile(files.pipeline, JSON.stringify(pipeline.toJSON(), null, 2) + '\n');

  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const { weights, imagenetPath } = chooseWeights(
    options.backbone,
    options.weights,
    cacheDir,
  );
  const backbone = await createBackbone(options.backbone, {
    weights,
    seed: options.seed,
    inputShape: [options.inputSizePx, options.inputSizePx, 3],
    cacheDir,
  });
  const warnings: string[] = [...(options.data?.notes ?? [])];
  const note = weightsWarning(options.backbone, backbone.weights.kind, imagenetPath);
  if (note !== undefined) {
    warnings.push(note);
    log(`NOTE: ${note}`);
  }

  let preprocessMs = 0;
  const tilts: number[] = [];
  const sigmas: number[] = [];
  const channels = preprocessStream(
    slices.map((s) => s.path),
    pipeline,
    {
      workers: options.workers,
      onChunkMs: (ms) => (preprocessMs += ms),
      onRecords: (records) => {
        for (const record of records) {
          if (record.tiltDeg !== undefined) tilts.push(record.tiltDeg);
          if (record.sigmaHu !== undefined) sigmas.push(record.sigmaHu);
        }
      },
    },
  );
  const featureBar = progress(`read + preprocess + ${options.backbone} features`);
  const featureSet = await timed('preprocessAndFeatures', () =>
    extractFeatures(channels, {
      backbone,
      engine: options.engine,
      batchSize: 8,
      onnx: { cacheDir },
      onProgress: ({ done }) => featureBar.update(done, slices.length),
    }),
  );
  seconds.preprocess = round(preprocessMs / 1000, 1);
  featureBar.finish(
    `${featureSet.rows} x ${featureSet.columns} features, engine ${featureSet.engine}, ` +
      `${backbone.weights.kind} weights`,
  );
  backbone.dispose?.();
  files.features = join(out, 'features.npy');
  await saveFeatures(files.features, featureSet, {
    rowIds: slices.map(
      (s) => `${s.seriesInstanceUid}/${s.sopInstanceUid ?? s.sliceIndex}`,
    ),
    pipeline: pipeline.toJSON(),
  });

  // ## 5 · Balance the training part, train 500 trees, watch the validation loss
  const D = featureSet.columns;
  const rowsOf = (rows: Int32Array): Float32Array => {
    const x = new Float32Array(rows.length * D);
    rows.forEach((r, i) =>
      x.set(featureSet.features.subarray(r * D, (r + 1) * D), i * D),
    );
    return x;
  };
  const labelsOf = (rows: Int32Array): string[] => Array.from(rows, (r) => labels[r]);
  const balanced = new CombinedSampler({ seed: options.seed }).fitResample(
    rowsOf(parts.train),
    labelsOf(parts.train),
  );
  const countOf = (y: ReadonlyArray<string | number>) =>
    classes.map((c) => `${c} ${y.filter((l) => String(l) === c).length}`).join(', ');
  log(
    `Training rows after balancing: ${countOf(balanced.y)} (before: ${countOf(labelsOf(parts.train))})`,
  );

  const model = new GradientBoostingClassifier({
    nEstimators: options.trees,
    seed: options.seed,
  });
  const trainBar = progress(`gradient boosting, ${options.trees} rounds`);
  await timed('train', () =>
    model.fit(balanced.x, balanced.y, {
      evalSet: { x: rowsOf(parts.val), y: labelsOf(parts.val) },
      onProgress: ({ done, total }) => trainBar.update(done, total),
    }),
  );
  trainBar.finish(`validation log loss ${model.evalHistory.at(-1)?.toFixed(4)}`);
  files.model = join(out, 'model.json');
  await writeFile(files.model, JSON.stringify(model.toJSON()));

  // ## 6 · The test part, once
  const testX = rowsOf(parts.test);
  const yTrue = labelsOf(parts.test);
  const proba = model.predictProba(testX);
  const K = classes.length;
  const modelClasses = model.classes.map(String);
  const { yPred, metrics } = methodMetrics(yTrue, proba, modelClasses);
  const notes: Record<string, string | undefined> = METHOD_METRIC_NOTES;
  const report = classificationReport(yTrue, yPred, { labels: modelClasses, digits: 3 });
  log('');
  log(
    `The method's metrics on the test part (${yTrue.length} slices, ${split.test.length} patients):`,
  );
  for (const [name, value] of Object.entries(metrics)) {
    log(`  ${name.padEnd(30)} ${value.toFixed(4)}`);
  }
  log('');
  log(report.text);

  files.predictions = join(out, 'predictions.csv');
  await writeFile(
    files.predictions,
    formatCsv(
      [
        'patient_id',
        'series_instance_uid',
        'sop_instance_uid',
        'label',
        'predicted',
        ...modelClasses.map((c) => `p_${c}`),
      ],
      Array.from(parts.test, (r, i) => [
        slices[r].patientId,
        slices[r].seriesInstanceUid,
        slices[r].sopInstanceUid ?? '',
        yTrue[i],
        yPred[i],
        ...modelClasses.map((_, k) => proba[i * K + k].toFixed(6)),
      ]),
    ),
  );
  files.split = join(out, 'split.json');
  await writeFile(files.split, JSON.stringify(split, null, 2) + '\n');

  // ## 7 · The report page
  const roc = modelClasses.map((c, k) => {
    const truth = yTrue.map((l) => (l === c ? 1 : 0));
    const score = Array.from(parts.test, (_, i) => proba[i * K + k]);
    const has = truth.includes(1) && truth.includes(0);
    const curve = has
      ? rocCurve(truth, score, { posLabel: 1 })
      : { fpr: [0, 1], tpr: [0, 1] };
    return {
      className: c,
      fpr: curve.fpr,
      tpr: curve.tpr,
      auc: has ? (rocAucScore(truth, score) as number) : NaN,
    };
  });
  const examples = await exampleSlices(
    slices,
    parts.test,
    yTrue,
    yPred,
    proba,
    modelClasses,
    pipeline,
  );
  const engineName = featureSet.engine;
  const facts: Array<[string, string]> = [
    [
      'cohort',
      options.data
        ? dataDir
        : `phantom, ${options.patients} patients, seed ${options.seed}`,
    ],
    [
      'slices',
      `${slices.length} in ${obtained.cohort.selections.length} series (${countOf(labels)})`,
    ],
    [
      'split by patient',
      `${split.train.length} / ${split.val.length} / ${split.test.length} patients; ${parts.train.length} / ${parts.val.length} / ${parts.test.length} slices`,
    ],
    ['training rows after balancing', countOf(balanced.y)],
    [
      'backbone',
      `${options.backbone}, ${options.inputSizePx} x ${options.inputSizePx}, ${backbone.weights.kind} weights (sha256 ${backbone.weights.sha256.slice(0, 12)}…)`,
    ],
    ['feature engine', engineName],
    [
      'preprocessing',
      `${steps.map((s) => s.op).join(' → ')}; median |tilt| corrected ${median(tilts.map(Math.abs)).toFixed(1)}°, median noise σ ${median(sigmas).toFixed(1)} HU`,
    ],
    [
      'classifier',
      `gradient boosting, ${options.trees} rounds, depth 6, learning rate 0.3`,
    ],
    [
      'seconds',
      Object.entries(seconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
  ];
  files.report = join(out, 'report.html');
  await writeFile(
    files.report,
    renderReport({
      title: `calvaria · ${options.backbone} + gradient boosting`,
      facts,
      warnings,
      metrics: Object.entries(metrics).map(([name, value]) => ({
        name,
        value,
        note: notes[name],
      })),
      classNames: modelClasses,
      confusion: confusionMatrix(yTrue, yPred, { labels: modelClasses }),
      roc,
      trainingCurve: {
        metric: 'multiclass log loss',
        series: [{ name: 'validation', values: model.evalHistory }],
      },
      classificationReportText: report.text,
      examples,
    }),
  );
  files.metrics = join(out, 'metrics.json');
  await writeFile(
    files.metrics,
    JSON.stringify(
      {
        metrics,
        classes: modelClasses,
        weights: backbone.weights,
        engine: engineName,
        seconds,
      },
      null,
      2,
    ) + '\n',
  );
  log(`Report: ${files.report}`);
  return {
    classes: modelClasses,
    metrics,
    split,
    weightsKind: backbone.weights.kind,
    engine: engineName,
    files,
    seconds,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Picks up to four test slices per true class (right and wrong predictions, most confident
 * first) and renders each as the original slice in a bone window and as the CNN's channels.
 */
async function exampleSlices(
  slices: readonly LabelledSlice[],
  testRows: Int32Array,
  yTrue: readonly string[],
  yPred: readonly string[],
  proba: Float64Array,
  classes: readonly string[],
  pipeline: ReturnType<typeof createPipeline>,
): Promise<ReportExample[]> {
  const K = classes.length;
  const chosen: number[] = [];
  for (const c of classes) {
    const rows = [...yTrue.keys()].filter((i) => yTrue[i] === c);
    const confidence = (i: number) => proba[i * K + classes.indexOf(yPred[i])];
    const right = rows
      .filter((i) => yPred[i] === c)
      .sort((a, b) => confidence(b) - confidence(a));
    const wrong = rows
      .filter((i) => yPred[i] !== c)
      .sort((a, b) => confidence(b) - confidence(a));
    const take = [...right.slice(0, 2), ...wrong.slice(0, 2)];
    for (const i of [...right.slice(2), ...wrong.slice(2)]) {
      if (take.length >= 4) break;
      take.push(i);
    }
    chosen.push(...take.slice(0, 4));
  }
  const examples: ReportExample[] = [];
  for (const i of chosen) {
    const slice = slices[testRows[i]];
    const hu = await readSliceHu(slice.path);
    const side = Math.min(256, hu.width);
    const small = resize(hu, {
      width: side,
      height: Math.round((side * hu.height) / hu.width),
      method: 'area',
    });
    const bone = applyWindow(small, WINDOW_PRESETS.bone);
    const channels = pipeline.run(hu).channels!;
    examples.push({
      id: `${slice.patientId} · slice ${slice.sliceIndex}`,
      trueClass: yTrue[i],
      predictedClass: yPred[i],
      probability: proba[i * K + classes.indexOf(yPred[i])],
      originalPngUrl: pngDataUrl(encodePng(bone.pixels, bone.width, bone.height)),
      preprocessedPngUrl: pngDataUrl(
        encodePng(channels.data, channels.width, channels.height, 3),
      ),
    });
  }
  return examples;
}

/** Reads the command line into options (see the file comment). */
export function optionsFromArgs(args: string[]): MethodOptions {
  const { values } = parseArgs({
    // `pnpm demo -- --patients 200` passes the `--` through; drop it.
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      labels: { type: 'string' },
      patients: { type: 'string' },
      slices: { type: 'string' },
      seed: { type: 'string' },
      weights: { type: 'string' },
      engine: { type: 'string' },
      trees: { type: 'string' },
      workers: { type: 'string' },
      thickness: { type: 'string' },
    },
  });
  if ((values.data === undefined) !== (values.labels === undefined)) {
    throw new Error('Give --data DIR and --labels CSV together.');
  }
  const number = (text: string | undefined, fallback: number, name: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number, got '${text}'.`);
    return value;
  };
  const engine = values.engine ?? 'auto';
  if (!['auto', 'onnx', 'tfjs'].includes(engine))
    throw new Error(`--engine must be auto, onnx or tfjs, got '${engine}'.`);
  return {
    ...DEMO_DEFAULTS,
    outDir: values.out ?? DEMO_DEFAULTS.outDir,
    data:
      values.data !== undefined
        ? { dir: values.data, labelsCsv: values.labels! }
        : undefined,
    patients: Math.round(number(values.patients, DEMO_DEFAULTS.patients, 'patients')),
    slicesPerSeries: Math.round(
      number(values.slices, DEMO_DEFAULTS.slicesPerSeries, 'slices'),
    ),
    seed: Math.round(number(values.seed, DEMO_DEFAULTS.seed, 'seed')),
    weights: values.weights ?? 'auto',
    engine: engine as FeatureEngineChoice,
    trees: Math.round(number(values.trees, DEMO_DEFAULTS.trees, 'trees')),
    workers: Math.round(number(values.workers, DEMO_DEFAULTS.workers, 'workers')),
    sliceThicknessMm: number(
      values.thickness,
      DEMO_DEFAULTS.sliceThicknessMm,
      'thickness',
    ),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const result = await runMethod(optionsFromArgs(process.argv.slice(2)));
  console.log(
    `Done in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
      `(${result.weightsKind} weights, engine ${result.engine}).`,
  );
}
