/**
 * A decoder for single-component JPEG lossless (ITU T.81 Annex H, process 14: SOF3 with
 * Huffman coding, predictors 1 to 7, point transform), written for speed with typed
 * arrays. Streams it does not cover (several components, restart intervals, hierarchical
 * or arithmetic coding) return `undefined`, and the caller falls back to
 * `@cornerstonejs/jpeg-lossless-decoder-js`.
 *
 * @internal
 */

interface HuffmanTable {
  /** 9-bit lookup: (code length << 8) | symbol, or 0 when the code is longer. */
  readonly fast: Uint16Array;
  /** Largest code of each length 1..16 (T.81 F.2.2.3 MAXCODE), -1 when none. */
  readonly maxCode: Int32Array;
  /**
   * Index into `values` of the first code of each length, minus that code (VALPTR -
   * MINCODE).
   */
  readonly offset: Int32Array;
  readonly values: Uint8Array;
}

const FAST_BITS = 9;

class JpegLosslessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JpegLosslessError';
  }
}

/** Builds decoding tables from BITS and HUFFVAL (T.81 Annex C and F.2.2.3). */
function buildTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const fast = new Uint16Array(1 << FAST_BITS);
  const maxCode = new Int32Array(18).fill(-1);
  const offset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1];
    offset[length] = k - code;
    for (let i = 0; i < n; i++, k++, code++) {
      if (length <= FAST_BITS) {
        const shift = FAST_BITS - length;
        const start = code << shift;
        for (let j = 0; j < 1 << shift; j++) fast[start + j] = (length << 8) | values[k];
      }
    }
    maxCode[length] = n > 0 ? code - 1 : -1;
    code <<= 1;
  }
  return { fast, maxCode, offset, values };
}

/**
 * Decodes one JPEG lossless codestream with one component.
 *
 * @internal
 * @returns samples and size, or undefined when the stream uses a feature handled
 *   elsewhere
 * @throws JpegLosslessError on a corrupt stream
 */
