import type * as OnnxRuntime from 'onnxruntime-node';

import { FeaturesError } from '../errors.js';

/** The `onnxruntime-node` module, as the engine uses it. */
export type OnnxRuntimeModule = typeof OnnxRuntime;

/** The package name of ONNX Runtime for Node, an optional peer dependency. */
export const ONNX_RUNTIME_PACKAGE = 'onnxruntime-node';

/**
 * Imports `onnxruntime-node` on demand, so that `@calvaria/features` loads without it.
 *
 * @param specifier - The module to import; only tests pass another one.
 * @returns The module.
 * @throws {@link FeaturesError} `FEATURES_ONNX_RUNTIME_MISSING` when it cannot be
 *   imported, saying how to install it (`ONNXRUNTIME_NODE_INSTALL=skip` for machines
 *   without network access at install time or without a GPU).
 */
export async function loadOnnxRuntime(
  specifier: string = ONNX_RUNTIME_PACKAGE,
): Promise<OnnxRuntimeModule> {
  try {
    const loaded = (await import(specifier)) as OnnxRuntimeModule & {
      default?: OnnxRuntimeModule;
    };
    return loaded.InferenceSession ? loaded : (loaded.default ?? loaded);
  } catch (cause) {
    throw new FeaturesError(
      'FEATURES_ONNX_RUNTIME_MISSING',
      `The ONNX engine needs the optional package '${specifier}', which could not be ` +
        `imported. Install it next to @calvaria/features (\`pnpm add ${ONNX_RUNTIME_PACKAGE}\`; ` +
        'on machines without a GPU or network access at install time set ' +
        '`ONNXRUNTIME_NODE_INSTALL=skip`, which keeps the CPU binaries shipped in the npm ' +
        "package), or use engine 'tfjs'.",
      { cause },
    );
  }
}

/**
 * Tells whether `onnxruntime-node` can be imported here, without throwing.
 * @returns `true` when {@link loadOnnxRuntime} would succeed.
 */
export async function isOnnxRuntimeAvailable(): Promise<boolean> {
  try {
    await loadOnnxRuntime();
    return true;
  } catch {
    return false;
  }
}
