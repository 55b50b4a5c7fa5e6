import type { Backbone } from './backbone.js';
import type { FeatureEngine, FeatureEngineChoice } from './engine.js';
import { FeaturesError } from './errors.js';
import { createTfjsEngine } from './tfjs-engine.js';
import type { BackendPreference } from './backend.js';

/** Options for {@link resolveEngine}. */
export interface ResolveEngineOptions {
  /** For the TensorFlow.js engine: which backend; default `'auto'`. */
  readonly backend?: BackendPreference;
}

/**
 * Turns an engine choice into a running {@link FeatureEngine} for a backbone: `'tfjs'` (the
 * default) runs the backbone's TensorFlow.js model; an engine object is used as given.
 *
 * @param backbone - The backbone to run.
 * @param choice - `'tfjs'`, `'onnx'`, `'auto'`, an engine object, or undefined for `'tfjs'`.
 * @param options - Backend preference for the TensorFlow.js engine.
 * @returns The engine.
 * @throws {FeaturesError} `FEATURES_ENGINE_UNAVAILABLE` for an engine this build cannot run.
 */
export async function resolveEngine(
  backbone: Backbone,
  choice: FeatureEngineChoice | undefined,
  options: ResolveEngineOptions = {},
): Promise<FeatureEngine> {
  if (typeof choice === 'object') return choice;

  const kind = choice ?? 'tfjs';
  if (kind === 'tfjs' || kind === 'auto')
    return createTfjsEngine(backbone, options.backend);

  throw new FeaturesError(
    'FEATURES_ENGINE_UNAVAILABLE',
    `The feature engine '${kind}' is not available in this build; use 'tfjs' or pass a ` +
      `FeatureEngine object.`,
  );
}
