import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { InferenceSession } from 'onnxruntime-node';

import type { Backbone } from '../backbone.js';
import type { FeatureEngine } from '../engine.js';
import { FeaturesError } from '../errors.js';
import { cachedOnnxModel } from './onnx-model-cache.js';
import { loadOnnxRuntime, type OnnxRuntimeModule } from './onnx-runtime-loader.js';
import { onnxSessionOptions } from './onnx-session-options.js';
import type { OnnxWorkerReply, OnnxWorkerRequest } from './onnx-session-worker.js';

/** Options for {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /**
   * Intra-op threads per session.
   * @default 1 with several sessions; the number of cores with one
   */
  readonly threads?: number;
  /**
   * Let idle ONNX Runtime pool threads spin. Off by default: spinning pools lose badly
   * when another process holds a core.
   * @default false
   */
  readonly allowSpinning?: boolean;
  /**
   * Sessions run side by side, each in its own worker thread with its own copy of the
   * model; a batch is split among them. On an idle 2-core machine one session over both
   * cores was the fastest setting at batch 1 and 8 (docs/benchmarks.md), hence the
   * default; on a machine whose cores other processes hold, one-thread sessions, one per
   * core (`{ sessions: cores, threads: 1 }`), measured faster in most runs. Each session
   * holds the weights.
   * @default 1
   */
  readonly sessions?: number;
  /**
   * Where exported models are cached; default `CALVARIA_CACHE` or the user cache folder.
   */
  readonly cacheDir?: string;
  /** Run this `.onnx` file instead of exporting the backbone (it must be its export). */
  readonly modelPath?: string;
}

/**
 * Makes a {@link FeatureEngine} that runs a backbone on ONNX Runtime (`onnxruntime-node`,
 * CPU). The backbone is exported to ONNX once and cached next to the weights (see
 * {@link cachedOnnxModel} ); batches are the backbone's preprocessed NHWC inputs, as for
 * the TensorFlow.js engine, and the features agree with it to about 1e-5 relative.
 *
 * @param backbone - The backbone to run.
 * @param options - Threads, spinning, sessions, cache folder.
 * @returns The engine, named `'onnx'`.
 * @throws {@link FeaturesError} `FEATURES_ONNX_RUNTIME_MISSING` when `onnxruntime-node`
 *   is not installed; `FEATURES_ONNX_RUNTIME_FAILED` when a session cannot start;
 *   `FEATURES_ONNX_UNSUPPORTED_LAYER` when the model cannot be exported;
 *   `FEATURES_INVALID_ARGUMENT` for a bad thread or session count.
 * @remarks Limitation: CPU execution provider only. With several sessions a batch of one
 * image uses one session (one thread by default), so several sessions suit batches on a
 * shared machine, and the default single session suits single images and idle machines.
 */
export async function createOnnxEngine(
  backbone: Backbone,
  options: OnnxEngineOptions = {},
): Promise<FeatureEngine> {
  const cores = Math.max(1, os.availableParallelism());
  const sessions = options.sessions ?? 1;
  const threads = options.threads ?? (sessions > 1 ? 1 : cores);
  for (const [name, value] of [
    ['sessions', sessions],
    ['threads', threads],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new FeaturesError(
        'FEATURES_INVALID_ARGUMENT',
        `createOnnxEngine option '${name}' is ${value}; pass a whole number of at least 1.`,
      );
    }
  }

  const ort = await loadOnnxRuntime();
  const modelPath =
    options.modelPath ?? (await cachedOnnxModel(backbone, options.cacheDir)).path;
  const sessionOptions = onnxSessionOptions(threads, options.allowSpinning ?? false);
  const runners =
    sessions === 1
      ? [await startInProcess(ort, modelPath, sessionOptions)]
      : await Promise.all(
          Array.from({ length: sessions }, () => startWorker(modelPath, sessionOptions)),
        );

  const [height, width, channels] = backbone.inputShape;
  const imageSize = height * width * channels;
  return {
    name: 'onnx',
    async run(batch: Float32Array, count: number): Promise<Float32Array> {
      if (batch.length !== count * imageSize) {
        throw new FeaturesError(
          'FEATURES_INPUT_MISMATCH',
          `The ONNX engine got ${batch.length} values for ${count} images of ` +
            `${height}x${width}x${channels}; pass count * ${imageSize} values.`,
        );
      }
      const parts = splitCount(count, runners.length);
      let start = 0;
      const outputs = await Promise.all(
        parts.map((part, index) => {
          const slice = batch.subarray(start * imageSize, (start + part) * imageSize);
          start += part;
          return runners[index].run(slice, [part, height, width, channels]);
        }),
      );
      return concatenate(outputs);
    },
    async dispose(): Promise<void> {
      await Promise.all(runners.map((runner) => runner.dispose()));
    },
  };
}

