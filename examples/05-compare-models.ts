/**
 * # 05 · The method's comparison: four backbones, three classifiers, fine-tuned CNNs
 *
 * The comparison the method's tables make, as one run and one table: each ImageNet backbone
 * (ResNet50, Xception, Inception-v3, Inception-ResNet-v2) used as a fixed feature extractor
 * under each classifier (XGBoost's gradient boosting with 500 rounds, a random forest of 200
 * trees, a linear SVM), and the same backbone fine-tuned as a classifier itself (a dense
 * layer of 128 ReLU units and a softmax on the frozen backbone, trained with Adam or Nadam),
 * every model scored on the same test patients with the method's metrics.
 *
 * 1. The cohort, as in 04: a phantom cohort written as DICOM (or `--data DIR --labels CSV`),
 *    read back as the 1 mm series of each study with a label per slice.
 * 2. A split by patient, 50/20/30, made once; the training part balanced once (over-sampling
 *    the minority class, under-sampling the majority, as the method did), so that every model
 *    learns from the same rows and is tested on the same slices.
 * 3. For each backbone: the default preprocessing resized to the backbone's input size, the
 *    features extracted once (fastest engine present), each classifier fitted on them and
 *    tested once; then the fine-tuned CNN baselines on a fresh copy of the backbone, with the
 *    validation part for early stopping.
 * 4. The table (printed, and written as `comparison.md`, `comparison.csv`, `comparison.json`).
 *    When a backbone runs with seeded random weights rather than ImageNet's, the output says
 *    so; its figures then show the pipeline working, not the method's accuracy.
 *
 * Run (from the repository root):
 *
 *     pnpm exec tsx examples/05-compare-models.ts --quick     # a minute or two on 2 cores
 *     pnpm exec tsx examples/05-compare-models.ts             # the full comparison (hours)
 *     pnpm exec tsx examples/05-compare-models.ts --backbones resnet50,xception \
 *       --models xgboost,linear-svc --data DIR --labels labels.csv
 *
 * Options: --out (default `out/05`), --quick (10 patients of 8 slices at 96 x 96, 75 px
 * input, 20 rounds and trees, 2 epochs; any option below overrides it), --backbones (comma
 * list of `resnet50`, `xception`, `inceptionV3`, `inceptionResNetV2`; default all), --models
 * (comma list of `xgboost`, `random-forest`, `linear-svc`, `cnn-adam`, `cnn-nadam`; default
 * all), --patients (60), --slices (34 per series), --seed (1), --weights (`auto` | `imagenet` |
 * `random`, or a .h5 file or model folder with one backbone; default `auto`: ImageNet when
 * Keras's file is cached), --engine (`auto` | `onnx` | `tfjs`), --backend (TensorFlow.js:
 * `auto` | `wasm` | `cpu` | `tensorflow`), --input (CNN input side in pixels for every
 * backbone, raised to a backbone's minimum; default each backbone's Keras size, 224 or 299),
 * --trees (boosting rounds, 500), --forest-trees (200), --epochs (10), --patience (3),
 * --unfreeze, --workers (cores), --thickness (1 mm).
 *
 * `--unfreeze LAYER` (or `--unfreeze resnet50=LAYER,xception=LAYER`) trains the backbone's
 * layers from LAYER on with the head, instead of the head alone. It needs the `cpu` backend
 * (`--backend cpu`, slow) or `@tensorflow/tfjs-node`: TensorFlow.js's wasm backend has no
 * convolution filter-gradient kernels, and the run stops before any work if it would need them.
 *
 * Time and memory: the CNN baselines run the backbone over every training image in every
 * epoch on TensorFlow.js, several times slower than feature extraction on ONNX Runtime; on a
 * 2-core machine they take most of a full run (leave them out with `--models
 * xgboost,random-forest,linear-svc`). They hold each slice's channels in memory (side x side x
 * 3 float32: about 1 GB per 1,000 slices at 299 px), and `trainCnn` copies the training and
 * validation images into tensors.
 *
 * The CNN baselines are seeded from `--seed` too (the head's initial weights and the batch
 * order of every epoch), so every row is the same for the same seed, engine and backend.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { createPipeline, DEFAULT_STEPS, type ChannelImage } from '@calvaria/preprocess';
import {
  backboneSpecs,
  createBackbone,
  createCnnClassifier,
  defaultCacheDir,
  extractFeatures,
  predictCnn,
  selectBackend,
  trainCnn,
  type Backbone,
  type BackboneName,
  type BackendPreference,
  type FeatureEngineChoice,
  type FeatureSet,
  type OptimizerName,
} from '@calvaria/features';
import {
  CombinedSampler,
  GradientBoostingClassifier,
  LinearSVC,
  RandomForestClassifier,
  type Classifier,
} from '@calvaria/classifiers';

import { preprocessStream } from './lib/preprocess-stream.js';
import { chooseWeights, weightsWarning } from './lib/weights.js';
import { formatCsv } from './lib/csv.js';
import type { CohortRunOptions } from './lib/run-options.js';
import { startProgress, type ProgressBar } from './lib/progress.js';
import { obtainCohort } from './lib/method-cohort.js';
import { splitByPatient, type PatientsByPart } from './lib/patient-split.js';
import {
  METHOD_METRIC_NAMES,
  METHOD_METRIC_NOTES,
  methodMetrics,
  type MethodMetrics,
} from './lib/method-metrics.js';

/** The four backbones, in the order the tables give them. */
export const COMPARISON_BACKBONES: readonly BackboneName[] = [
  'resnet50',
  'xception',
  'inceptionV3',
  'inceptionResNetV2',
];

