import type { BinnedFeatures } from './binning.js';
import { SeededRandom } from './random.js';
import { sortPairs } from './sort-pairs.js';

/** Hyper-parameters of one random-forest tree, with scikit-learn's meaning. */
export interface ForestTreeParams {
  /** Features examined per split (`max_features`, already resolved to a count). */
  readonly maxFeatures: number;
  /** Depth limit; `Infinity` grows until leaves are pure. */
  readonly maxDepth: number;
  /** Minimum rows to split a node (`min_samples_split`). */
  readonly minSamplesSplit: number;
  /** Minimum rows in a leaf (`min_samples_leaf`). */
  readonly minSamplesLeaf: number;
  /** Draw a bootstrap sample of N rows with replacement per tree. */
  readonly bootstrap: boolean;
  /**
   * Nodes with fewer rows than this are split on exact sorted values, larger ones on
   * bins.
   */
  readonly exactBelow: number;
}

/**
 * A fitted classification tree in flat arrays; node 0 is the root, leaves have feature
 * -1.
 */
export interface ForestTree {
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array;
  /** Rows with value < threshold go left. */
  threshold: Float32Array;
  /** Left child per node. */
  left: Int32Array;
  /** Right child per node. */
  right: Int32Array;
  /** Weighted class fractions per node, node-major (K per node). */
  value: Float32Array;
}

/** Node size from which exact splits order rows by a counting sort over their bins. */
const COUNTING_SORT_FROM = 64;

/** Reusable buffers for {@link growForestTree}. */
export interface ForestScratch {
  hist: Float64Array;
  count: Int32Array;
  keys: Float32Array;
  order: Int32Array;
  tmp: Int32Array;
  weight: Float64Array;
  perm: Int32Array;
  rows: Int32Array;
  total: Float64Array;
  left: Float64Array;
}

/**
 * Allocates buffers for growing forest trees on a data set.
 * @param data - binned features
 * @param classCount - number of classes
 * @returns buffers
 */
export function createForestScratch(
  data: BinnedFeatures,
  classCount: number,
): ForestScratch {
  const n = data.rows;
  return {
    hist: new Float64Array(256 * classCount),
    count: new Int32Array(257),
    keys: new Float32Array(n),
    order: new Int32Array(n),
    tmp: new Int32Array(n),
    weight: new Float64Array(n),
    perm: new Int32Array(data.cols),
    rows: new Int32Array(n),
    total: new Float64Array(classCount),
    left: new Float64Array(classCount),
  };
}

/**
 * Grows one CART classification tree as scikit-learn's `RandomForestClassifier` does: a
 * bootstrap sample (as integer sample weights), at each node `maxFeatures` features drawn
 * without replacement (constant ones do not count), the split maximising the decrease in
 * Gini impurity (Breiman et al. 1984), grown until leaves are pure or hold fewer than
 * `minSamplesSplit` rows.
 * @param data - binned features (used for large nodes)
 * @param columns - raw values column-major (used for small nodes and exact thresholds)
 * @param labels - class index per row
 * @param sampleWeight - weight per row
 * @param classCount - number of classes K
 * @param params - tree hyper-parameters
 * @param seed - seed for the bootstrap and feature draws
 * @param scratch - buffers from {@link createForestScratch}
 * @returns the tree
 */
