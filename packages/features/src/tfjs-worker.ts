/**
 * Worker-thread side of {@link createTfjsWorkerEngine}: one TensorFlow.js instance on its
 * own backend (its own wasm module), holding one copy of the backbone, answering batches.
 * Loaded as built JavaScript (`dist/tfjs-worker.js`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type TfjsBackendName } from './backend.js';
import './residual-scale.js';

interface Setup {
  readonly backend: TfjsBackendName;
  readonly artifacts: tf.io.ModelArtifacts;
  readonly inputShape: [number, number, number];
}

interface Request {
  readonly id: number;
  readonly batch: Float32Array;
  readonly count: number;
}

async function main(): Promise<void> {
  const setup = workerData as Setup;
  const backend = await selectBackend(setup.backend);
  const model = await tfl.loadLayersModel(tf.io.fromMemory(setup.artifacts));
  const [height, width, channels] = setup.inputShape;
  parentPort!.postMessage({ ready: true, backend });

  parentPort!.on('message', async (request: Request) => {
    try {
      const output = tf.tidy(() => {
        const input = tf.tensor4d(request.batch, [
          request.count,
          height,
          width,
          channels,
        ]);
        return model.predict(input) as tf.Tensor;
      });
      const features = Float32Array.from(await output.data());
      output.dispose();
      parentPort!.postMessage({ id: request.id, features }, [
        features.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      parentPort!.postMessage({ id: request.id, error: String(error) });
    }
  });
}

main().catch((error: unknown) => {
  parentPort!.postMessage({ ready: false, error: String(error) });
});
