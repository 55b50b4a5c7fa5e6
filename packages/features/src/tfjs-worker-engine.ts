import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from './backbone.js';
import type { FeatureEngine } from './engine.js';
import { FeaturesError } from './errors.js';

/** Options for {@link createTfjsWorkerEngine}. */
export interface TfjsWorkerEngineOptions {
  /** Worker threads, one backend instance each; default the number of cores. */
  readonly workers?: number;
  /** The backend each worker runs; default `'wasm'`. */
  readonly backend?: 'wasm' | 'cpu';
}

interface Pending {
  resolve: (features: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * The built worker script: next to this file in dist/, or dist/ beside src/ under tests.
 */
function workerScript(): URL {
  const sibling = new URL('./tfjs-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../dist/tfjs-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new FeaturesError(
    'FEATURES_ENGINE_UNAVAILABLE',
    `The worker script ${fileURLToPath(sibling)} is missing; build @calvaria/features (tsc -b) first.`,
  );
}

async function serialise(backbone: Backbone): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await backbone.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = captured!;
  const weightData =
    artifacts.weightData === undefined
      ? undefined
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  return { ...artifacts, ...(weightData === undefined ? {} : { weightData }) };
}

/**
 * Makes a {@link FeatureEngine} that runs a backbone on several worker threads, each with
 * its own TensorFlow.js wasm (or pure-JS) backend and copy of the weights: the wasm
 * backend uses one thread in Node, so this is how it uses more than one core. A batch is
 * split into contiguous parts, one per worker; a batch of one image runs on one worker.
 *
 * @param backbone - The backbone; its weights are copied into each worker.
 * @param options - Number of workers and their backend.
 * @returns The engine; its name is `'tfjs-wasm'` or `'tfjs-cpu'`.
 * @throws {FeaturesError} `FEATURES_ENGINE_UNAVAILABLE` when the built worker script is
 *   missing or a worker fails to start.
 * @remarks Limitation: each worker holds its own copy of the weights (about 100 MB for
 *   ResNet50), and the worker script is loaded from `dist/`.
 */
export async function createTfjsWorkerEngine(
  backbone: Backbone,
  options: TfjsWorkerEngineOptions = {},
): Promise<FeatureEngine> {
  const count = options.workers ?? os.availableParallelism();
  const backend = options.backend ?? 'wasm';
  const script = workerScript();
  const artifacts = await serialise(backbone);
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const workers = await Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(script, {
        workerData: { backend, artifacts, inputShape: [...backbone.inputShape] },
      });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (message: { ready: boolean; error?: string }) => {
          if (message.ready) resolve();
          else reject(new Error(message.error));
        });
        worker.once('error', reject);
      }).catch((error: unknown) => {
        void worker.terminate();
        throw new FeaturesError(
          'FEATURES_ENGINE_UNAVAILABLE',
          `A TensorFlow.js worker on the ${backend} backend failed to start.`,
          { cause: error },
        );
      });
      worker.on(
        'message',
        (message: { id: number; features?: Float32Array; error?: string }) => {
          const request = pending.get(message.id);
          if (request === undefined) return;
          pending.delete(message.id);
          if (message.features !== undefined) request.resolve(message.features);
          else request.reject(new Error(message.error));
        },
      );
      return worker;
    }),
  );

  const [height, width] = backbone.inputShape;
  const imageSize = height * width * 3;
  const send = (worker: Worker, batch: Float32Array, images: number) =>
    new Promise<Float32Array>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, batch, count: images }, [batch.buffer as ArrayBuffer]);
    });

  return {
    name: backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu',
    async run(batch: Float32Array, images: number): Promise<Float32Array> {
      const parts = Math.min(images, workers.length);
      const base = Math.floor(images / parts);
      const jobs: Promise<Float32Array>[] = [];
      let start = 0;
      for (let w = 0; w < parts; w++) {
        const size = base + (w < images % parts ? 1 : 0);
        const slice = batch.slice(start * imageSize, (start + size) * imageSize);
        jobs.push(send(workers[w], slice, size));
        start += size;
      }
      const results = await Promise.all(jobs);
      const out = new Float32Array(images * backbone.featureSize);
      let offset = 0;
      for (const part of results) {
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    },
    async dispose(): Promise<void> {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
