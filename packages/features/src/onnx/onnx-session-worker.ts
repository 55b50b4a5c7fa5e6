/**
 * A worker thread holding one ONNX Runtime session, for the engine's multi-session mode:
 * `onnxruntime-node` runs a session synchronously on the calling thread, so sessions run
 * side by side only from separate threads. Protocol: `workerData` is
 * {@link OnnxWorkerData} ; the worker posts {@link OnnxWorkerReply} `ready` (or `error`),
 * then answers each {@link OnnxWorkerRequest} with a `result` (or `error`) of the same
 * id.
 */
import { parentPort, workerData } from 'node:worker_threads';

import type { InferenceSession } from 'onnxruntime-node';

import { loadOnnxRuntime } from './onnx-runtime-loader.js';

/** What a session worker is started with. */
export interface OnnxWorkerData {
  readonly modelPath: string;
  readonly options: InferenceSession.SessionOptions;
}

/** A batch for a session worker. */
export interface OnnxWorkerRequest {
  readonly id: number;
  readonly batch: Float32Array;
  readonly dims: readonly number[];
}

/** What a session worker posts back. */
export type OnnxWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly output: Float32Array }
  | { readonly type: 'error'; readonly id?: number; readonly message: string };

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const data = workerData as OnnxWorkerData;
  let session: InferenceSession;
  let ort;
  try {
    ort = await loadOnnxRuntime();
    session = await ort.InferenceSession.create(data.modelPath, data.options);
  } catch (error) {
    port.postMessage({ type: 'error', message: String(error) } satisfies OnnxWorkerReply);
    return;
  }
  const runtime = ort;
  port.postMessage({ type: 'ready' } satisfies OnnxWorkerReply);

  port.on('message', (request: OnnxWorkerRequest) => {
    void (async () => {
      try {
        const input = new runtime.Tensor('float32', request.batch, [...request.dims]);
        const results = await session.run({ [session.inputNames[0]]: input });
        const output = Float32Array.from(
          results[session.outputNames[0]].data as Float32Array,
        );
        port.postMessage(
          { type: 'result', id: request.id, output } satisfies OnnxWorkerReply,
          [output.buffer],
        );
      } catch (error) {
        port.postMessage({
          type: 'error',
          id: request.id,
          message: String(error),
        } satisfies OnnxWorkerReply);
      }
    })();
  });
  port.once('close', () => void session.release());
}

void serve();