/** A model of the comparison: a classifier on a backbone's features, or the CNN itself. */
export type ComparisonModel =
  'xgboost' | 'random-forest' | 'linear-svc' | 'cnn-adam' | 'cnn-nadam';

/** Every model, in the order the table gives them. */
export const COMPARISON_MODELS: readonly ComparisonModel[] = [
  'xgboost',
  'random-forest',
  'linear-svc',
  'cnn-adam',
  'cnn-nadam',
];

const BACKBONE_TITLES: Readonly<Record<BackboneName, string>> = {
  resnet50: 'ResNet50',
  xception: 'Xception',
  inceptionV3: 'Inception-v3',
  inceptionResNetV2: 'Inception-ResNet-v2',
};

const MODEL_TITLES: Readonly<Record<ComparisonModel, string>> = {
  xgboost: 'XGBoost',
  'random-forest': 'random forest',
  'linear-svc': 'linear SVM',
  'cnn-adam': 'fine-tuned CNN, Adam',
  'cnn-nadam': 'fine-tuned CNN, Nadam',
};

const CNN_OPTIMIZERS: Readonly<Partial<Record<ComparisonModel, OptimizerName>>> = {
  'cnn-adam': 'adam',
  'cnn-nadam': 'nadam',
};

/** Everything the comparison can be told. */
export interface ComparisonOptions extends CohortRunOptions {
  /**
   * Seed of the phantom, the split, the resampling, the random weights and the classifiers,
   * the CNN baselines' heads and batch order included.
   */
  readonly seed: number;
  /**
   * CNN input side (pixels, square) for every backbone, raised to a backbone's minimum
   * (Xception 71, the Inceptions 75); undefined: each backbone's Keras default (224 or 299).
   */
  readonly inputSizePx?: number;
  /** The backbones to compare. */
  readonly backbones: readonly BackboneName[];
  /** The models to fit on each backbone. */
  readonly models: readonly ComparisonModel[];
  /** TensorFlow.js backend for the CNN baselines (and the tfjs feature engine). */
  readonly backend: BackendPreference;
  /** Boosting rounds (the method: 500). */
  readonly boostingRounds: number;
  /** Random forest trees (the method: 200). */
  readonly forestTrees: number;
  /** Most epochs of a CNN baseline. */
  readonly epochs: number;
  /** Epochs without a lower validation loss before a CNN baseline stops. */
  readonly patience: number;
  /** Images per CNN training step. */
  readonly cnnBatchSize: number;
  /**
   * The first backbone layer that trains in the CNN baselines, per backbone (absent: the
   * backbone stays frozen, only the head trains). Needs the `cpu` or `tensorflow` backend.
   */
  readonly unfreezeFrom?: Readonly<Partial<Record<BackboneName, string>>>;
}

/** One row of the table: one model on one backbone, scored on the test part. */
export interface ComparisonRow {
  readonly backbone: BackboneName;
  readonly model: ComparisonModel;
  /** CNN input side, pixels. */
  readonly inputSizePx: number;
  /** The backbone weights' kind (`imagenet`, `random`, `h5`, `tfjs`). */
  readonly weightsKind: string;
  /** What ran the backbone: the feature engine, or the TensorFlow.js backend. */
  readonly engine: string;
  /** The method's metrics on the test part. */
  readonly metrics: MethodMetrics;
  /** Validation log loss of the model scored: the last boosting round's, or a CNN's. */
  readonly validationLogLoss?: number;
  /** Epochs run, the best one (0-based) and whether early stopping ended the run (CNNs). */
  readonly epochs?: {
    readonly run: number;
    readonly best: number;
    readonly stoppedEarly: boolean;
  };
  /** Seconds spent training. */
  readonly trainSeconds: number;
}

