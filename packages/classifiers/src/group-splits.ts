import { ClassifierError } from './classifier-error.js';
import { LabelEncoder, type Label } from './label-encoder.js';
import { SeededRandom } from './random.js';

/** One fold: the rows to train on and the rows to test on. */
export interface Fold {
  /** Training rows, ascending. */
  readonly train: Int32Array;
  /** Test rows, ascending. */
  readonly test: Int32Array;
}

/** Options of {@link stratifiedGroupKFold}. */
export interface StratifiedGroupKFoldOptions {
  /** Number of folds, at least 2. @default 5 */
  nSplits?: number;
  /** Shuffle groups before the greedy assignment. @default false */
  shuffle?: boolean;
  /** Seed of the shuffle. @default 0 */
  seed?: number;
}

interface GroupTable {
  groupOf: Int32Array;
  counts: number[][];
  classTotals: number[];
  K: number;
}

function tabulate(y: ArrayLike<Label>, groups: ArrayLike<Label>): GroupTable {
  if (y.length !== groups.length) {
    throw new ClassifierError(
      'MISMATCHED_LENGTHS',
      `Got ${y.length} labels and ${groups.length} group ids; pass one group (patient) id per row.`,
    );
  }
  const classCodes = new LabelEncoder().fitTransform(y);
  const K = Math.max(...classCodes) + 1;
  const groupEncoder = new LabelEncoder().fit(groups);
  const groupOf = groupEncoder.transform(groups);
  const counts = groupEncoder.classes.map(() => new Array<number>(K).fill(0));
  const classTotals = new Array<number>(K).fill(0);
  for (let i = 0; i < y.length; i++) {
    counts[groupOf[i]][classCodes[i]]++;
    classTotals[classCodes[i]]++;
  }
  return { groupOf, counts, classTotals, K };
}

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

/**
 * K-fold split that keeps each group (patient) in one fold and balances class
 * proportions, with scikit-learn 1.2's `StratifiedGroupKFold` algorithm: groups sorted by
 * the standard deviation of their class counts (descending, stable), each assigned to the
 * fold that minimises the mean over classes of the standard deviation across folds of the
 * fold's share of that class, ties going to the fold with fewer rows.
 * @param y - label per row
 * @param groups - group (patient) id per row
 * @param options - number of folds, shuffle, seed
 * @returns one fold per split, test parts disjoint and covering every row
 * @throws ClassifierError `MISMATCHED_LENGTHS`, `INVALID_PARAMETER` when there are fewer
 *   groups than folds or every class has fewer rows than folds
 */
export function stratifiedGroupKFold(
  y: ArrayLike<Label>,
  groups: ArrayLike<Label>,
  options: StratifiedGroupKFoldOptions = {},
): Fold[] {
  const nSplits = options.nSplits ?? 5;
  const { groupOf, counts, classTotals, K } = tabulate(y, groups);
  if (!(Number.isInteger(nSplits) && nSplits >= 2 && nSplits <= counts.length)) {
    throw new ClassifierError(
      'INVALID_PARAMETER',
      `nSplits is ${nSplits}; it must be an integer from 2 to the number of groups (${counts.length}).`,
    );
  }
  if (classTotals.every((c) => c < nSplits)) {
    throw new ClassifierError(
      'INVALID_PARAMETER',
      `nSplits (${nSplits}) is larger than the number of rows of every class; use fewer folds.`,
    );
  }
  const order = counts.map((_, g) => g);
  if (options.shuffle) new SeededRandom(options.seed ?? 0).shuffle(order);
  const spread = counts.map((c) => std(c));
  const sorted = order
    .map((g, position) => ({ g, position }))
    .sort((a, b) => spread[b.g] - spread[a.g] || a.position - b.position)
    .map((e) => e.g);

  const perFold = Array.from({ length: nSplits }, () => new Array<number>(K).fill(0));
  const foldOfGroup = new Int32Array(counts.length);
  for (const g of sorted) {
    let bestFold = -1;
    let minEval = Infinity;
    let minSamples = Infinity;
    for (let f = 0; f < nSplits; f++) {
      for (let k = 0; k < K; k++) perFold[f][k] += counts[g][k];
      let evalSum = 0;
      for (let k = 0; k < K; k++)
        evalSum += std(perFold.map((row) => row[k] / classTotals[k]));
      for (let k = 0; k < K; k++) perFold[f][k] -= counts[g][k];
      const foldEval = evalSum / K;
      const samples = perFold[f].reduce((a, b) => a + b, 0);
      const close = Math.abs(foldEval - minEval) <= 1e-8 + 1e-5 * Math.abs(minEval);
      if (foldEval < minEval || (close && samples < minSamples)) {
        minEval = foldEval;
        minSamples = samples;
        bestFold = f;
      }
    }
    for (let k = 0; k < K; k++) perFold[bestFold][k] += counts[g][k];
    foldOfGroup[g] = bestFold;
  }

  const folds: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < groupOf.length; i++)
      (foldOfGroup[groupOf[i]] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}

