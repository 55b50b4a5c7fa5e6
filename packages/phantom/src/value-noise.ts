/**
 * Integer hash of a lattice point and a key to [0, 1): 32-bit multiply-xorshift mixing, the
 * same on every machine.
 */
function latticeValue(ix: number, iy: number, iz: number, key: number): number {
  let h = (Math.imul(ix, 374761393) + Math.imul(iy, 668265263)) | 0;
  h = (h + Math.imul(iz, 1274126177) + key) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h = Math.imul(h ^ (h >>> 16), 2246822519);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/**
 * Smooth value noise in [0, 1]: random values on a cubic lattice of the given cell size,
 * interpolated with the cubic fade 3t^2 - 2t^3. Used for bone texture and the gyral pattern.
 *
 * @param xMm - x position, mm
 * @param yMm - y position, mm
 * @param zMm - z position, mm
 * @param cellMm - lattice spacing, mm
 * @param key - selects an independent field
 * @returns the field value at the point
 */
export function valueNoise(
  xMm: number,
  yMm: number,
  zMm: number,
  cellMm: number,
  key: number,
): number {
  const gx = xMm / cellMm;
  const gy = yMm / cellMm;
  const gz = zMm / cellMm;
  const ix = Math.floor(gx);
  const iy = Math.floor(gy);
  const iz = Math.floor(gz);
  let fx = gx - ix;
  let fy = gy - iy;
  let fz = gz - iz;
  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  fz = fz * fz * (3 - 2 * fz);
  const v000 = latticeValue(ix, iy, iz, key);
  const v100 = latticeValue(ix + 1, iy, iz, key);
  const v010 = latticeValue(ix, iy + 1, iz, key);
  const v110 = latticeValue(ix + 1, iy + 1, iz, key);
  const v001 = latticeValue(ix, iy, iz + 1, key);
  const v101 = latticeValue(ix + 1, iy, iz + 1, key);
  const v011 = latticeValue(ix, iy + 1, iz + 1, key);
  const v111 = latticeValue(ix + 1, iy + 1, iz + 1, key);
  const a0 = v000 + (v100 - v000) * fx;
  const b0 = v010 + (v110 - v010) * fx;
  const a1 = v001 + (v101 - v001) * fx;
  const b1 = v011 + (v111 - v011) * fx;
  const c0 = a0 + (b0 - a0) * fy;
  const c1 = a1 + (b1 - a1) * fy;
  return c0 + (c1 - c0) * fz;
}