/** What one comparison produced. */
export interface ComparisonResult {
  /** The classes, in the column order of every model's probabilities. */
  readonly classes: string[];
  /**
   * One row per backbone and model: backbones in the order given, and for each the
   * classifiers on its features, then the CNN baselines, each in the order given.
   */
  readonly rows: ComparisonRow[];
  /** The patients of each part. */
  readonly split: PatientsByPart;
  /** Notes a reader must see (random weights, raised input sizes). */
  readonly notes: string[];
  /** The table as Markdown, as printed. */
  readonly table: string;
  /** The files written: `markdown`, `csv`, `json`. */
  readonly files: Record<string, string>;
  /** Seconds per step. */
  readonly seconds: Record<string, number>;
}

/** The full comparison's defaults: the method's cohort size, trees and input sizes. */
export const COMPARISON_DEFAULTS: ComparisonOptions = {
  outDir: 'out/05',
  patients: 60,
  slicesPerSeries: 34,
  imageSizePx: 512,
  seed: 1,
  backbones: COMPARISON_BACKBONES,
  models: COMPARISON_MODELS,
  weights: 'auto',
  engine: 'auto',
  backend: 'auto',
  boostingRounds: 500,
  forestTrees: 200,
  epochs: 10,
  patience: 3,
  cnnBatchSize: 16,
  workers: availableParallelism(),
  sliceThicknessMm: 1,
};

/**
 * What `--quick` changes: ten patients of eight 96 x 96 slices, every backbone at 75 px (the
 * smallest input Inception-v3 and Inception-ResNet-v2 take), 20 rounds and trees, 2 epochs.
 */
export const QUICK_OVERRIDES: Partial<ComparisonOptions> = {
  patients: 10,
  slicesPerSeries: 8,
  imageSizePx: 96,
  inputSizePx: 75,
  boostingRounds: 20,
  forestTrees: 20,
  epochs: 2,
  cnnBatchSize: 8,
};

