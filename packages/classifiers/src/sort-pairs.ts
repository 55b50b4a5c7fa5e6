/**
 * Sorts `keys[lo..hi)` ascending and permutes `payload` alongside (introsort-like
 * quicksort with median-of-three pivots and insertion sort below 16 entries).
 * @param keys - sort keys, reordered in place
 * @param payload - values moved with their keys
 * @param lo - first index
 * @param hi - one past the last index
 */
export function sortPairs(
  keys: Float32Array,
  payload: Int32Array,
  lo: number,
  hi: number,
): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    const a = keys[lo];
    const b = keys[mid];
    const c = keys[hi - 1];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const tk = keys[i];
        keys[i] = keys[j];
        keys[j] = tk;
        const tp = payload[i];
        payload[i] = payload[j];
        payload[j] = tp;
        i++;
        j--;
      }
    }
    if (j + 1 - lo < hi - i) {
      sortPairs(keys, payload, lo, j + 1);
      lo = i;
    } else {
      sortPairs(keys, payload, i, hi);
      hi = j + 1;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const k = keys[i];
    const p = payload[i];
    let j = i - 1;
    while (j >= lo && keys[j] > k) {
      keys[j + 1] = keys[j];
      payload[j + 1] = payload[j];
      j--;
    }
    keys[j + 1] = k;
    payload[j + 1] = p;
  }
}