/** One session, in this thread or in a worker. */
interface SessionRunner {
  run(batch: Float32Array, dims: readonly number[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Splits `count` images into at most `parts` nearly equal non-empty runs. */
function splitCount(count: number, parts: number): number[] {
  const used = Math.max(1, Math.min(parts, count));
  return Array.from(
    { length: used },
    (_, i) => Math.floor(count / used) + (i < count % used ? 1 : 0),
  );
}

function concatenate(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function runtimeFailure(modelPath: string, cause: unknown): FeaturesError {
  return new FeaturesError(
    'FEATURES_ONNX_RUNTIME_FAILED',
    `ONNX Runtime failed on the model ${modelPath}: ${String(cause)}. Delete the file to ` +
      "have it exported again, or use engine 'tfjs'.",
    { cause },
  );
}

async function startInProcess(
  ort: OnnxRuntimeModule,
  modelPath: string,
  options: InferenceSession.SessionOptions,
): Promise<SessionRunner> {
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, options);
  } catch (cause) {
    throw runtimeFailure(modelPath, cause);
  }
  return {
    async run(batch, dims) {
      try {
        const input = new ort.Tensor('float32', batch, [...dims]);
        const results = await session.run({ [session.inputNames[0]]: input });
        return Float32Array.from(results[session.outputNames[0]].data as Float32Array);
      } catch (cause) {
        throw runtimeFailure(modelPath, cause);
      }
    },
    async dispose() {
      await session.release();
    },
  };
}

/**
 * The session worker's built file. Under a TypeScript loader (vitest runs `src/`), the
 * `.js` next to this module does not exist, so the package's `dist/` build is used.
 */
function workerFile(): string {
  const besideThis = fileURLToPath(new URL('./onnx-session-worker.js', import.meta.url));
  if (existsSync(besideThis)) return besideThis;
  const built = fileURLToPath(
    new URL('../../dist/onnx/onnx-session-worker.js', import.meta.url),
  );
  if (existsSync(built)) return built;
  throw new FeaturesError(
    'FEATURES_ONNX_RUNTIME_FAILED',
    `The ONNX session worker ${built} is missing; build @calvaria/features (\`tsc -b\`) ` +
      'or use one session.',
  );
}

async function startWorker(
  modelPath: string,
  options: InferenceSession.SessionOptions,
): Promise<SessionRunner> {
  const worker = new Worker(workerFile(), { workerData: { modelPath, options } });
  const pending = new Map<
    number,
    { resolve: (output: Float32Array) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (reply: OnnxWorkerReply) => {
      worker.off('error', onError);
      if (reply.type === 'ready') resolve();
      else
        reject(runtimeFailure(modelPath, reply.type === 'error' ? reply.message : reply));
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(runtimeFailure(modelPath, error));
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: OnnxWorkerReply) => {
    if (reply.type === 'ready' || reply.id === undefined) return;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'result') waiting?.resolve(reply.output);
    else waiting?.reject(runtimeFailure(modelPath, reply.message));
  });
  worker.on('error', (error) => failAll(runtimeFailure(modelPath, error)));
  worker.on('exit', () =>
    failAll(runtimeFailure(modelPath, 'the session worker exited')),
  );

  return {
    run(batch, dims) {
      const id = nextId++;
      const copy = Float32Array.from(batch);
      const request: OnnxWorkerRequest = { id, batch: copy, dims };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(request, [copy.buffer]);
      });
    },
    async dispose() {
      await worker.terminate();
    },
  };
}