const FEATURE_MODELS: readonly ComparisonModel[] = [
  'xgboost',
  'random-forest',
  'linear-svc',
];

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** Runs the comparison; see the file comment for the steps. */
export async function runComparison(
  options: ComparisonOptions,
): Promise<ComparisonResult> {
  checkOptions(options);
  const log = options.log ?? ((line: string) => console.log(line));
  const progress = options.progress ?? startProgress;
  const out = resolve(options.outDir);
  await mkdir(out, { recursive: true });
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const seconds: Record<string, number> = {};
  if (
    options.unfreezeFrom !== undefined &&
    Object.keys(options.unfreezeFrom).length > 0
  ) {
    await requireGradientBackend(options.backend);
  }

  // ## 1 · The cohort and the split by patient, once for every model
  const obtained = await obtainCohort({ ...options, log, progress });
  Object.assign(seconds, obtained.seconds);
  const { cohort, classes } = obtained;
  const slices = cohort.slices;
  const labels = slices.map((s) => s.label);
  const { parts, patients: split } = splitByPatient(slices, options.seed);
  log(
    `Split by patient: ${split.train.length} / ${split.val.length} / ${split.test.length} ` +
      `patients, ${parts.train.length} / ${parts.val.length} / ${parts.test.length} slices`,
  );
  const labelsOf = (rows: ArrayLike<number>): string[] =>
    Array.from(rows, (r) => labels[r]);
  if (parts.val.length === 0) {
    throw new Error(
      'The validation part is empty; use more patients (--patients) or another --seed.',
    );
  }
  for (const [part, rows] of [
    ['training', parts.train],
    ['test', parts.test],
  ] as const) {
    const present = new Set(labelsOf(rows));
    const missing = classes.filter((c) => !present.has(c));
    if (missing.length > 0) {
      throw new Error(
        `The ${part} part has no '${missing.join("', '")}' slice; every model needs each ` +
          'class there. Use more patients (--patients) or another --seed.',
      );
    }
  }

  // ## 2 · Balance the training part once: the same rows for every model
  const trainLabels = labelsOf(parts.train);
  const resampled = new CombinedSampler({ seed: options.seed }).resampleIndices(
    trainLabels,
  );
  const balancedRows = Int32Array.from(resampled, (i) => parts.train[i]);
  const balancedLabels = labelsOf(balancedRows);
  const countOf = (y: readonly string[]) =>
    classes.map((c) => `${c} ${y.filter((l) => l === c).length}`).join(', ');
  log(
    `Training rows after balancing: ${countOf(balancedLabels)} (before: ${countOf(trainLabels)})`,
  );
  const yTest = labelsOf(parts.test);

  // ## 3 · Each backbone: features once, each classifier on them, then the CNN baselines
  const rows: ComparisonRow[] = [];
  const notes: string[] = [];
  const weightsOf: Record<string, unknown> = {};
  const pipelines: Record<string, unknown> = {};
  const wantsCnn = options.models.some((m) => CNN_OPTIMIZERS[m] !== undefined);
  let channelsKept: { sizePx: number; images: ChannelImage[] } | undefined;

  // The files are rewritten after every backbone, so that a long run that stops keeps the
  // rows it finished.
  const files: Record<string, string> = {
    markdown: join(out, 'comparison.md'),
    csv: join(out, 'comparison.csv'),
    json: join(out, 'comparison.json'),
  };
  const write = async (): Promise<{ table: string; markdown: string }> => {
    const table = comparisonTable(rows);
    const markdown = [
      '# Skull-fracture classification: backbones x models',
      '',
      `Test part: ${yTest.length} slices of ${split.test.length} patients ` +
        `(${countOf(yTest)}); training: ${balancedRows.length} balanced rows of ` +
        `${split.train.length} patients; validation: ${parts.val.length} slices of ` +
        `${split.val.length} patients.`,
      '',
      ...notes.map((n) => `> NOTE: ${n}`),
      ...(notes.length > 0 ? [''] : []),
      table,
      '',
      ...footnotes(options).map((f) => `- ${f}`),
      '',
    ].join('\n');
    await writeFile(files.markdown, markdown);
    await writeFile(files.csv, comparisonCsv(rows));
    await writeFile(
      files.json,
      JSON.stringify(
        {
          classes,
          cohort: options.data
            ? { data: obtained.dataDir, labels: obtained.labelsCsv }
            : { phantom: { patients: options.patients, seed: options.seed } },
          split,
          rows,
          notes,
          weights: weightsOf,
          pipelines,
          settings: {
            boostingRounds: options.boostingRounds,
            forestTrees: options.forestTrees,
            epochs: options.epochs,
            patience: options.patience,
            cnnBatchSize: options.cnnBatchSize,
            unfreezeFrom: options.unfreezeFrom ?? {},
          },
          seconds,
        },
        null,
        2,
      ) + '\n',
    );
    return { table, markdown };
  };

  for (const name of options.backbones) {
    const spec = backboneSpecs[name];
    const sizePx = Math.max(options.inputSizePx ?? spec.defaultSizePx, spec.minSizePx);
    if (options.inputSizePx !== undefined && sizePx !== options.inputSizePx) {
      const note = `${name} takes at least ${spec.minSizePx} px; it runs at ${sizePx} px, not ${options.inputSizePx}.`;
      notes.push(note);
      log(`NOTE: ${note}`);
    }
    const pipeline = createPipeline(
      DEFAULT_STEPS.map((step) =>
        step.op === 'resize' ? { ...step, width: sizePx, height: sizePx } : step,
      ),
    );
    pipelines[name] = pipeline.toJSON();

    const { weights, imagenetPath } = chooseWeights(name, options.weights, cacheDir);
    const makeBackbone = () =>
      createBackbone(name, {
        weights,
        seed: options.seed,
        inputShape: [sizePx, sizePx, 3],
        cacheDir,
        backend: options.backend,
      });
    const backbone = await makeBackbone();
    weightsOf[name] = backbone.weights;
    const layers = backbone.model.layers;
    const unfreezeLayer = options.unfreezeFrom?.[name];
    if (unfreezeLayer !== undefined && !layers.some((l) => l.name === unfreezeLayer)) {
      const middle = layers[layers.length >> 1].name;
      backbone.dispose();
      throw new Error(
        `--unfreeze: ${name} has no layer '${unfreezeLayer}'; give a Keras layer name ` +
          `such as '${middle}'.`,
      );
    }
    const warning = weightsWarning(name, backbone.weights.kind, imagenetPath);
    if (warning !== undefined) {
      notes.push(warning);
      log(`NOTE: ${warning}`);
    }

    // Channels of every slice at this size: streamed from disk, kept for the CNN baselines
    // (and for the next backbone of the same size) when there are any.
    let images: ChannelImage[] = [];
    let source: AsyncIterable<ChannelImage> | ChannelImage[];
    if (channelsKept !== undefined && channelsKept.sizePx === sizePx) {
      images = channelsKept.images;
      source = images;
    } else {
      channelsKept = undefined;
      const stream = preprocessStream(
        slices.map((s) => s.path),
        pipeline,
        { workers: options.workers },
      );
      if (wantsCnn) {
        source = keeping(stream, images);
        channelsKept = { sizePx, images };
      } else source = stream;
    }
    const featureBar = progress(`${name} features, ${sizePx} px`);
    const startMs = performance.now();
    const featureSet = await extractFeatures(source, {
      backbone,
      engine: options.engine,
      backend: options.backend,
      batchSize: 8,
      onnx: { cacheDir },
      onProgress: ({ done }) => featureBar.update(done, slices.length),
    });
    seconds[`features ${name}`] = round((performance.now() - startMs) / 1000, 1);
    featureBar.finish(
      `${featureSet.rows} x ${featureSet.columns}, engine ${featureSet.engine}, ` +
        `${backbone.weights.kind} weights`,
    );
    backbone.dispose();

    for (const model of options.models.filter((m) => FEATURE_MODELS.includes(m))) {
      rows.push(
        await fitOnFeatures(model, featureSet, {
          options,
          classes,
          balancedRows,
          balancedLabels,
          valRows: parts.val,
          valLabels: labelsOf(parts.val),
          testRows: parts.test,
          yTest,
          progress,
          sizePx,
        }),
      );
    }

    for (const model of options.models.filter((m) => CNN_OPTIMIZERS[m] !== undefined)) {
      // A fresh copy of the backbone for each baseline: an unfrozen run changes its weights.
      const fresh = await makeBackbone();
      if (fresh.weights.sha256 !== featureSet.weights.sha256) {
        fresh.dispose();
        throw new Error(
          `${name} loaded different weights for the CNN baseline than for the features ` +
            `(sha256 ${fresh.weights.sha256.slice(0, 12)} vs ${featureSet.weights.sha256.slice(0, 12)}).`,
        );
      }
      rows.push(
        await fineTuneCnn(model, fresh, images, {
          options,
          classes,
          balancedRows,
          valRows: parts.val,
          testRows: parts.test,
          labels,
          yTest,
          progress,
          sizePx,
        }),
      );
    }
    await write();
  }

  // ## 4 · The table, printed, and its files
  const { table, markdown } = await write();
  log('');
  for (const line of markdown.split('\n')) log(line);
  log(`Table: ${files.markdown}`);
  return { classes, rows, split, notes, table, files, seconds };
}

