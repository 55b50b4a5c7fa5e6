import type { BinnedFeatures } from './binning.js';

/** Hyper-parameters of one boosted regression tree, with XGBoost's meaning. */
export interface BoostTreeParams {
  /** Depth limit (depthwise growth); the root has depth 0. */
  readonly maxDepth: number;
  /** Minimum hessian sum in a child (`min_child_weight`). */
  readonly minChildWeight: number;
  /** L2 penalty on leaf weights (`reg_lambda`). */
  readonly lambda: number;
  /** Minimum loss reduction kept after pruning (`gamma`, `min_split_loss`). */
  readonly gamma: number;
  /** Shrinkage applied to leaf weights (`eta`). */
  readonly learningRate: number;
}

/**
 * A fitted regression tree in flat arrays; node 0 is the root, leaves have feature -1.
 */
export interface BoostTree {
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array;
  /** Split bin per node: rows with bin <= splitBin go left. */
  splitBin: Int32Array;
  /** Split value per node: rows with value < threshold go left. */
  threshold: Float32Array;
  /** Left child per node. */
  left: Int32Array;
  /** Right child per node. */
  right: Int32Array;
  /**
   * Leaf value (learning rate applied) per node; internal nodes keep theirs for pruning.
   */
  value: Float64Array;
  /** Loss reduction of the split per node (XGBoost's `loss_chg`), 0 for leaves. */
  gain: Float64Array;
  /** Hessian sum per node (XGBoost's `cover`). */
  cover: Float64Array;
}

/** Reusable buffers for {@link growBoostTree}, sized for one data set. */
export interface BoostScratch {
  hist: Float64Array[];
  grad: Float64Array;
  hess: Float64Array;
  tmpRows: Int32Array;
}

const RT_EPS = 1e-6;

/**
 * Allocates scratch buffers for growing trees on a data set.
 * @param data - binned features
 * @param maxDepth - depth limit
 * @returns buffers
 */
export function createBoostScratch(data: BinnedFeatures, maxDepth: number): BoostScratch {
  const hist: Float64Array[] = [];
  for (let i = 0; i < Math.max(1, maxDepth); i++)
    hist.push(new Float64Array(2 * data.totalBins));
  return {
    hist,
    grad: new Float64Array(data.rows),
    hess: new Float64Array(data.rows),
    tmpRows: new Int32Array(data.rows),
  };
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  gl: number;
  hl: number;
}

/**
 * Grows one regression tree on gradient statistics with XGBoost's `hist` algorithm:
 * depthwise to `maxDepth`, split gain G_L^2/(H_L+lambda) + G_R^2/(H_R+lambda) -
 * G^2/(H+lambda) (Chen and Guestrin 2016, eq. 7, without the 1/2 as XGBoost stores it),
 * leaf weight -G/(H+lambda), then pruning of splits whose gain is below `gamma`.
 * Histograms are built for the smaller child only; the larger child's is the parent's
 * minus the smaller's.
 * @param data - binned features
 * @param gradAll - gradient per row (rows not in `rows` are ignored)
 * @param hessAll - hessian per row
 * @param rows - rows taking part (reordered in place)
 * @param features - feature indices the tree may split on, ascending
 * @param params - tree hyper-parameters
 * @param scratch - buffers from {@link createBoostScratch}
 * @returns the tree (thresholds not yet filled; see {@link fillThresholds})
 */
