import type { Backbone } from './backbone.js';
import type { FeatureEngine, FeatureEngineChoice } from './engine.js';
import { FeaturesError } from './errors.js';
import { createTfjsEngine } from './tfjs-engine.js';
import { createOnnxEngine, type OnnxEngineOptions } from './onnx/onnx-engine.js';
import { isOnnxRuntimeAvailable } from './onnx/onnx-runtime-loader.js';
import type { BackendPreference } from './backend.js';

/** Options for {@link resolveEngine}. */
export interface ResolveEngineOptions {
  /** For the TensorFlow.js engine: which backend; default `'auto'`. */
  readonly backend?: BackendPreference;
  /** For the ONNX engine: threads, sessions, spinning, cache folder. */
  readonly onnx?: OnnxEngineOptions;
}

/**
 * Turns an engine choice into a running {@link FeatureEngine} for a backbone: `'tfjs'`
 * (the default) runs the backbone's TensorFlow.js model; `'onnx'` runs it on ONNX Runtime
 * (`onnxruntime-node`); `'auto'` picks ONNX Runtime when it can be imported (it measured
 * several times faster, docs/benchmarks.md), else TensorFlow.js; an engine object is used
 * as given. The engine's `name` says which ran.
 *
 * @param backbone - The backbone to run.
 * @param choice - `'tfjs'`, `'onnx'`, `'auto'`, an engine object, or undefined for
 *   `'tfjs'`.
 * @param options - Backend preference for the TensorFlow.js engine, ONNX engine options.
 * @returns The engine.
 * @throws {FeaturesError} `FEATURES_ENGINE_UNAVAILABLE` for an engine this build cannot
 *   run; for `'onnx'`, `FEATURES_ONNX_RUNTIME_MISSING` when `onnxruntime-node` is not
 *   installed.
 */
export async function resolveEngine(
  backbone: Backbone,
  choice: FeatureEngineChoice | undefined,
  options: ResolveEngineOptions = {},
): Promise<FeatureEngine> {
  if (typeof choice === 'object') return choice;

  const kind = choice ?? 'tfjs';
  if (kind === 'onnx' || (kind === 'auto' && (await isOnnxRuntimeAvailable())))
    return createOnnxEngine(backbone, options.onnx);
  if (kind === 'tfjs' || kind === 'auto')
    return createTfjsEngine(backbone, options.backend);

  throw new FeaturesError(
    'FEATURES_ENGINE_UNAVAILABLE',
    `The feature engine '${kind}' is not available in this build; use 'tfjs' or pass a ` +
      `FeatureEngine object.`,
  );
}