/** Passes a stream of channels through, keeping each in `into`. */
async function* keeping(
  source: AsyncIterable<ChannelImage>,
  into: ChannelImage[],
): AsyncGenerator<ChannelImage> {
  for await (const image of source) {
    into.push(image);
    yield image;
  }
}

interface FeatureModelContext {
  readonly options: ComparisonOptions;
  readonly classes: string[];
  readonly balancedRows: Int32Array;
  readonly balancedLabels: string[];
  readonly valRows: Int32Array;
  readonly valLabels: string[];
  readonly testRows: Int32Array;
  readonly yTest: string[];
  readonly progress: (label: string) => ProgressBar;
  readonly sizePx: number;
}

/** Fits one classifier on the balanced training features and scores it on the test part. */
async function fitOnFeatures(
  model: ComparisonModel,
  featureSet: FeatureSet,
  context: FeatureModelContext,
): Promise<ComparisonRow> {
  const { options, classes } = context;
  const D = featureSet.columns;
  const rowsOf = (rows: Int32Array): Float32Array => {
    const x = new Float32Array(rows.length * D);
    rows.forEach((r, i) =>
      x.set(featureSet.features.subarray(r * D, (r + 1) * D), i * D),
    );
    return x;
  };

  let classifier: Classifier;
  if (model === 'xgboost') {
    classifier = new GradientBoostingClassifier({
      nEstimators: options.boostingRounds,
      seed: options.seed,
    });
  } else if (model === 'random-forest') {
    classifier = new RandomForestClassifier({
      nEstimators: options.forestTrees,
      seed: options.seed,
    });
  } else classifier = new LinearSVC({ seed: options.seed });

  const bar = context.progress(`${featureSet.backbone} + ${MODEL_TITLES[model]}`);
  const startMs = performance.now();
  const fit = {
    onProgress: ({ done, total }: { done: number; total: number }) =>
      bar.update(done, total),
  };
  if (classifier instanceof GradientBoostingClassifier) {
    await classifier.fit(rowsOf(context.balancedRows), context.balancedLabels, {
      ...fit,
      evalSet: { x: rowsOf(context.valRows), y: context.valLabels },
    });
  } else await classifier.fit(rowsOf(context.balancedRows), context.balancedLabels, fit);
  const trainSeconds = round((performance.now() - startMs) / 1000, 1);

  const modelClasses = classifier.classes.map(String);
  if (modelClasses.join('\u0000') !== classes.join('\u0000')) {
    throw new Error(
      `${model} learnt classes ${modelClasses.join(', ')}, not ${classes.join(', ')}.`,
    );
  }
  const proba = classifier.predictProba(rowsOf(context.testRows));
  const { metrics } = methodMetrics(context.yTest, proba, classes);
  const validationLogLoss =
    classifier instanceof GradientBoostingClassifier
      ? classifier.evalHistory.at(-1)
      : undefined;
  bar.finish(`micro F1 ${metrics['micro F1'].toFixed(3)}`);
  return {
    backbone: featureSet.backbone,
    model,
    inputSizePx: context.sizePx,
    weightsKind: featureSet.weights.kind,
    engine: featureSet.engine,
    metrics,
    ...(validationLogLoss === undefined ? {} : { validationLogLoss }),
    trainSeconds,
  };
}

