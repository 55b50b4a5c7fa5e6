import type { InferenceSession } from 'onnxruntime-node';

/**
 * ONNX Runtime session options for calvaria's engine: full graph optimisation, one
 * operator at a time, `threads` intra-op threads, and thread-pool spinning off unless
 * asked for (a spinning pool holds its cores between operators, which loses badly when
 * another process wants one; measured in docs/benchmarks.md).
 * @param threads - Intra-op threads for the session.
 * @param allowSpinning - Let idle pool threads spin instead of sleeping.
 * @returns The options object for `InferenceSession.create`.
 */
export function onnxSessionOptions(
  threads: number,
  allowSpinning: boolean,
): InferenceSession.SessionOptions {
  const spinning = allowSpinning ? '1' : '0';
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: spinning } } },
  };
}
