import { DicomError } from './dicom-error.js';

/** How stored values sit in their containers (DICOM PS3.5 section 8.1.1). @internal */
export interface PixelLayout {
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
}

function refuseLargeUnsigned(): never {
  throw new DicomError(
    'DICOM_UNSUPPORTED_PIXEL_FORMAT',
    'An unsigned 32-bit stored value is above 2^31 - 1 and does not fit the Int32Array that ' +
      'decodeFrame returns.',
  );
}

/**
 * Masks container values to Bits Stored and sign-extends two's complement data, in place
 * over an Int32Array that holds the unsigned container values (or their 32-bit pattern).
 *
 * Follows DICOM PS3.5 section 8.1.1: the stored value occupies bits `highBit - bitsStored
 * + 1` to `highBit` of the container; other bits (overlays, garbage) are ignored.
 *
 * @internal
 */
export function maskInPlace(
  values: Int32Array,
  layout: PixelLayout,
  shift: number,
): Int32Array {
  const bits = layout.bitsStored;
  const n = values.length;
  if (bits === 32) {
    if (!layout.signed) {
      for (let i = 0; i < n; i++) if (values[i] < 0) refuseLargeUnsigned();
    }
    return values;
  }
  if (layout.signed) {
    const up = 32 - bits - shift;
    const down = 32 - bits;
    for (let i = 0; i < n; i++) values[i] = (values[i] << up) >> down;
  } else {
    const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
    for (let i = 0; i < n; i++) values[i] = (values[i] >>> shift) & mask;
  }
  return values;
}

/**
 * Converts native (uncompressed) pixel bytes of one frame, one sample per pixel, to
 * stored values. Uses aligned typed-array views where possible and byte loops otherwise.
 *
 * @internal
 */
export function storedFromNative(
  bytes: Uint8Array,
  count: number,
  layout: PixelLayout,
  littleEndian: boolean,
): Int32Array {
  const out = new Int32Array(count);
  const shift = layout.highBit + 1 - layout.bitsStored;
  const { bitsAllocated, bitsStored, signed } = layout;

  if (bitsAllocated === 8) {
    for (let i = 0; i < count; i++) out[i] = bytes[i];
    if (signed && bitsStored === 8 && shift === 0) {
      for (let i = 0; i < count; i++) out[i] = (out[i] << 24) >> 24;
      return out;
    }
    return maskInPlace(out, layout, shift);
  }

  if (bitsAllocated === 16) {
    if (littleEndian && bytes.byteOffset % 2 === 0) {
      if (signed && bitsStored === 16 && shift === 0) {
        const view = new Int16Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++) out[i] = view[i];
        return out;
      }
      const view = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
      if (signed && shift === 0) {
        const s = 32 - bitsStored;
        for (let i = 0; i < count; i++) out[i] = (view[i] << s) >> s;
        return out;
      }
      for (let i = 0; i < count; i++) out[i] = view[i];
    } else if (littleEndian) {
      for (let i = 0, j = 0; i < count; i++, j += 2)
        out[i] = bytes[j] | (bytes[j + 1] << 8);
    } else {
      for (let i = 0, j = 0; i < count; i++, j += 2)
        out[i] = (bytes[j] << 8) | bytes[j + 1];
    }
    if (bitsStored === 16 && shift === 0) {
      if (signed) for (let i = 0; i < count; i++) out[i] = (out[i] << 16) >> 16;
      return out;
    }
    return maskInPlace(out, layout, shift);
  }

  if (bitsAllocated === 32) {
    if (littleEndian) {
      for (let i = 0, j = 0; i < count; i++, j += 4) {
        out[i] =
          bytes[j] | (bytes[j + 1] << 8) | (bytes[j + 2] << 16) | (bytes[j + 3] << 24);
      }
    } else {
      for (let i = 0, j = 0; i < count; i++, j += 4) {
        out[i] =
          (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
      }
    }
    return maskInPlace(out, layout, shift);
  }

  throw new DicomError(
    'DICOM_UNSUPPORTED_PIXEL_FORMAT',
    `Bits Allocated ${bitsAllocated} is not supported for native pixel data; 8, 16 and 32 are.`,
  );
}

/**
 * Converts the samples a codec produced (8- or 16-bit containers, little endian as in
 * WebAssembly memory, or 32-bit values from a native codec) to stored values masked to
 * Bits Stored and sign-extended. Only the low Bits Stored bits of each sample are read,
 * so a container and a 32-bit value of the same sample give the same stored value.
 *
 * @internal
 */
export function storedFromDecoded(
  samples: Uint8Array | Uint16Array | Int32Array,
  count: number,
  layout: PixelLayout,
): Int32Array {
  if (samples.length < count) {
    throw new DicomError(
      'DICOM_DECODE_FAILED',
      `The codec produced ${samples.length} samples where the attributes declare ${count}.`,
    );
  }
  const out = new Int32Array(count);
  const bits = layout.bitsStored;
  if (bits === 32) {
    for (let i = 0; i < count; i++) out[i] = samples[i];
    return maskInPlace(out, layout, 0);
  }
  if (layout.signed) {
    const s = 32 - bits;
    for (let i = 0; i < count; i++) out[i] = (samples[i] << s) >> s;
  } else {
    const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
    for (let i = 0; i < count; i++) out[i] = samples[i] & mask;
  }
  return out;
}
