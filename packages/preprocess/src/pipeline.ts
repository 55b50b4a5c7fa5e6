import type { Image2D } from '@calvaria/dicom-hu';
import type { PixelBox } from './binary-mask.js';
import type { ChannelImage } from './channel-image.js';
import { checkImage } from './check-image.js';
import { cropImage, findHeadBox, maskOutsideHead } from './crop-to-head.js';
import { headMask } from './head-mask.js';
import { denoise, type DenoiseOptions } from './denoise.js';
import { estimateNoiseSigma } from './estimate-noise.js';
import { estimateTilt, type TiltMethod } from './estimate-tilt.js';
import { padToSquare } from './pad-to-square.js';
import { PreprocessError } from './preprocess-error.js';
import { resize, type ResizeMethod } from './resize.js';
import { rotateImage, type RotateFill } from './rotate.js';
import { toChannels, type ChannelSpec, type NeighbourSlices } from './to-channels.js';

/** One step of a preprocessing pipeline, as plain data that survives `JSON.stringify`. */
export type PipelineStep =
  /** Records the noise sigma ({@link estimateNoiseSigma}); leaves the image unchanged. */
  | { readonly op: 'estimateNoise' }
  /** Denoises ({@link denoise}). */
  | { readonly op: 'denoise'; readonly options: DenoiseOptions }
  /** Estimates the tilt on this slice and rotates it (and its neighbours) upright. */
  | {
      readonly op: 'correctTilt';
      readonly method?: TiltMethod;
      readonly maxTiltDeg?: number;
      readonly fill?: RotateFill;
      readonly fillHu?: number;
      readonly expand?: boolean;
    }
  /**
   * Crops to the head's box plus a margin ({@link findHeadBox}) and, as
   * {@link cropToHead} does, sets pixels farther than the margin from the head to
   * `fillHu` (-1000 when absent) unless `maskOutside` is false, so that no head rest or
   * table is left in the box.
   */
  | {
      readonly op: 'cropToHead';
      readonly marginMm?: number;
      readonly thresholdHu?: number;
      readonly maskOutside?: boolean;
      readonly fillHu?: number;
    }
  /** Pads to a square ({@link padToSquare}). */
  | { readonly op: 'padToSquare'; readonly fillHu?: number }
  /** Resizes ({@link resize}). */
  | {
      readonly op: 'resize';
      readonly width: number;
      readonly height: number;
      readonly method?: ResizeMethod;
    }
  /** Makes the CNN channels ({@link toChannels}); must be the last step. */
  | { readonly op: 'toChannels'; readonly spec: ChannelSpec };

/** What one step did: its name, what it found, and the image size after it. */
export interface StepRecord {
  /** The step's `op`. */
  readonly op: PipelineStep['op'];
  /** Image columns after the step. */
  readonly width: number;
  /** Image rows after the step. */
  readonly height: number;
  /** The noise sigma found, in HU (`estimateNoise`). */
  readonly sigmaHu?: number;
  /** The tilt found and undone, in degrees (`correctTilt`). */
  readonly tiltDeg?: number;
  /** The tilt estimate's quality (`correctTilt`; see `TiltEstimate.quality`). */
  readonly tiltQuality?: number;
  /** The crop box in the step's input pixels (`cropToHead`). */
  readonly box?: PixelBox;
  /** Columns and rows added on the left and top (`padToSquare`). */
  readonly padLeft?: number;
  /** Rows added on the top (`padToSquare`). */
  readonly padTop?: number;
  /** Milliseconds the step took. */
  readonly elapsedMs: number;
}

/** The output of running a pipeline on one slice. */
export interface PipelineResult {
  /** The slice after the last image step, in HU. */
  readonly image: Image2D;
  /** The CNN channels, when the pipeline ends with `toChannels`. */
  readonly channels?: ChannelImage;
  /** One record per step, in order. */
  readonly records: readonly StepRecord[];
}

/** A pipeline as JSON: a format tag, a version and the steps. */
export interface PipelineJson {
  /** Always `calvaria-preprocess-pipeline`. */
  readonly format: 'calvaria-preprocess-pipeline';
  /** Format version, 1. */
  readonly version: 1;
  /** The steps, in order. */
  readonly steps: readonly PipelineStep[];
}

