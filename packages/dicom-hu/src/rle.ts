import { DicomError } from './dicom-error.js';

function rleError(detail: string): DicomError {
  return new DicomError(
    'DICOM_DECODE_FAILED',
    `RLE Lossless frame is corrupt: ${detail}. Re-export the file or convert it with gdcmconv --raw.`,
  );
}

/**
 * Decodes one RLE Lossless frame (DICOM PS3.5 Annex G: a 64-byte header of segment
 * offsets, then one PackBits segment per byte plane, most significant byte first) to
 * unsigned container values, one sample per pixel.
 *
 * @internal
 * @param frame - the frame's bytes (header and segments)
 * @param pixelCount - rows x columns
 * @param bytesPerSample - Bits Allocated / 8 (1, 2 or 4)
 * @returns the container values as an Int32Array (32-bit patterns for 4-byte samples)
 */
export function decodeRleFrame(
  frame: Uint8Array,
  pixelCount: number,
  bytesPerSample: number,
): Int32Array {
  if (frame.length < 64)
    throw rleError(`only ${frame.length} bytes, less than its header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw rleError(
      `${segments} segments where one sample of ${bytesPerSample} bytes needs ${bytesPerSample}`,
    );
  }
  const out = new Int32Array(pixelCount);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || start > end || end > frame.length) {
      throw rleError(
        `segment ${s + 1} spans bytes ${start} to ${end} of ${frame.length}`,
      );
    }
    const shift = 8 * (bytesPerSample - 1 - s);
    let i = start;
    let p = 0;
    while (p < pixelCount && i < end) {
      const n = frame[i++];
      if (n < 128) {
        const count = n + 1;
        if (i + count > end) throw rleError(`segment ${s + 1} ends inside a literal run`);
        const take = Math.min(count, pixelCount - p);
        for (let k = 0; k < take; k++) out[p++] |= frame[i + k] << shift;
        i += count;
      } else if (n > 128) {
        if (i >= end) throw rleError(`segment ${s + 1} ends inside a replicate run`);
        const value = frame[i++] << shift;
        const stop = Math.min(p + 257 - n, pixelCount);
        for (; p < stop; p++) out[p] |= value;
      }
    }
    if (p < pixelCount) {
      throw rleError(`segment ${s + 1} holds ${p} of ${pixelCount} bytes`);
    }
  }
  return out;
}
