/**
 * Integer hash of a lattice point and a key to [0, 1): 32-bit multiply-xorshift mixing,
 * the same on every machine.
 */
function latticeValue(ix: number, iy: number, iz: number, key: number): number {
  let h = (Math.imul(ix, 374761393) + Math.imul(iy, 668265263)) | 0;
  h = (h + Math.imul(iz, 1274126177) + key) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h = Math.imul(h ^ (h >>> 16), 2246822519);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** Cubic fade 3t^2 - 2t^3 of the lattice interpolation. */
function fade(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Smooth value noise in [0, 1] on one plane z = const: random values on a cubic lattice
 * of the given cell size, interpolated with the cubic fade 3t^2 - 2t^3 in x, y and z. The
 * lattice values of the two neighbouring z layers over a square are hashed once, so that
 * each lookup is a table interpolation. Used for bone texture and the gyral pattern.
 */
export interface NoisePlane {
  /**
   * The field at (x, y) of the plane; points outside the square repeat its edge cells.
   *
   * @param xMm - x position, mm
   * @param yMm - y position, mm
   * @returns the value in [0, 1]
   */
  at(xMm: number, yMm: number): number;
}

/**
 * Prepares value noise on the plane z = `zMm` over the square [-halfExtentMm,
 * halfExtentMm]^2.
 *
 * @param zMm - z position of the plane, mm
 * @param cellMm - lattice spacing, mm
 * @param key - selects an independent field
 * @param halfExtentMm - half-size of the square covered, mm
 * @returns the plane
 */
export function noisePlane(
  zMm: number,
  cellMm: number,
  key: number,
  halfExtentMm: number,
): NoisePlane {
  const gz = zMm / cellMm;
  const iz = Math.floor(gz);
  const fz = fade(gz - iz);
  const i0 = Math.floor(-halfExtentMm / cellMm) - 1;
  const n = Math.ceil((2 * halfExtentMm) / cellMm) + 4;
  const table = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const a = latticeValue(i0 + i, i0 + j, iz, key);
      const b = latticeValue(i0 + i, i0 + j, iz + 1, key);
      table[j * n + i] = a + (b - a) * fz;
    }
  }
  const inv = 1 / cellMm;
  const last = n - 2;
  return {
    at(xMm: number, yMm: number): number {
      const gx = xMm * inv - i0;
      const gy = yMm * inv - i0;
      let ix = Math.floor(gx);
      let iy = Math.floor(gy);
      let fx = gx - ix;
      let fy = gy - iy;
      if (ix < 0 || ix > last) {
        ix = ix < 0 ? 0 : last;
        fx = 0;
      }
      if (iy < 0 || iy > last) {
        iy = iy < 0 ? 0 : last;
        fy = 0;
      }
      fx = fx * fx * (3 - 2 * fx);
      fy = fy * fy * (3 - 2 * fy);
      const k = iy * n + ix;
      const v00 = table[k];
      const v10 = table[k + 1];
      const v01 = table[k + n];
      const v11 = table[k + n + 1];
      const top = v00 + (v10 - v00) * fx;
      const bottom = v01 + (v11 - v01) * fx;
      return top + (bottom - top) * fy;
    },
  };
}
