import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClassifierError } from './classifier-error.js';
import {
  runTreeTask,
  type TreeContext,
  type TreeResult,
  type TreeTask,
  type TreeWorkerState,
} from './tree-tasks.js';

/**
 * Default thread count: the machine's available parallelism.
 * @returns a positive integer
 */
export function defaultThreadCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Finds the compiled worker script: next to this module when running from `dist/`, or in
 * the package's `dist/` when running from `src/` (tests). Undefined when neither exists.
 * @returns the worker file URL, if any
 */
function workerUrl(): URL | undefined {
  const candidates = [
    new URL('./tree-worker.js', import.meta.url),
    new URL('../dist/tree-worker.js', import.meta.url),
  ];
  return candidates.find(
    (url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)),
  );
}

interface Pending {
  resolve: (result: TreeResult) => void;
  reject: (error: Error) => void;
}

/**
 * Runs tree tasks on worker threads sharing one {@link TreeContext} , or in the calling
 * thread when one thread is asked for or the compiled worker is not found.
 */
export class TreePool {
  /** Number of threads building trees at once. */
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; task: TreeTask }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly local: TreeWorkerState;
  private nextId = 0;
  private failure: Error | undefined;

  /**
   * Starts the pool.
   * @param context - shared data (typed arrays over SharedArrayBuffer when threads are
   *   used)
   * @param threads - number of worker threads; 1 or less builds in the calling thread
   */
  constructor(context: TreeContext, threads: number) {
    this.local = { context };
    const url = threads > 1 ? workerUrl() : undefined;
    if (url !== undefined) {
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(url, { workerData: context });
        worker.on('message', (m: { id: number; result?: TreeResult; error?: string }) =>
          this.onMessage(worker, m),
        );
        worker.on('error', (error) => this.fail(error));
        this.workers.push(worker);
        this.idle.push(worker);
      }
    }
    this.size = Math.max(1, this.workers.length);
  }

  /** Whether tasks run on worker threads. */
  get threaded(): boolean {
    return this.workers.length > 0;
  }

  /**
   * Runs one task.
   * @param task - tree to build
   * @returns the tree
   */
  run(task: TreeTask): Promise<TreeResult> {
    if (!this.threaded) {
      try {
        return Promise.resolve(runTreeTask(this.local, task));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<TreeResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, task });
      this.dispatch();
    });
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      worker.postMessage(this.queue.shift());
    }
  }

  private onMessage(
    worker: Worker,
    m: { id: number; result?: TreeResult; error?: string },
  ): void {
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    this.idle.push(worker);
    this.dispatch();
    if (!p) return;
    if (m.error !== undefined) {
      p.reject(new ClassifierError('WORKER_FAILED', `A tree worker failed: ${m.error}`));
    } else {
      p.resolve(m.result as TreeResult);
    }
  }

  private fail(error: Error): void {
    this.failure = new ClassifierError(
      'WORKER_FAILED',
      `A tree worker stopped: ${error.message}`,
      {
        cause: error,
      },
    );
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}

/**
 * Copies a typed array into shared memory when threads will read it.
 * @param array - source
 * @param shared - whether to use a SharedArrayBuffer
 * @returns the same values, shared when asked
 */
export function shareArray<
  T extends Float32Array | Float64Array | Int32Array | Uint8Array,
>(array: T, shared: boolean): T {
  if (!shared || array.buffer instanceof SharedArrayBuffer) return array;
  const ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new ctor(new SharedArrayBuffer(array.byteLength));
  out.set(array as never);
  return out;
}
