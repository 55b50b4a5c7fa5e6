import type { BinnedFeatures } from './binning.js';
import {
  createBoostScratch,
  growBoostTree,
  type BoostScratch,
  type BoostTree,
  type BoostTreeParams,
} from './boost-tree.js';
import {
  createForestScratch,
  growForestTree,
  type ForestScratch,
  type ForestTree,
  type ForestTreeParams,
} from './forest-tree.js';

/**
 * Data shared by every tree task of one fit (typed arrays over SharedArrayBuffer when
 * threaded).
 */
export interface TreeContext {
  /** Binned features. */
  readonly data: BinnedFeatures;
  /** Gradient boosting: gradients, class-major (class k at `k * rows`). */
  readonly grad?: Float32Array;
  /** Gradient boosting: hessians, class-major. */
  readonly hess?: Float32Array;
  /** Gradient boosting: tree hyper-parameters. */
  readonly boost?: BoostTreeParams;
  /** Random forest: raw values column-major (feature f at `f * rows`). */
  readonly columns?: Float32Array;
  /** Random forest: class index per row. */
  readonly labels?: Int32Array;
  /** Random forest: sample weight per row. */
  readonly weights?: Float64Array;
  /** Random forest: number of classes. */
  readonly classCount?: number;
  /** Random forest: tree hyper-parameters. */
  readonly forest?: ForestTreeParams;
}

/** One unit of work for a tree worker. */
export type TreeTask =
  | { kind: 'boost'; classIndex: number; rows: Int32Array; features: Int32Array }
  | { kind: 'forest'; seed: number };

/** What a tree task returns. */
export type TreeResult = BoostTree | ForestTree;

/** Per-thread state: the shared context and reusable scratch buffers. */
export interface TreeWorkerState {
  readonly context: TreeContext;
  boostScratch?: BoostScratch;
  forestScratch?: ForestScratch;
}

/**
 * Runs one tree task against the shared context (in a worker or in the calling thread).
 * @param state - per-thread state
 * @param task - what to build
 * @returns the tree
 */
export function runTreeTask(state: TreeWorkerState, task: TreeTask): TreeResult {
  const ctx = state.context;
  if (task.kind === 'boost') {
    const params = ctx.boost as BoostTreeParams;
    state.boostScratch ??= createBoostScratch(ctx.data, params.maxDepth);
    const n = ctx.data.rows;
    const offset = task.classIndex * n;
    const grad = (ctx.grad as Float32Array).subarray(offset, offset + n);
    const hess = (ctx.hess as Float32Array).subarray(offset, offset + n);
    return growBoostTree(
      ctx.data,
      grad,
      hess,
      task.rows,
      task.features,
      params,
      state.boostScratch,
    );
  }
  state.forestScratch ??= createForestScratch(ctx.data, ctx.classCount as number);
  return growForestTree(
    ctx.data,
    ctx.columns as Float32Array,
    ctx.labels as Int32Array,
    ctx.weights as Float64Array,
    ctx.classCount as number,
    ctx.forest as ForestTreeParams,
    task.seed,
    state.forestScratch,
  );
}

/**
 * The typed arrays of a result, to transfer rather than copy between threads.
 * @param result - a tree
 * @returns its buffers
 */
export function resultBuffers(result: TreeResult): ArrayBuffer[] {
  return Object.values(result)
    .filter((v): v is Float64Array => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}