export function growBoostTree(
  data: BinnedFeatures,
  gradAll: ArrayLike<number>,
  hessAll: ArrayLike<number>,
  rows: Int32Array,
  features: Int32Array,
  params: BoostTreeParams,
  scratch: BoostScratch,
): BoostTree {
  const { bins, binCount, binOffset, totalBins } = data;
  const n = data.rows;
  const { maxDepth, minChildWeight, lambda, learningRate } = params;
  const allFeatures = features.length === data.cols;
  const featureArr: number[] = [];
  const splitBinArr: number[] = [];
  const leftArr: number[] = [];
  const rightArr: number[] = [];
  const valueArr: number[] = [];
  const gainArr: number[] = [];
  const coverArr: number[] = [];
  const gc = scratch.grad;
  const hc = scratch.hess;
  const tmp = scratch.tmpRows;

  const newNode = (g: number, h: number): number => {
    const id = featureArr.length;
    featureArr.push(-1);
    splitBinArr.push(0);
    leftArr.push(-1);
    rightArr.push(-1);
    valueArr.push(h < minChildWeight || h <= 0 ? 0 : (-g / (h + lambda)) * learningRate);
    gainArr.push(0);
    coverArr.push(h);
    return id;
  };

  const clear = (hist: Float64Array): void => {
    if (allFeatures) {
      hist.fill(0);
      return;
    }
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      hist.fill(0, 2 * binOffset[f], 2 * (binOffset[f] + binCount[f]));
    }
  };

  const build = (hist: Float64Array, start: number, end: number): void => {
    clear(hist);
    const m = end - start;
    for (let i = 0; i < m; i++) {
      const r = rows[start + i];
      gc[i] = gradAll[r];
      hc[i] = hessAll[r];
    }
    let k = 0;
    for (; k + 1 < features.length; k += 2) {
      const fa = features[k];
      const fb = features[k + 1];
      const colA = fa * n;
      const colB = fb * n;
      const baseA = 2 * binOffset[fa];
      const baseB = 2 * binOffset[fb];
      for (let i = 0; i < m; i++) {
        const r = rows[start + i];
        const g = gc[i];
        const h = hc[i];
        const a = baseA + 2 * bins[colA + r];
        const b = baseB + 2 * bins[colB + r];
        hist[a] += g;
        hist[a + 1] += h;
        hist[b] += g;
        hist[b + 1] += h;
      }
    }
    for (; k < features.length; k++) {
      const f = features[k];
      const col = f * n;
      const base = 2 * binOffset[f];
      for (let i = 0; i < m; i++) {
        const a = base + 2 * bins[col + rows[start + i]];
        hist[a] += gc[i];
        hist[a + 1] += hc[i];
      }
    }
  };

  const subtract = (parent: Float64Array, child: Float64Array): void => {
    if (allFeatures) {
      for (let j = 0; j < 2 * totalBins; j++) parent[j] -= child[j];
      return;
    }
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const end = 2 * (binOffset[f] + binCount[f]);
      for (let j = 2 * binOffset[f]; j < end; j++) parent[j] -= child[j];
    }
  };

  const bestSplit = (hist: Float64Array, g: number, h: number): Split => {
    const best: Split = { gain: 0, feature: -1, bin: 0, gl: 0, hl: 0 };
    let bestGain = -Infinity;
    const parentGain = (g * g) / (h + lambda);
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const base = 2 * binOffset[f];
      const last = binCount[f] - 1;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < last; b++) {
        const hb = hist[base + 2 * b + 1];
        if (hb === 0) continue;
        gl += hist[base + 2 * b];
        hl += hb;
        if (hl < minChildWeight) continue;
        const hr = h - hl;
        if (hr < minChildWeight) break;
        const gr = g - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentGain;
        if (gain > bestGain) {
          bestGain = gain;
          best.feature = f;
          best.bin = b;
          best.gl = gl;
          best.hl = hl;
        }
      }
    }
    best.gain = bestGain;
    return best;
  };

  const partition = (
    start: number,
    end: number,
    feature: number,
    bin: number,
  ): number => {
    const col = feature * n;
    let l = start;
    let t = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (bins[col + r] <= bin) rows[l++] = r;
      else tmp[t++] = r;
    }
    for (let i = 0; i < t; i++) rows[l + i] = tmp[i];
    return l;
  };

  const expand = (
    node: number,
    start: number,
    end: number,
    slot: number,
    g: number,
    h: number,
    depth: number,
  ): void => {
    if (depth >= maxDepth || h < 2 * minChildWeight) return;
    const hist = scratch.hist[slot];
    const split = bestSplit(hist, g, h);
    if (split.feature < 0 || !(split.gain > RT_EPS)) return;
    const mid = partition(start, end, split.feature, split.bin);
    const gl = split.gl;
    const hl = split.hl;
    const left = newNode(gl, hl);
    const right = newNode(g - gl, h - hl);
    featureArr[node] = split.feature;
    splitBinArr[node] = split.bin;
    leftArr[node] = left;
    rightArr[node] = right;
    gainArr[node] = split.gain;
    if (depth + 1 >= maxDepth) return;
    const leftSmaller = mid - start <= end - mid;
    const childSlot = slot + 1;
    const small = scratch.hist[childSlot];
    if (leftSmaller) build(small, start, mid);
    else build(small, mid, end);
    subtract(hist, small);
    if (leftSmaller) {
      expand(left, start, mid, childSlot, gl, hl, depth + 1);
      expand(right, mid, end, slot, g - gl, h - hl, depth + 1);
    } else {
      expand(right, mid, end, childSlot, g - gl, h - hl, depth + 1);
      expand(left, start, mid, slot, gl, hl, depth + 1);
    }
  };

  let g = 0;
  let h = 0;
  for (let i = 0; i < rows.length; i++) {
    g += gradAll[rows[i]];
    h += hessAll[rows[i]];
  }
  const root = newNode(g, h);
  if (maxDepth > 0 && rows.length > 0) {
    build(scratch.hist[0], 0, rows.length);
    expand(root, 0, rows.length, 0, g, h, 0);
  }
  const tree: BoostTree = {
    feature: Int32Array.from(featureArr),
    splitBin: Int32Array.from(splitBinArr),
    threshold: new Float32Array(featureArr.length),
    left: Int32Array.from(leftArr),
    right: Int32Array.from(rightArr),
    value: Float64Array.from(valueArr),
    gain: Float64Array.from(gainArr),
    cover: Float64Array.from(coverArr),
  };
  pruneByGamma(tree, params.gamma);
  return tree;
}

