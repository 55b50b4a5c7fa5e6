import { FeaturesError } from './errors.js';

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Encodes a row-major float32 matrix as a NumPy `.npy` file (format version 1.0, dtype
 * `<f4`, C order), as the NumPy format specification (`numpy.lib.format`) defines it:
 * magic, version, a little-endian header length, a Python-literal header padded with
 * spaces to a 64-byte boundary and ended by a newline, then the raw values.
 *
 * @param values - `rows * columns` values, row-major.
 * @param rows - Number of rows.
 * @param columns - Number of columns.
 * @returns The file bytes.
 */
export function encodeNpy(
  values: Float32Array,
  rows: number,
  columns: number,
): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${columns}), }`;
  const unpadded = magic.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';

  const out = new Uint8Array(magic.length + 4 + header.length + values.byteLength);
  out.set(magic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  out.set(body, 10 + header.length);
  return out;
}

/**
 * Decodes a two-dimensional NumPy `.npy` file of float32 or float64 values in C order.
 *
 * @param bytes - The file bytes.
 * @returns The values as float32 with their row and column counts.
 * @throws {FeaturesError} `FEATURES_FILE_FORMAT` when the file is not such an array.
 */
export function decodeNpy(bytes: Uint8Array): {
  values: Float32Array;
  rows: number;
  columns: number;
} {
  const fail = (what: string): never => {
    throw new FeaturesError(
      'FEATURES_FILE_FORMAT',
      `Not a readable feature .npy file: ${what}. Expected a 2-D float32 array in C order.`,
    );
  };
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) fail('no NUMPY magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLength),
  );
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined)
    fail('bad header');
  if (fortran === 'True') fail('Fortran order');
  const dims = shape!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (dims.length !== 2) fail(`shape (${shape}) is not 2-D`);
  const [rows, columns] = dims;

  const start = headerStart + headerLength;
  const count = rows * columns;
  const body = bytes.slice(start);
  let values: Float32Array;
  if (descr === '<f4') {
    if (body.byteLength < count * 4) fail('truncated data');
    values = new Float32Array(body.buffer, 0, count);
  } else if (descr === '<f8') {
    if (body.byteLength < count * 8) fail('truncated data');
    values = Float32Array.from(new Float64Array(body.buffer, 0, count));
  } else {
    return fail(`dtype ${descr}`);
  }
  return { values, rows, columns };
}
