import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame, readDicom, toHounsfield } from '@calvaria/dicom-hu';

// Ground truth: fixtures/shared/expected.json, computed by pydicom 2.3.1 + numpy 1.24.2 (with
// the Bits Stored masking fix described in fixtures/shared/README.md) over the public files
// copied beside it.
const root = new URL('./fixtures/shared/', import.meta.url);

interface Expected {
  transfer_syntax: string;
  rows: number;
  cols: number;
  frames: number;
  bits_allocated: number;
  bits_stored: number;
  high_bit: number;
  pixel_representation: number;
  rescale_slope: number | null;
  rescale_intercept: number | null;
  pixel_padding_value: number | null;
  raw_min: number;
  raw_max: number;
  raw_sha256_int32: string;
  hu_sha256_float32: string;
}

const expected = JSON.parse(readFileSync(new URL('expected.json', root), 'utf8'))
  .files as Record<string, Expected>;

function sha256(parts: ArrayBufferView[]): string {
  const hash = createHash('sha256');
  for (const p of parts)
    hash.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return hash.digest('hex');
}

describe('stored values and Hounsfield units match pydicom', () => {
  for (const [name, e] of Object.entries(expected)) {
    it(`${name} (${e.transfer_syntax})`, async () => {
      const file = readDicom(readFileSync(new URL(name, root)));

      expect(file.transferSyntax.uid).toBe(e.transfer_syntax);
      expect([file.rows, file.columns, file.numberOfFrames]).toEqual([
        e.rows,
        e.cols,
        e.frames,
      ]);
      expect([file.bitsAllocated, file.bitsStored, file.highBit]).toEqual([
        e.bits_allocated,
        e.bits_stored,
        e.high_bit,
      ]);
      expect(file.pixelRepresentation).toBe(e.pixel_representation);
      expect(file.rescaleSlope ?? null).toBe(e.rescale_slope);
      expect(file.rescaleIntercept ?? null).toBe(e.rescale_intercept);
      expect(file.pixelPaddingValue ?? null).toBe(e.pixel_padding_value);

      const stored: Int32Array[] = [];
      const hu: Float32Array[] = [];
      for (let i = 0; i < file.numberOfFrames; i++) {
        stored.push(await decodeFrame(file, i));
        hu.push((await toHounsfield(file, i)).pixels);
      }
      expect(Math.min(...stored.map((s) => s.reduce((a, b) => Math.min(a, b))))).toBe(
        e.raw_min,
      );
      expect(Math.max(...stored.map((s) => s.reduce((a, b) => Math.max(a, b))))).toBe(
        e.raw_max,
      );
      expect(sha256(stored)).toBe(e.raw_sha256_int32);
      expect(sha256(hu)).toBe(e.hu_sha256_float32);
    });
  }
});