/** A list of steps that runs on slices and saves as JSON. */
export interface Pipeline {
  /** The steps, in order. */
  readonly steps: readonly PipelineStep[];
  /**
   * Runs every step on one slice.
   *
   * @param image - the slice in HU
   * @param neighbours - the adjacent slices, needed by a `slices` channel spec; they go
   *   through the same geometric steps with the parameters found on this slice
   * @returns the result and a record of each step
   */
  run(image: Image2D, neighbours?: NeighbourSlices): PipelineResult;
  /** The pipeline as plain JSON data ({@link pipelineFromJson} reads it back). */
  toJSON(): PipelineJson;
}

/** The ops that {@link createPipeline} knows. */
const OPS = new Set<string>([
  'estimateNoise',
  'denoise',
  'correctTilt',
  'cropToHead',
  'padToSquare',
  'resize',
  'toChannels',
]);

/**
 * The default preprocessing before a 224 x 224 ImageNet backbone: noise estimate, tilt
 * correction, crop to the head with a 3 mm margin (air beyond the margin, so no head
 * rest), pad to a square with air, area resize to 224 x 224, and brain, subdural and bone
 * windows as three channels.
 */
export const DEFAULT_STEPS: readonly PipelineStep[] = Object.freeze([
  { op: 'estimateNoise' },
  { op: 'correctTilt' },
  { op: 'cropToHead', marginMm: 3 },
  { op: 'padToSquare', fillHu: -1000 },
  { op: 'resize', width: 224, height: 224, method: 'area' },
  { op: 'toChannels', spec: { kind: 'windows', windows: ['brain', 'subdural', 'bone'] } },
] as const);

function checkSteps(steps: readonly PipelineStep[]): void {
  if (!Array.isArray(steps)) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_PIPELINE',
      `createPipeline: steps must be an array, got ${typeof steps}.`,
    );
  }
  steps.forEach((step, i) => {
    const op = (step as { op?: unknown } | null)?.op;
    if (typeof op !== 'string' || !OPS.has(op)) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_PIPELINE',
        `createPipeline: step ${i} has op ${JSON.stringify(op)}; use one of ${[...OPS].join(', ')}.`,
      );
    }
    if (op === 'toChannels' && i !== steps.length - 1) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_PIPELINE',
        `createPipeline: toChannels is step ${i} of ${steps.length}; it must be the last step.`,
      );
    }
    if (op === 'denoise' && typeof (step as { options?: unknown }).options !== 'object') {
      throw new PreprocessError(
        'PREPROCESS_INVALID_PIPELINE',
        `createPipeline: step ${i} (denoise) needs options, e.g. { method: 'median', radiusMm: 0.5 }.`,
      );
    }
    if (op === 'toChannels' && typeof (step as { spec?: unknown }).spec !== 'object') {
      throw new PreprocessError(
        'PREPROCESS_INVALID_PIPELINE',
        `createPipeline: step ${i} (toChannels) needs a spec, e.g. { kind: 'window', window: 'bone' }.`,
      );
    }
  });
}

/** Applies a geometric change to the slice and its neighbours alike. */
function mapAll(
  image: Image2D,
  neighbours: NeighbourSlices | undefined,
  f: (slice: Image2D) => Image2D,
): [Image2D, NeighbourSlices | undefined] {
  const out = f(image);
  if (neighbours === undefined) return [out, undefined];
  return [out, { previous: f(neighbours.previous), next: f(neighbours.next) }];
}