export function decodeJpegLossless(
  data: Uint8Array,
): { samples: Uint16Array; width: number; height: number } | undefined {
  const tables: (HuffmanTable | undefined)[] = [];
  let i = 0;
  const u16 = (at: number) => {
    if (at + 1 >= data.length)
      throw new JpegLosslessError('stream ends inside a segment');
    return (data[at] << 8) | data[at + 1];
  };
  if (u16(0) !== 0xffd8) throw new JpegLosslessError('no SOI marker');
  i = 2;
  let precision = 0;
  let width = 0;
  let height = 0;
  let componentId = -1;
  for (;;) {
    if (i + 4 > data.length) throw new JpegLosslessError('stream ends before SOS');
    if (data[i] !== 0xff) throw new JpegLosslessError(`expected a marker at byte ${i}`);
    const marker = data[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = u16(i + 2);
    const segment = i + 4;
    const end = i + 2 + length;
    if (length < 2 || end > data.length)
      throw new JpegLosslessError('bad segment length');
    if (marker === 0xc4) {
      let p = segment;
      while (p < end) {
        const id = data[p] & 0x0f;
        const counts = data.subarray(p + 1, p + 17);
        if (p + 17 > end) throw new JpegLosslessError('truncated DHT');
        let total = 0;
        for (let c = 0; c < 16; c++) total += counts[c];
        if (p + 17 + total > end) throw new JpegLosslessError('truncated DHT values');
        tables[id] = buildTable(counts, data.subarray(p + 17, p + 17 + total));
        p += 17 + total;
      }
    } else if (marker === 0xc3) {
      precision = data[segment];
      height = u16(segment + 1);
      width = u16(segment + 3);
      const components = data[segment + 5];
      if (components !== 1) return undefined;
      componentId = data[segment + 6];
      if (data[segment + 7] !== 0x11) return undefined;
    } else if (marker === 0xdd) {
      if (u16(segment) !== 0) return undefined; // restart intervals: library path
    } else if (marker === 0xda) {
      i = end;
      if (precision < 2 || precision > 16 || width === 0 || height === 0) {
        throw new JpegLosslessError('SOS before a valid SOF3');
      }
      if (data[segment] !== 1 || data[segment + 1] !== componentId) return undefined;
      const table = tables[data[segment + 2] >> 4];
      const predictor = data[segment + 3];
      const pointTransform = data[segment + 5] & 0x0f;
      if (table === undefined)
        throw new JpegLosslessError('SOS names a missing Huffman table');
      if (predictor < 1 || predictor > 7)
        throw new JpegLosslessError(`predictor ${predictor}`);
      return {
        samples: decodeScan(
          data,
          i,
          table,
          width,
          height,
          precision,
          predictor,
          pointTransform,
        ),
        width,
        height,
      };
    } else if ((marker & 0xf0) === 0xc0 && marker !== 0xc4 && marker !== 0xcc) {
      return undefined; // another process (DCT, hierarchical, arithmetic)
    }
    i = end;
  }
}

function decodeScan(
  data: Uint8Array,
  start: number,
  table: HuffmanTable,
  width: number,
  height: number,
  precision: number,
  predictor: number,
  pointTransform: number,
): Uint16Array {
  const out = new Uint16Array(width * height);
  const { fast, maxCode, offset, values } = table;
  const fastMask = (1 << FAST_BITS) - 1;
  const initial = 1 << (precision - pointTransform - 1);
  // At the first marker (0xFF not followed by a stuffed 0x00) the scan's data ends and
  // zeros are fed from then on; a corrupt stream ends in an invalid code or wrong values,
  // never a hang.
  let n = data.length;
  let pos = start;
  let acc = 0;
  let bits = 0;
  let k = 0;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, k++) {
      // Decode the difference category (T.81 F.2.2.3), then its extra bits (H.1.2.2).
      if (bits < 16) {
        while (bits <= 24) {
          let byte = 0;
          if (pos < n) {
            byte = data[pos];
            if (byte === 0xff) {
              if (pos + 1 < n && data[pos + 1] === 0) {
                pos += 2;
              } else {
                byte = 0;
                n = pos;
              }
            } else {
              pos++;
            }
          }
          acc = ((acc << 8) | byte) >>> 0;
          bits += 8;
        }
      }
      const entry = fast[(acc >>> (bits - FAST_BITS)) & fastMask];
      let symbol: number;
      if (entry !== 0) {
        bits -= entry >> 8;
        symbol = entry & 0xff;
      } else {
        let length = FAST_BITS + 1;
        let code = (acc >>> (bits - length)) & ((1 << length) - 1);
        while (length <= 16 && code > maxCode[length]) {
          length++;
          code = (acc >>> (bits - length)) & ((1 << length) - 1);
        }
        if (length > 16) throw new JpegLosslessError('invalid Huffman code');
        bits -= length;
        const index = code + offset[length];
        if (index < 0 || index >= values.length)
          throw new JpegLosslessError('bad Huffman index');
        symbol = values[index];
      }
      let diff = 0;
      if (symbol !== 0) {
        if (symbol === 16) {
          diff = 32768;
        } else {
          if (symbol > 16) throw new JpegLosslessError(`difference category ${symbol}`);
          if (bits < 16) {
            while (bits <= 24) {
              let byte = 0;
              if (pos < n) {
                byte = data[pos];
                if (byte === 0xff) {
                  if (pos + 1 < n && data[pos + 1] === 0) {
                    pos += 2;
                  } else {
                    byte = 0;
                    n = pos;
                  }
                } else {
                  pos++;
                }
              }
              acc = ((acc << 8) | byte) >>> 0;
              bits += 8;
            }
          }
          bits -= symbol;
          const v = (acc >>> bits) & ((1 << symbol) - 1);
          diff = v < 1 << (symbol - 1) ? v - (1 << symbol) + 1 : v;
        }
      }

      // Predict (T.81 H.1.2.1, Table H.1): first sample 2^(P - Pt - 1), first row Ra,
      // first column Rb, elsewhere the scan's predictor.
      let prediction: number;
      if (y === 0) {
        prediction = x === 0 ? initial : out[k - 1];
      } else if (x === 0) {
        prediction = out[k - width];
      } else {
        const ra = out[k - 1];
        const rb = out[k - width];
        const rc = out[k - width - 1];
        switch (predictor) {
          case 1:
            prediction = ra;
            break;
          case 2:
            prediction = rb;
            break;
          case 3:
            prediction = rc;
            break;
          case 4:
            prediction = ra + rb - rc;
            break;
          case 5:
            prediction = ra + ((rb - rc) >> 1);
            break;
          case 6:
            prediction = rb + ((ra - rc) >> 1);
            break;
          default:
            prediction = (ra + rb) >> 1;
        }
      }
      out[k] = (prediction + diff) & 0xffff;
    }
  }
  if (pointTransform > 0)
    for (let i = 0; i < out.length; i++) out[i] = out[i] << pointTransform;
  return out;
}