interface CnnContext {
  readonly options: ComparisonOptions;
  readonly classes: string[];
  readonly balancedRows: Int32Array;
  readonly valRows: Int32Array;
  readonly testRows: Int32Array;
  readonly labels: string[];
  readonly yTest: string[];
  readonly progress: (label: string) => ProgressBar;
  readonly sizePx: number;
}

/**
 * Trains one fine-tuned CNN baseline (a dense 128 ReLU head and a softmax on the backbone)
 * on the balanced training images, with early stopping on the validation part, and scores
 * it on the test part. The classifier, and the backbone's tensors with it, are freed after.
 */
async function fineTuneCnn(
  model: ComparisonModel,
  backbone: Backbone,
  images: readonly ChannelImage[],
  context: CnnContext,
): Promise<ComparisonRow> {
  const { options, classes } = context;
  const indexOf = new Map(classes.map((c, k) => [c, k]));
  const imagesOf = (rows: Int32Array) => Array.from(rows, (r) => images[r]);
  const classIndicesOf = (rows: Int32Array) =>
    Array.from(rows, (r) => indexOf.get(context.labels[r])!);

  // Freezing the layers before the named one leaves it and all after it to train.
  const layer = options.unfreezeFrom?.[backbone.name];
  const freeze =
    layer === undefined
      ? 'all'
      : backbone.model.layers.findIndex((l) => l.name === layer);
  const cnn = createCnnClassifier(backbone, {
    classes: classes.length,
    head: [{ units: 128, activation: 'relu' }],
    freeze,
    optimizer: CNN_OPTIMIZERS[model],
    seed: options.seed,
  });

  try {
    const bar = context.progress(`${backbone.name} + CNN, ${CNN_OPTIMIZERS[model]}`);
    const startMs = performance.now();
    const history = await trainCnn(
      cnn,
      {
        images: imagesOf(context.balancedRows),
        labels: classIndicesOf(context.balancedRows),
      },
      {
        epochs: options.epochs,
        batchSize: options.cnnBatchSize,
        validation: {
          images: imagesOf(context.valRows),
          labels: classIndicesOf(context.valRows),
        },
        earlyStopping: { patience: options.patience, restoreBestWeights: true },
        onEpoch: ({ epoch }) => bar.update(epoch + 1, options.epochs),
        seed: options.seed,
      },
    );
    const trainSeconds = round((performance.now() - startMs) / 1000, 1);

    const prediction = await predictCnn(cnn, imagesOf(context.testRows), {
      backend: options.backend,
      batchSize: 8,
    });
    const { metrics } = methodMetrics(
      context.yTest,
      Float64Array.from(prediction.probabilities),
      classes,
    );
    bar.finish(
      `epochs run ${history.epochs}, best ${history.bestEpoch + 1}, ` +
        `micro F1 ${metrics['micro F1'].toFixed(3)}`,
    );
    return {
      backbone: backbone.name,
      model,
      inputSizePx: context.sizePx,
      weightsKind: backbone.weights.kind,
      engine: prediction.engine,
      metrics,
      // The weights scored are the best epoch's only when training stopped early.
      validationLogLoss: history.stoppedEarly
        ? history.valLoss[history.bestEpoch]
        : history.valLoss.at(-1),
      epochs: {
        run: history.epochs,
        best: history.bestEpoch,
        stoppedEarly: history.stoppedEarly,
      },
      trainSeconds,
    };
  } finally {
    cnn.dispose();
  }
}

