import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { decodeFrame, readDicom } from '@calvaria/dicom-hu';

// calvaria's own process-14 decoder hands streams it does not cover (several components,
// restart intervals) to `@cornerstonejs/jpeg-lossless-decoder-js`. No encoder at hand writes
// such a monochrome stream, so this file makes the own decoder decline every stream and checks
// that the library path gives the same sha256 as pydicom (fixtures/shared/expected.json) on
// the JPEG lossless fixtures, predictor 6 included.
vi.mock('../src/jpeg-lossless.js', () => ({ decodeJpegLossless: () => undefined }));

const root = new URL('./fixtures/shared/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', root), 'utf8'))
  .files as Record<string, { raw_sha256_int32: string; transfer_syntax: string }>;
const LOSSLESS = ['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'];

describe('JPEG lossless library fallback', () => {
  const names = Object.keys(expected).filter((name) =>
    LOSSLESS.includes(expected[name].transfer_syntax),
  );

  it('covers every JPEG lossless fixture (.57 and .70)', () => {
    expect(names.length).toBe(7);
  });

  for (const name of names) {
    it(`${name} decodes to pydicom's stored values through the library`, async () => {
      const file = readDicom(readFileSync(new URL(name, root)));
      const stored = await decodeFrame(file, 0);
      const hash = createHash('sha256')
        .update(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength))
        .digest('hex');
      expect(hash).toBe(expected[name].raw_sha256_int32);
    });
  }
});
