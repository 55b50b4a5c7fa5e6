/** Below this length the engine's own sort is as fast. */
const SMALL = 2048;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts float64 values ascending in place with a least-significant-digit radix sort over
 * their IEEE 754 bit patterns (sign-adjusted so that unsigned key order is numeric
 * order): four passes of 16 bits, each skipped when every key shares that digit. Linear
 * time; several times faster than a comparison sort on a million scores. Values must not
 * be NaN. Internal.
 *
 * @param values - the scores to sort
 */
export function radixSortFloat64(values: Float64Array): void {
  const n = values.length;
  if (n < SMALL || !LITTLE_ENDIAN) {
    values.sort();
    return;
  }

  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i];
    let h = words[2 * i + 1];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    counts[l & 0xffff]++;
    counts[65536 + (l >>> 16)]++;
    counts[131072 + (h & 0xffff)]++;
    counts[196608 + (h >>> 16)]++;
  }

  let loOut = new Uint32Array(n);
  let hiOut = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const shift = (pass & 1) * 16;
    const fromHigh = pass >= 2;
    const key = fromHigh ? hi : lo;
    if (counts[base + ((key[0] >>> shift) & 0xffff)] === n) continue;

    let offset = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d];
      counts[base + d] = offset;
      offset += c;
    }
    for (let i = 0; i < n; i++) {
      const digit = ((fromHigh ? hi[i] : lo[i]) >>> shift) & 0xffff;
      const to = counts[base + digit]++;
      loOut[to] = lo[i];
      hiOut[to] = hi[i];
    }
    [lo, loOut] = [loOut, lo];
    [hi, hiOut] = [hiOut, hi];
  }

  for (let i = 0; i < n; i++) {
    let l = lo[i];
    let h = hi[i];
    if (h & 0x80000000) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
  }
}
