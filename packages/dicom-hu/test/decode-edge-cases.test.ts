import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodeFrameSync,
  DicomError,
  preloadCodecs,
  readDicom,
  toHounsfield,
  toHounsfieldSync,
} from '@calvaria/dicom-hu';

// Fixtures and expected values written by tools/golden/dicom-hu.py: sha256 of the source arrays
// for lossless files, pydicom's apply_modality_lut for the LUT file, dcmtk's dcmdjpeg (checked
// equal to pydicom) for the 8-bit JPEG baseline and extended files, dcmtk's dcmdjpls (checked
// equal to gdcmconv --raw) for the JPEG-LS near-lossless file.
const root = new URL('./fixtures/generated/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', root), 'utf8'))
  .files as Record<
  string,
  {
    transfer_syntax: string;
    frames?: number;
    raw_sha256_int32?: string;
    hu_sha256_float32?: string;
    expect_error?: string;
  }
>;

function sha256(parts: ArrayBufferView[]): string {
  const hash = createHash('sha256');
  for (const p of parts)
    hash.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return hash.digest('hex');
}

function bytesOf(name: string): Uint8Array {
  return readFileSync(new URL(name, root));
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decoding files made for the edge cases', () => {
  for (const [name, e] of Object.entries(expected)) {
    if (e.expect_error !== undefined) continue;
    it(`${name} gives the source values`, async () => {
      const file = readDicom(bytesOf(name));
      expect(file.transferSyntax.uid).toBe(e.transfer_syntax);
      expect(file.numberOfFrames).toBe(e.frames);
      const stored: Int32Array[] = [];
      const hu: Float32Array[] = [];
      for (let i = 0; i < file.numberOfFrames; i++) {
        stored.push(await file.frames.decode(i));
        hu.push((await toHounsfield(file, i)).pixels);
      }
      expect(sha256(stored)).toBe(e.raw_sha256_int32);
      expect(sha256(hu)).toBe(e.hu_sha256_float32);
    });
  }

  it('splits fragments into frames by markers when the offset table is wrong', async () => {
    const file = readDicom(bytesOf('multiframe_jls_fragments_wrong_bot.dcm'));
    // 3 frames of 24 x 32, each in two fragments (1 KiB limit), as dcmdump shows.
    expect(file.frames.count).toBe(3);
    expect((await decodeFrame(file, 2)).length).toBe(24 * 32);
  });

  it('refuses 12-bit JPEG extended with an error naming the syntax', async () => {
    const file = readDicom(bytesOf('jpeg_extended_12bit.dcm'));
    const error = await caught(decodeFrame(file, 0));
    expect(error).toBeInstanceOf(DicomError);
    expect((error as DicomError).code).toBe('DICOM_UNSUPPORTED_TRANSFER_SYNTAX');
    expect((error as DicomError).message).toContain('1.2.840.10008.1.2.4.51');
  });
});

describe('frame access', () => {
  it('refuses frame indices outside the file', async () => {
    const file = readDicom(bytesOf('multiframe_native.dcm'));
    for (const index of [-1, 3, 1.5]) {
      const error = await caught(decodeFrame(file, index));
      expect((error as DicomError).code).toBe('DICOM_FRAME_OUT_OF_RANGE');
    }
  });

  it('gives the encoded bytes of a native frame as a view of rows x columns x 2 bytes', () => {
    const file = readDicom(bytesOf('multiframe_native.dcm'));
    expect(file.frames.encoded(1).length).toBe(24 * 32 * 2);
  });

  it('decodes native data synchronously without loading a codec', () => {
    const file = readDicom(bytesOf('multiframe_native.dcm'));
    expect(decodeFrameSync(file, 0).length).toBe(24 * 32);
    expect(toHounsfieldSync(file, 0).width).toBe(32);
  });

  it('decodes compressed data synchronously once its codec is preloaded', async () => {
    const file = readDicom(bytesOf('multiframe_jls_no_bot.dcm'));
    await preloadCodecs([file.transferSyntax.uid]);
    expect(decodeFrameSync(file, 1)).toEqual(await decodeFrame(file, 1));
  });

  it('reports a file without pixel data', async () => {
    const noPixels = readDicom(stripPixelData(bytesOf('multiframe_native.dcm')));
    expect(noPixels.hasPixelData).toBe(false);
    expect(noPixels.frames.count).toBe(0);
    const error = await caught(decodeFrame(noPixels, 0));
    expect((error as DicomError).code).toBe('DICOM_NO_PIXEL_DATA');
  });
});

/** Cuts a native explicit little endian file just before its Pixel Data element. */
function stripPixelData(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 12; i > 132; i--) {
    if (
      bytes[i] === 0xe0 &&
      bytes[i + 1] === 0x7f &&
      bytes[i + 2] === 0x10 &&
      bytes[i + 3] === 0
    ) {
      return bytes.slice(0, i);
    }
  }
  throw new Error('no pixel data tag');
}
