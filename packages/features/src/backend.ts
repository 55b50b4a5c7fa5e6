import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FeaturesError } from './errors.js';

/** The TensorFlow.js backends calvaria can run on, fastest first. */
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Which backend {@link selectBackend} may pick: one by name, or `'auto'`. */
export type BackendPreference = TfjsBackendName | 'auto';

const optionalNodeBinding = '@tensorflow/tfjs-node';

async function tryNode(): Promise<boolean> {
  try {
    await import(optionalNodeBinding);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    wasm.setWasmPaths(path.join(path.dirname(packageJson), 'dist') + path.sep);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryCpu(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  const ok = await tf.setBackend('cpu');
  // The pure-JS backend prints an advert for tfjs-node on first use; a library must not
  // print, and selectBackend already reports which backend runs.
  if (ok) (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return ok;
}

/**
 * Chooses and initialises the TensorFlow.js backend: `@tensorflow/tfjs-node` (native
 * TensorFlow) when that optional peer dependency is installed, else the WebAssembly
 * backend (its `.wasm` files are read from the installed package), else the
 * pure-JavaScript backend. A backend already active and matching the preference is kept.
 *
 * @param preference - A backend to require by name, or `'auto'` for the fastest present.
 * @returns The name of the active backend.
 * @throws {FeaturesError} `FEATURES_BACKEND_UNAVAILABLE` when the named backend cannot
 *   start.
 * @remarks Limitation: the wasm backend runs one thread in Node.
 */
export async function selectBackend(
  preference: BackendPreference = 'auto',
): Promise<TfjsBackendName> {
  const current = tf.getBackend() as TfjsBackendName | undefined;
  if (current !== undefined && (preference === 'auto' || preference === current)) {
    if (preference !== 'auto' || current !== 'cpu') return current;
  }

  const order: TfjsBackendName[] =
    preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
  const attempts: Record<TfjsBackendName, () => Promise<boolean>> = {
    tensorflow: tryNode,
    wasm: tryWasm,
    cpu: tryCpu,
  };
  for (const name of order) {
    if (await attempts[name]()) {
      await tf.ready();
      return name;
    }
  }

  throw new FeaturesError(
    'FEATURES_BACKEND_UNAVAILABLE',
    `The TensorFlow.js backend '${preference}' could not start; install ` +
      `@tensorflow/tfjs-node for 'tensorflow', or choose 'wasm', 'cpu' or 'auto'.`,
  );
}