export function growForestTree(
  data: BinnedFeatures,
  columns: Float32Array,
  labels: Int32Array,
  sampleWeight: Float64Array,
  classCount: number,
  params: ForestTreeParams,
  seed: number,
  scratch: ForestScratch,
): ForestTree {
  const rng = new SeededRandom(seed);
  const n = data.rows;
  const d = data.cols;
  const K = classCount;
  const { bins, binCount, cuts } = data;
  const { hist, count, keys, order, tmp, weight, perm, total, left: wl } = scratch;

  weight.fill(0);
  if (params.bootstrap) {
    for (let i = 0; i < n; i++) weight[rng.nextInt(n)] += 1;
    for (let i = 0; i < n; i++) weight[i] *= sampleWeight[i];
  } else {
    weight.set(sampleWeight);
  }
  const rows = scratch.rows;
  let m = 0;
  for (let i = 0; i < n; i++) if (weight[i] !== 0) rows[m++] = i;
  for (let f = 0; f < d; f++) perm[f] = f;

  const featureArr: number[] = [];
  const thresholdArr: number[] = [];
  const leftArr: number[] = [];
  const rightArr: number[] = [];
  const valueArr: number[] = [];

  const newNode = (start: number, end: number): number => {
    const id = featureArr.length;
    featureArr.push(-1);
    thresholdArr.push(0);
    leftArr.push(-1);
    rightArr.push(-1);
    total.fill(0);
    for (let i = start; i < end; i++) total[labels[rows[i]]] += weight[rows[i]];
    let sum = 0;
    for (let k = 0; k < K; k++) sum += total[k];
    for (let k = 0; k < K; k++) valueArr.push(sum > 0 ? total[k] / sum : 1 / K);
    return id;
  };

  // Best split of the current node: proxy = sum_k L_k^2 / L + sum_k R_k^2 / R
  // (maximised).
  let bestProxy = -Infinity;
  let bestFeature = -1;
  let bestThreshold = 0;
  let bestBin = -1;

  const proxyOf = (wLeft: number, wAll: number): number => {
    const wRight = wAll - wLeft;
    if (wLeft <= 0 || wRight <= 0) return -Infinity;
    let sl = 0;
    let sr = 0;
    for (let k = 0; k < K; k++) {
      const l = wl[k];
      const r = total[k] - l;
      sl += l * l;
      sr += r * r;
    }
    return sl / wLeft + sr / wRight;
  };

  // Returns false when the feature is constant within the node.
  const evalBinned = (f: number, start: number, end: number, wAll: number): boolean => {
    const nb = binCount[f];
    hist.fill(0, 0, nb * K);
    count.fill(0, 0, nb);
    const col = f * n;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const b = bins[col + r];
      hist[b * K + labels[r]] += weight[r];
      count[b]++;
    }
    let occupied = 0;
    for (let b = 0; b < nb; b++) if (count[b] > 0) occupied++;
    if (occupied < 2) return false;
    const size = end - start;
    const minLeaf = params.minSamplesLeaf;
    wl.fill(0);
    let wLeft = 0;
    let cLeft = 0;
    for (let b = 0; b < nb - 1; b++) {
      if (count[b] === 0) continue;
      for (let k = 0; k < K; k++) {
        wl[k] += hist[b * K + k];
        wLeft += hist[b * K + k];
      }
      cLeft += count[b];
      if (cLeft < minLeaf) continue;
      if (size - cLeft < minLeaf) break;
      const proxy = proxyOf(wLeft, wAll);
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestFeature = f;
        bestBin = b;
        bestThreshold = cuts[f][b];
      }
    }
    return true;
  };

  const evalExact = (f: number, start: number, end: number, wAll: number): boolean => {
    const size = end - start;
    const col = f * n;
    if (size < COUNTING_SORT_FROM) {
      for (let i = 0; i < size; i++) {
        const r = rows[start + i];
        keys[i] = columns[col + r];
        order[i] = r;
      }
      sortPairs(keys, order, 0, size);
    } else {
      // Bins are monotone in the value, so a counting sort by bin orders the rows up to
      // ties within a bin; only bins holding several distinct values are then sorted (few
      // rows each in a node this small).
      const nb = binCount[f];
      count.fill(0, 0, nb + 1);
      for (let i = start; i < end; i++) count[bins[col + rows[i]] + 1]++;
      for (let b = 1; b <= nb; b++) count[b] += count[b - 1];
      for (let i = start; i < end; i++) {
        const r = rows[i];
        const at = count[bins[col + r]]++;
        keys[at] = columns[col + r];
        order[at] = r;
      }
      let from = 0;
      for (let b = 0; b < nb; b++) {
        const to = count[b];
        if (to - from > 1) {
          let same = true;
          for (let i = from + 1; i < to && same; i++) same = keys[i] === keys[from];
          if (!same) sortPairs(keys, order, from, to);
        }
        from = to;
      }
    }
    if (keys[0] === keys[size - 1]) return false;
    const minLeaf = params.minSamplesLeaf;
    wl.fill(0);
    let wLeft = 0;
    // The proxy's sums of squares, updated as each row moves left: adding w to class c
    // changes L_c^2 by w (2 L_c + w) and R_c^2 by w (w - 2 R_c). Exact for integer
    // weights.
    let sumLeft = 0;
    let sumRight = 0;
    for (let k = 0; k < K; k++) sumRight += total[k] * total[k];
    for (let i = 0; i < size - 1; i++) {
      const r = order[i];
      const w = weight[r];
      const c = labels[r];
      const l = wl[c];
      sumLeft += w * (2 * l + w);
      sumRight += w * (w - 2 * (total[c] - l));
      wl[c] = l + w;
      wLeft += w;
      if (keys[i + 1] <= keys[i]) continue;
      if (i + 1 < minLeaf) continue;
      if (size - i - 1 < minLeaf) break;
      const wRight = wAll - wLeft;
      if (wLeft <= 0 || wRight <= 0) continue;
      const proxy = sumLeft / wLeft + sumRight / wRight;
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestFeature = f;
        bestBin = -1;
        let t = Math.fround((keys[i] + keys[i + 1]) / 2);
        if (t <= keys[i]) t = keys[i + 1];
        bestThreshold = t;
      }
    }
    return true;
  };

  const stack: number[] = [];
  newNode(0, m);
  stack.push(0, 0, m, 0);
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const node = stack.pop() as number;
    const size = end - start;
    if (size < params.minSamplesSplit || size < 2 * params.minSamplesLeaf) continue;
    if (depth >= params.maxDepth) continue;
    total.fill(0);
    for (let i = start; i < end; i++) total[labels[rows[i]]] += weight[rows[i]];
    let wAll = 0;
    let sq = 0;
    for (let k = 0; k < K; k++) wAll += total[k];
    for (let k = 0; k < K; k++) sq += (total[k] / wAll) * (total[k] / wAll);
    if (1 - sq <= 2.220446049250313e-16) continue;

    bestProxy = -Infinity;
    bestFeature = -1;
    const exact = size < params.exactBelow;
    let drawn = 0;
    let visited = 0;
    while (visited < params.maxFeatures && drawn < d) {
      const j = drawn + rng.nextInt(d - drawn);
      const f = perm[j];
      perm[j] = perm[drawn];
      perm[drawn] = f;
      drawn++;
      const varies = exact
        ? evalExact(f, start, end, wAll)
        : evalBinned(f, start, end, wAll);
      if (varies) visited++;
    }
    if (bestFeature < 0) continue;

    const col = bestFeature * n;
    let l = start;
    let t = 0;
    if (bestBin >= 0) {
      for (let i = start; i < end; i++) {
        const r = rows[i];
        if (bins[col + r] <= bestBin) rows[l++] = r;
        else tmp[t++] = r;
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = rows[i];
        if (columns[col + r] < bestThreshold) rows[l++] = r;
        else tmp[t++] = r;
      }
    }
    for (let i = 0; i < t; i++) rows[l + i] = tmp[i];
    featureArr[node] = bestFeature;
    thresholdArr[node] = bestThreshold;
    const leftNode = newNode(start, l);
    const rightNode = newNode(l, end);
    leftArr[node] = leftNode;
    rightArr[node] = rightNode;
    stack.push(rightNode, l, end, depth + 1);
    stack.push(leftNode, start, l, depth + 1);
  }

  return {
    feature: Int32Array.from(featureArr),
    threshold: Float32Array.from(thresholdArr),
    left: Int32Array.from(leftArr),
    right: Int32Array.from(rightArr),
    value: Float32Array.from(valueArr),
  };
}

/**
 * Index of the leaf reached by one raw row.
 * @param tree - tree
 * @param values - row-major feature values
 * @param offset - index of the row's first feature in `values`
 * @returns node index of the leaf
 */
export function forestTreeLeaf(
  tree: ForestTree,
  values: Float32Array,
  offset: number,
): number {
  let node = 0;
  const { feature, threshold, left, right } = tree;
  while (feature[node] >= 0) {
    node = values[offset + feature[node]] < threshold[node] ? left[node] : right[node];
  }
  return node;
}