/** The rows as a Markdown table, columns padded so that it reads in a terminal too. */
function comparisonTable(rows: readonly ComparisonRow[]): string {
  const header = ['backbone', 'model', ...METHOD_METRIC_NAMES, 'train s'];
  const cells = rows.map((row) => [
    BACKBONE_TITLES[row.backbone],
    MODEL_TITLES[row.model],
    ...METHOD_METRIC_NAMES.map((m) => row.metrics[m].toFixed(4)),
    row.trainSeconds.toFixed(1),
  ]);
  const widths = header.map((h, c) =>
    Math.max(h.length, ...cells.map((r) => r[c].length)),
  );
  const numeric = (c: number) => c >= 2;
  const line = (values: readonly string[]) =>
    `| ${values.map((v, c) => (numeric(c) ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric(c) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** The rows as CSV: one line per row, metrics to six decimals. */
function comparisonCsv(rows: readonly ComparisonRow[]): string {
  return formatCsv(
    [
      'backbone',
      'model',
      'input_px',
      'weights',
      'engine',
      ...METHOD_METRIC_NAMES,
      'validation_log_loss',
      'train_seconds',
    ],
    rows.map((row) => [
      row.backbone,
      row.model,
      row.inputSizePx,
      row.weightsKind,
      row.engine,
      ...METHOD_METRIC_NAMES.map((m) => row.metrics[m].toFixed(6)),
      row.validationLogLoss === undefined ? '' : row.validationLogLoss.toFixed(6),
      row.trainSeconds,
    ]),
  );
}

/** What the table's figures mean and what the models were, under the table. */
function footnotes(options: ComparisonOptions): string[] {
  const models: Record<string, string> = {
    xgboost:
      `XGBoost: gradient boosting (multi:softprob, hist), ${options.boostingRounds} ` +
      'rounds, depth 6, learning rate 0.3.',
    'random-forest': `Random forest: ${options.forestTrees} trees, sqrt features per split.`,
    'linear-svc':
      'Linear SVM: LinearSVC, C 1, one-vs-rest; probabilities from a softmax calibrated ' +
      'on the training rows.',
    cnn:
      `Fine-tuned CNN: dense 128 ReLU and softmax on the ${unfrozenText(options)}, at ` +
      `most ${options.epochs} epochs of ${options.cnnBatchSize} images, early stopping on ` +
      `the validation loss (patience ${options.patience}; the best epoch's weights put ` +
      "back when it stops early, as Keras's EarlyStopping does); head and batch order " +
      'seeded from --seed.',
  };
  const present = new Set<string>(
    options.models.map((m) => (m.startsWith('cnn-') ? 'cnn' : m)),
  );
  return [
    ...Object.entries(METHOD_METRIC_NOTES).map(([metric, text]) => `${metric}: ${text}.`),
    'Every model learns from the same balanced training rows and is scored once on the ' +
      'same test slices.',
    ...Object.entries(models)
      .filter(([key]) => present.has(key))
      .map(([, text]) => text),
  ];
}

/** How much of the backbone the CNN baselines train, in words. */
function unfrozenText(options: ComparisonOptions): string {
  const entries = Object.entries(options.unfreezeFrom ?? {});
  if (entries.length === 0) return 'frozen backbone (only the head trains)';
  return `backbone, trained from ${entries.map(([b, l]) => `${l} (${b})`).join(', ')} on`;
}

/** Refuses option values that would fail late, after the cohort and the first features. */
function checkOptions(options: ComparisonOptions): void {
  for (const name of options.backbones) {
    if (!(name in backboneSpecs)) {
      throw new Error(
        `Unknown backbone '${name}'; use ${COMPARISON_BACKBONES.join(', ')}.`,
      );
    }
  }
  for (const model of options.models) {
    if (!COMPARISON_MODELS.includes(model)) {
      throw new Error(`Unknown model '${model}'; use ${COMPARISON_MODELS.join(', ')}.`);
    }
  }
  if (options.backbones.length === 0 || options.models.length === 0) {
    throw new Error('Give at least one backbone and one model.');
  }
  const named = !['auto', 'imagenet', 'random'].includes(options.weights);
  if (named && options.backbones.length > 1) {
    throw new Error(
      `--weights ${options.weights} is one backbone's file; with ${options.backbones.length} ` +
        'backbones use auto, imagenet or random, or run one backbone at a time.',
    );
  }
}

/**
 * Unfreezing backbone layers trains convolutions, whose filter gradients TensorFlow.js's
 * wasm backend lacks; refuse at the start rather than after the features are extracted.
 */