function runSteps(
  steps: readonly PipelineStep[],
  input: Image2D,
  inputNeighbours?: NeighbourSlices,
): PipelineResult {
  checkImage(input, 'pipeline');
  let image = input;
  let neighbours = inputNeighbours;
  if (neighbours !== undefined) {
    for (const [name, other] of [
      ['previous', neighbours.previous],
      ['next', neighbours.next],
    ] as const) {
      checkImage(other, `pipeline (${name} slice)`);
      if (other.width !== image.width || other.height !== image.height) {
        throw new PreprocessError(
          'PREPROCESS_SIZE_MISMATCH',
          `pipeline: the ${name} slice is ${other.width}x${other.height} but this slice is ` +
            `${image.width}x${image.height}; adjacent slices must share one grid.`,
        );
      }
    }
  }
  const records: StepRecord[] = [];
  let channels: ChannelImage | undefined;

  for (const step of steps) {
    const started = performance.now();
    let extra: Partial<StepRecord> = {};
    switch (step.op) {
      case 'estimateNoise':
        extra = { sigmaHu: estimateNoiseSigma(image) };
        break;
      case 'denoise':
        [image, neighbours] = mapAll(image, neighbours, (s) => denoise(s, step.options));
        break;
      case 'correctTilt': {
        const tilt = estimateTilt(image, {
          method: step.method,
          maxTiltDeg: step.maxTiltDeg,
        });
        const rotate = (s: Image2D): Image2D =>
          rotateImage(s, {
            angleDeg: -tilt.tiltDeg,
            fill: step.fill ?? 'constant',
            fillValue: step.fillHu ?? -1000,
            expand: step.expand ?? false,
          });
        [image, neighbours] = mapAll(image, neighbours, rotate);
        extra = { tiltDeg: tilt.tiltDeg, tiltQuality: tilt.quality };
        break;
      }
      case 'cropToHead': {
        const marginMm = step.marginMm ?? 3;
        const head = headMask(image, { thresholdHu: step.thresholdHu });
        const box = findHeadBox(image, { marginMm, head });
        // The neighbours are masked with this slice's head mask, like every other
        // geometric step that uses what was found on this slice.
        const crop = (s: Image2D): Image2D =>
          cropImage(
            step.maskOutside === false
              ? s
              : maskOutsideHead(s, head, marginMm, step.fillHu ?? -1000),
            box,
          );
        [image, neighbours] = mapAll(image, neighbours, crop);
        extra = { box };
        break;
      }
      case 'padToSquare': {
        const side = Math.max(image.width, image.height);
        extra = {
          padLeft: Math.floor((side - image.width) / 2),
          padTop: Math.floor((side - image.height) / 2),
        };
        [image, neighbours] = mapAll(image, neighbours, (s) =>
          padToSquare(s, { fillHu: step.fillHu }),
        );
        break;
      }
      case 'resize':
        [image, neighbours] = mapAll(image, neighbours, (s) =>
          resize(s, { width: step.width, height: step.height, method: step.method }),
        );
        break;
      case 'toChannels':
        channels = toChannels(image, step.spec, neighbours);
        break;
    }
    records.push({
      op: step.op,
      ...extra,
      width: image.width,
      height: image.height,
      elapsedMs: performance.now() - started,
    });
  }

  return channels === undefined ? { image, records } : { image, channels, records };
}

/**
 * Makes a pipeline from a list of steps; it runs them in order on each slice, records
 * what each step found (noise sigma, tilt, crop box, padding), and saves as JSON so that
 * an experiment's preprocessing can be replayed exactly.
 *
 * @param steps - the steps, e.g. {@link DEFAULT_STEPS}
 * @returns the pipeline
 * @throws PreprocessError `PREPROCESS_INVALID_PIPELINE` for an unknown op, a step missing
 *   its options, or `toChannels` before the last step
 */
export function createPipeline(steps: readonly PipelineStep[] = DEFAULT_STEPS): Pipeline {
  checkSteps(steps);
  const frozen = Object.freeze(JSON.parse(JSON.stringify(steps)) as PipelineStep[]);
  return {
    steps: frozen,
    run: (image, neighbours) => runSteps(frozen, image, neighbours),
    toJSON: () => ({ format: 'calvaria-preprocess-pipeline', version: 1, steps: frozen }),
  };
}

/**
 * Reads a pipeline back from its JSON (a string or the parsed object).
 *
 * @param json - what `JSON.stringify(pipeline)` wrote, or its parse
 * @returns the pipeline
 * @throws PreprocessError `PREPROCESS_INVALID_PIPELINE` for text that is not JSON, a
 *   wrong format tag or version, or invalid steps
 */
export function pipelineFromJson(json: string | PipelineJson): Pipeline {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new PreprocessError(
        'PREPROCESS_INVALID_PIPELINE',
        `pipelineFromJson: the text is not JSON (${(error as Error).message}).`,
        { cause: error },
      );
    }
  }
  const doc = data as Partial<PipelineJson> | null;
  if (doc?.format !== 'calvaria-preprocess-pipeline' || doc.version !== 1) {
    throw new PreprocessError(
      'PREPROCESS_INVALID_PIPELINE',
      `pipelineFromJson: expected format 'calvaria-preprocess-pipeline' version 1, got ` +
        `${JSON.stringify(doc?.format)} version ${JSON.stringify(doc?.version)}.`,
    );
  }
  return createPipeline(doc.steps as PipelineStep[]);
}
