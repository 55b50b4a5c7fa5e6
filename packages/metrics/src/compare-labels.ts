import { assertSameLength, encodeTargets } from './encode-targets.js';
import { MetricsError } from './metrics-error.js';
import type { Targets } from './types.js';

/** Whether every sample's true and predicted labels are equal, with the sample count. */
export interface LabelMatches {
  /** Samples whose whole label (or indicator row) matches. */
  readonly matching: number;
  /** Wrong cells: samples for label vectors, cells for indicator matrices. */
  readonly wrongCells: number;
  /** Cells compared: samples, or samples x labels. */
  readonly cells: number;
  readonly nSamples: number;
}

function isIntegerTypedArray(value: Targets): value is Int32Array {
  return (
    value instanceof Int8Array ||
    value instanceof Uint8Array ||
    value instanceof Int16Array ||
    value instanceof Uint16Array ||
    value instanceof Int32Array ||
    value instanceof Uint32Array
  );
}

/**
 * Counts matching samples and wrong cells. Integer typed arrays are compared in one pass
 * without encoding (their values are always valid labels); everything else goes through
 * the full target check. Internal.
 *
 * @param yTrue - true targets
 * @param yPred - predicted targets
 * @returns the counts
 * @throws {@link MetricsError} as the target check does
 */
export function compareLabels(yTrue: Targets, yPred: Targets): LabelMatches {
  if (isIntegerTypedArray(yTrue) && isIntegerTypedArray(yPred)) {
    assertSameLength(yTrue.length, yPred.length, ['yTrue', 'yPred']);
    let matching = 0;
    for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) matching++;
    const n = yTrue.length;
    return { matching, wrongCells: n - matching, cells: n, nSamples: n };
  }

  const targets = encodeTargets(yTrue, yPred);
  const n = targets.nSamples;
  if (targets.kind !== 'multilabel') {
    const { trueCodes, predCodes } = targets;
    let matching = 0;
    for (let i = 0; i < n; i++) if (trueCodes[i] === predCodes[i]) matching++;
    return { matching, wrongCells: n - matching, cells: n, nSamples: n };
  }

  const { trueBits, predBits, nLabels } = targets;
  let matching = 0;
  let wrongCells = 0;
  for (let i = 0; i < n; i++) {
    let wrongInRow = 0;
    for (let j = i * nLabels; j < (i + 1) * nLabels; j++)
      wrongInRow += trueBits[j] ^ predBits[j];
    wrongCells += wrongInRow;
    if (wrongInRow === 0) matching++;
  }
  if (nLabels === 0) {
    throw new MetricsError(
      'METRICS_SHAPE_MISMATCH',
      'yTrue has no columns; give one per label.',
    );
  }
  return { matching, wrongCells, cells: n * nLabels, nSamples: n };
}
