import { parentPort, workerData } from 'node:worker_threads';
import {
  resultBuffers,
  runTreeTask,
  type TreeTask,
  type TreeWorkerState,
} from './tree-tasks.js';

// Entry point of a tree-building worker thread: workerData holds the shared TreeContext;
// each message is { id, task } and is answered with { id, result } or { id, error }.
const state: TreeWorkerState = { context: workerData };

parentPort?.on('message', (message: { id: number; task: TreeTask }) => {
  try {
    const result = runTreeTask(state, message.task);
    parentPort?.postMessage({ id: message.id, result }, resultBuffers(result));
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
});
