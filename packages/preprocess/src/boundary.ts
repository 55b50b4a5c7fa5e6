/**
 * Index into SciPy's `reflect` extension of a line of length `n` (half-sample symmetric,
 * `d c b a | a b c d | d c b a`), the default boundary of `scipy.ndimage` filters.
 *
 * @param index - a position that may lie outside [0, n)
 * @param n - the line length, at least 1
 * @returns the index inside [0, n) whose value the extension repeats
 */
export function reflectIndex(index: number, n: number): number {
  if (index >= 0 && index < n) return index;
  const period = 2 * n;
  let k = index % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/**
 * Index into the `nearest` (edge-replicating) extension of a line of length `n`.
 *
 * @param index - a position that may lie outside [0, n)
 * @param n - the line length, at least 1
 * @returns the nearest index inside [0, n)
 */
export function clampIndex(index: number, n: number): number {
  return index < 0 ? 0 : index >= n ? n - 1 : index;
}