/** Options of {@link trainValTestSplitByGroup}. */
export interface GroupSplitOptions {
  /** Fractions of rows for train, validation and test. @default [0.5, 0.2, 0.3] */
  fractions?: [number, number, number];
  /** Seed of the group order. @default 0 */
  seed?: number;
}

/** A three-way split by group. */
export interface TrainValTestSplit {
  /** Training rows, ascending. */
  readonly train: Int32Array;
  /** Validation rows, ascending. */
  readonly val: Int32Array;
  /** Test rows, ascending. */
  readonly test: Int32Array;
}

/**
 * Splits rows into train, validation and test parts so that every group (patient) lies in
 * one part, each part holds about its fraction of the rows and of every class (the method
 * used 50/20/30). Groups are shuffled, then taken largest first and each placed in the
 * part where the squared distance of every part's row share and class shares from its
 * fraction is smallest (a greedy stratification in the spirit of scikit-learn's
 * `StratifiedGroupKFold`).
 * @param y - label per row
 * @param groups - group (patient) id per row
 * @param options - fractions and seed
 * @returns the three parts, disjoint and covering every row
 * @throws ClassifierError `MISMATCHED_LENGTHS`, `INVALID_PARAMETER` when fractions are
 *   not positive or do not sum to 1, or there are fewer than three groups
 */
export function trainValTestSplitByGroup(
  y: ArrayLike<Label>,
  groups: ArrayLike<Label>,
  options: GroupSplitOptions = {},
): TrainValTestSplit {
  const fractions = options.fractions ?? [0.5, 0.2, 0.3];
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (
    fractions.length !== 3 ||
    fractions.some((f) => !(f > 0)) ||
    Math.abs(sum - 1) > 1e-9
  ) {
    throw new ClassifierError(
      'INVALID_PARAMETER',
      `fractions are [${fractions.join(', ')}]; give three positive fractions summing to 1.`,
    );
  }
  const { groupOf, counts, classTotals, K } = tabulate(y, groups);
  if (counts.length < 3) {
    throw new ClassifierError(
      'INVALID_PARAMETER',
      `Only ${counts.length} groups; a three-way split by group needs at least three.`,
    );
  }
  const n = y.length;
  const order = counts.map((_, g) => g);
  new SeededRandom(options.seed ?? 0).shuffle(order);
  const size = counts.map((c) => c.reduce((a, b) => a + b, 0));
  const sorted = order
    .map((g, position) => ({ g, position }))
    .sort((a, b) => size[b.g] - size[a.g] || a.position - b.position)
    .map((e) => e.g);

  const perPart = [0, 1, 2].map(() => new Array<number>(K).fill(0));
  const rowsPerPart = [0, 0, 0];
  const partOfGroup = new Int32Array(counts.length);
  const cost = (): number => {
    let c = 0;
    for (let p = 0; p < 3; p++) {
      c += (rowsPerPart[p] / n - fractions[p]) ** 2;
      for (let k = 0; k < K; k++)
        c += (perPart[p][k] / classTotals[k] - fractions[p]) ** 2;
    }
    return c;
  };
  for (const g of sorted) {
    let best = 0;
    let bestCost = Infinity;
    for (let p = 0; p < 3; p++) {
      rowsPerPart[p] += size[g];
      for (let k = 0; k < K; k++) perPart[p][k] += counts[g][k];
      const c = cost();
      rowsPerPart[p] -= size[g];
      for (let k = 0; k < K; k++) perPart[p][k] -= counts[g][k];
      if (c < bestCost) {
        bestCost = c;
        best = p;
      }
    }
    rowsPerPart[best] += size[g];
    for (let k = 0; k < K; k++) perPart[best][k] += counts[g][k];
    partOfGroup[g] = best;
  }
  const parts: number[][] = [[], [], []];
  for (let i = 0; i < n; i++) parts[partOfGroup[groupOf[i]]].push(i);
  return {
    train: Int32Array.from(parts[0]),
    val: Int32Array.from(parts[1]),
    test: Int32Array.from(parts[2]),
  };
}