/**
 * Collapses, bottom-up, every split whose two children are leaves and whose gain is below
 * `gamma`, as XGBoost's `prune` updater does.
 * @param tree - tree to prune in place (pruned nodes become leaves; arrays keep their
 *   size)
 * @param gamma - minimum gain
 */
export function pruneByGamma(tree: BoostTree, gamma: number): void {
  if (!(gamma > 0)) return;
  const visit = (node: number): boolean => {
    if (tree.feature[node] < 0) return true;
    const l = visit(tree.left[node]);
    const r = visit(tree.right[node]);
    if (l && r && tree.gain[node] < gamma) {
      tree.feature[node] = -1;
      tree.gain[node] = 0;
      return true;
    }
    return false;
  };
  visit(0);
}

/**
 * Sets each split's value threshold from its bin: bin <= t iff value < cuts[t].
 * @param tree - tree to update in place
 * @param cuts - cut values per feature
 */
export function fillThresholds(tree: BoostTree, cuts: Float32Array[]): void {
  for (let i = 0; i < tree.feature.length; i++) {
    const f = tree.feature[i];
    if (f >= 0) tree.threshold[i] = cuts[f][tree.splitBin[i]];
  }
}

/**
 * Leaf value for one binned row.
 * @param tree - tree
 * @param data - binned features
 * @param row - row index
 * @returns the leaf value
 */
export function boostTreeValueBinned(
  tree: BoostTree,
  data: BinnedFeatures,
  row: number,
): number {
  let node = 0;
  const { feature, splitBin, left, right } = tree;
  while (feature[node] >= 0) {
    node =
      data.bins[feature[node] * data.rows + row] <= splitBin[node]
        ? left[node]
        : right[node];
  }
  return tree.value[node];
}

/**
 * Leaf value for one raw row.
 * @param tree - tree
 * @param values - row-major feature values
 * @param offset - index of the row's first feature in `values`
 * @returns the leaf value
 */
export function boostTreeValue(
  tree: BoostTree,
  values: Float32Array,
  offset: number,
): number {
  let node = 0;
  const { feature, threshold, left, right } = tree;
  while (feature[node] >= 0) {
    node = values[offset + feature[node]] < threshold[node] ? left[node] : right[node];
  }
  return tree.value[node];
}