async function requireGradientBackend(preference: BackendPreference): Promise<void> {
  const active = await selectBackend(preference);
  if (active === 'wasm') {
    throw new Error(
      '--unfreeze trains backbone convolutions, which the wasm backend of TensorFlow.js ' +
        'cannot (it has no filter-gradient kernels). Run with --backend cpu (slow) or ' +
        'install @tensorflow/tfjs-node (--backend tensorflow).',
    );
  }
}

/** Reads `--unfreeze`: one layer for every backbone, or `backbone=LAYER` pairs. */
function unfreezeFromArg(
  text: string | undefined,
  backbones: readonly BackboneName[],
): Partial<Record<BackboneName, string>> | undefined {
  if (text === undefined) return undefined;
  if (!text.includes('=')) return Object.fromEntries(backbones.map((b) => [b, text]));
  const pairs = text.split(',').map((pair) => pair.split('='));
  for (const [backbone, layer] of pairs) {
    if (!backbones.includes(backbone as BackboneName) || !layer) {
      throw new Error(
        `--unfreeze '${text}': give LAYER, or backbone=LAYER pairs for backbones of this run ` +
          `(${backbones.join(', ')}).`,
      );
    }
  }
  return Object.fromEntries(pairs);
}

/** Reads the command line into options (see the file comment). */
export function optionsFromArgs(args: string[]): ComparisonOptions {
  const { values } = parseArgs({
    // `pnpm compare -- --quick` passes the `--` through; drop it.
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      data: { type: 'string' },
      labels: { type: 'string' },
      backbones: { type: 'string' },
      models: { type: 'string' },
      patients: { type: 'string' },
      slices: { type: 'string' },
      seed: { type: 'string' },
      weights: { type: 'string' },
      engine: { type: 'string' },
      backend: { type: 'string' },
      input: { type: 'string' },
      trees: { type: 'string' },
      'forest-trees': { type: 'string' },
      epochs: { type: 'string' },
      patience: { type: 'string' },
      unfreeze: { type: 'string' },
      workers: { type: 'string' },
      thickness: { type: 'string' },
    },
  });
  if ((values.data === undefined) !== (values.labels === undefined)) {
    throw new Error('Give --data DIR and --labels CSV together.');
  }
  const base: ComparisonOptions = values.quick
    ? { ...COMPARISON_DEFAULTS, ...QUICK_OVERRIDES }
    : COMPARISON_DEFAULTS;
  const number = (text: string | undefined, fallback: number, name: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number, got '${text}'.`);
    return value;
  };
  const integer = (text: string | undefined, fallback: number, name: string) =>
    Math.round(number(text, fallback, name));
  const list = <T extends string>(text: string | undefined, fallback: readonly T[]) =>
    text === undefined ? fallback : (text.split(',').map((s) => s.trim()) as T[]);
  const engine = values.engine ?? 'auto';
  if (!['auto', 'onnx', 'tfjs'].includes(engine))
    throw new Error(`--engine must be auto, onnx or tfjs, got '${engine}'.`);
  const backend = values.backend ?? 'auto';
  if (!['auto', 'wasm', 'cpu', 'tensorflow'].includes(backend))
    throw new Error(`--backend must be auto, wasm, cpu or tensorflow, got '${backend}'.`);
  const backbones = list(values.backbones, base.backbones);

  return {
    ...base,
    outDir: values.out ?? base.outDir,
    data:
      values.data !== undefined
        ? { dir: values.data, labelsCsv: values.labels! }
        : undefined,
    backbones,
    models: list(values.models, base.models),
    patients: integer(values.patients, base.patients, 'patients'),
    slicesPerSeries: integer(values.slices, base.slicesPerSeries, 'slices'),
    seed: integer(values.seed, base.seed, 'seed'),
    weights: values.weights ?? base.weights,
    engine: engine as FeatureEngineChoice,
    backend: backend as BackendPreference,
    inputSizePx:
      values.input === undefined ? base.inputSizePx : integer(values.input, 0, 'input'),
    boostingRounds: integer(values.trees, base.boostingRounds, 'trees'),
    forestTrees: integer(values['forest-trees'], base.forestTrees, 'forest-trees'),
    epochs: integer(values.epochs, base.epochs, 'epochs'),
    patience: integer(values.patience, base.patience, 'patience'),
    unfreezeFrom: unfreezeFromArg(values.unfreeze, backbones),
    workers: integer(values.workers, base.workers, 'workers'),
    sliceThicknessMm: number(values.thickness, base.sliceThicknessMm, 'thickness'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const result = await runComparison(optionsFromArgs(process.argv.slice(2)));
  console.log(
    `Done in ${((performance.now() - started) / 1000).toFixed(0)} s: ` +
      `${result.rows.length} models, table in ${result.files.markdown}.`,
  );
}
