import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { prng } from './prng.js';
import { decodeFrame, DicomError, readDicom, toHounsfield } from '@calvaria/dicom-hu';

// A seeded mutation fuzzer: every mutated input must either decode or throw a DicomError with
// a stable code. Small fixtures carry most cases so the run stays well under a minute.

const require = createRequire(import.meta.url);
const dicomParser = require('dicom-parser') as typeof import('dicom-parser');

const FIXTURES = [
  'shared/src/pydicom_MR_small.dcm',
  'shared/src/pydicom_MR_small_implicit.dcm',
  'shared/src/pydicom_MR_small_bigendian.dcm',
  'shared/src/pydicom_MR_small_RLE.dcm',
  'shared/src/pydicom_MR_small_jpeg_ls_lossless.dcm',
  'shared/src/pydicom_MR_small_jp2klossless.dcm',
  'shared/src/pydicom_rtdose.dcm',
  'shared/src/pydicom_image_dfl.dcm',
  'shared/src/pydicom_dicomdir_CT5N_2062.dcm',
  'shared/derived/ct128_jpll_sv1_dcmtk.dcm',
  'shared/derived/ct128_deflate.dcm',
  'generated/multiframe_native.dcm',
  'generated/multiframe_rle_wrong_bot.dcm',
  'generated/multiframe_jls_fragments_wrong_bot.dcm',
  'generated/odd_8bit_padded.dcm',
  'generated/modality_lut.dcm',
  'generated/jpeg_baseline_8bit.dcm',
  'generated/trailing_padding_implicit.dcm',
];

const MAX_PIXELS = 1 << 20;
const PIXEL_ATTRIBUTES = [
  'x00280002',
  'x00280008',
  'x00280010',
  'x00280011',
  'x00280100',
  'x00280101',
  'x00280102',
  'x00280103',
];
const LONG_VRS = new Set([
  'OB',
  'OW',
  'OF',
  'OD',
  'OL',
  'OV',
  'SQ',
  'UT',
  'UN',
  'UC',
  'UR',
]);

interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Byte positions and sizes of element and fragment length fields. */
  readonly lengthFields: { at: number; size: 2 | 4 }[];
  /** Value positions of the pixel description attributes. */
  readonly attributes: { at: number; length: number; text: boolean }[];
  /** Where the Pixel Data tag starts, and where its value starts. */
  readonly pixelTagAt: number;
  readonly pixelValueAt: number;
}

/** Finds element offsets with dicom-parser on the original (unmutated) file. */
function describeFixture(name: string): Fixture {
  const bytes = new Uint8Array(
    readFileSync(new URL(`./fixtures/${name}`, import.meta.url)),
  );
  const file = readDicom(bytes);
  const deflated = file.transferSyntax.deflated;
  // For a deflated file only the meta information has offsets into the stored bytes.
  const ds = deflated
    ? dicomParser.readPart10Header(bytes)
    : dicomParser.parseDicom(bytes);
  const explicit = file.transferSyntax.explicitVr;
  const lengthFields: { at: number; size: 2 | 4 }[] = [];
  const attributes: { at: number; length: number; text: boolean }[] = [];
  let pixelTagAt = -1;
  let pixelValueAt = -1;
  for (const element of Object.values(ds.elements)) {
    const isMeta = element.tag.startsWith('x0002');
    const longForm =
      !(explicit || isMeta) || (element.vr !== undefined && LONG_VRS.has(element.vr));
    const headerSize = !(explicit || isMeta) ? 8 : longForm ? 12 : 8;
    lengthFields.push({
      at: element.dataOffset - (longForm ? 4 : 2),
      size: longForm ? 4 : 2,
    });
    if (PIXEL_ATTRIBUTES.includes(element.tag)) {
      attributes.push({
        at: element.dataOffset,
        length: element.length,
        text: element.tag === 'x00280008',
      });
    }
    if (element.tag === 'x7fe00010') {
      pixelTagAt = element.dataOffset - headerSize;
      pixelValueAt = element.dataOffset;
      for (const f of element.fragments ?? [])
        lengthFields.push({ at: f.position - 4, size: 4 });
    }
  }
  return { name, bytes, lengthFields, attributes, pixelTagAt, pixelValueAt };
}

type Mutation = (f: Fixture, random: () => number) => Uint8Array;

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

const bitFlips: Mutation = (f, random) => {
  const out = f.bytes.slice();
  const flips = 1 + Math.floor(random() * 8);
  // Half the flips land in the first 1,024 bytes, where the attributes are.
  const span = random() < 0.5 ? Math.min(1024, out.length) : out.length;
  for (let k = 0; k < flips; k++)
    out[Math.floor(random() * span)] ^= 1 << Math.floor(random() * 8);
  return out;
};

const truncation: Mutation = (f, random) => {
  const n = f.bytes.length;
  const boundaries = [...f.lengthFields.map((l) => l.at), f.pixelTagAt, f.pixelValueAt];
  const length =
    random() < 0.5
      ? Math.floor(random() * n)
      : Math.max(
          0,
          Math.min(n - 1, pick(random, boundaries) + Math.floor(random() * 7) - 3),
        );
  return f.bytes.slice(0, length);
};

const lengthCorruption: Mutation = (f, random) => {
  const out = f.bytes.slice();
  const field = pick(random, f.lengthFields);
  const view = new DataView(out.buffer);
  const values =
    field.size === 2
      ? [0, 1, 3, 0xffff, 0x8000, Math.floor(random() * 0x10000)]
      : [0, 1, 3, 0xffffffff, 0x7fffffff, 0xfffffffe, Math.floor(random() * 2 ** 32)];
  const value = pick(random, values);
  if (field.at < 0 || field.at + field.size > out.length) return out;
  if (field.size === 2) view.setUint16(field.at, value, random() < 0.5);
  else view.setUint32(field.at, value, random() < 0.5);
  return out;
};

const absurdAttributes: Mutation = (f, random) => {
  const out = f.bytes.slice();
  const attribute = pick(random, f.attributes);
  if (attribute === undefined) return out;
  if (attribute.text) {
    const digits = pick(random, ['0', '9', '-', ' ', 'x']);
    for (let i = 0; i < attribute.length; i++)
      out[attribute.at + i] = digits.charCodeAt(0);
  } else if (attribute.length >= 2) {
    const value = pick(random, [0, 1, 2, 3, 7, 12, 17, 33, 64, 0x7fff, 0xffff]);
    new DataView(out.buffer).setUint16(attribute.at, value, random() < 0.5);
  }
  return out;
};

const missingPixelData: Mutation = (f, random) => {
  if (f.pixelTagAt < 0) return f.bytes.slice();
  if (random() < 0.5) return f.bytes.slice(0, f.pixelTagAt);
  const out = f.bytes.slice();
  out[f.pixelTagAt + 2] = pick(random, [0x11, 0x00, 0x08]); // 7FE0,0010 becomes another tag
  return out;
};

const pixelGarbage: Mutation = (f, random) => {
  const out = f.bytes.slice();
  if (f.pixelValueAt < 0) return out;
  const count = 1 + Math.floor(random() * 16);
  for (let k = 0; k < count; k++) {
    const at = f.pixelValueAt + Math.floor(random() * (out.length - f.pixelValueAt));
    out[at] = Math.floor(random() * 256);
  }
  return out;
};

const MUTATIONS: [string, Mutation, number][] = [
  ['bit flips', bitFlips, 160],
  ['truncation', truncation, 140],
  ['corrupted length fields', lengthCorruption, 120],
  ['absurd pixel attributes', absurdAttributes, 80],
  ['missing pixel data', missingPixelData, 20],
  ['garbage in pixel data', pixelGarbage, 80],
];

async function attempt(bytes: Uint8Array): Promise<string> {
  try {
    const file = readDicom(bytes, { maxPixels: MAX_PIXELS });
    const last = file.frames.count - 1;
    for (const index of new Set([0, 1, last].filter((i) => i >= 0 && i <= last))) {
      await decodeFrame(file, index);
      await toHounsfield(file, index, { paddingToAir: true });
    }
    return 'decoded';
  } catch (error) {
    if (error instanceof DicomError) return error.code;
    const what =
      error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return `NOT A DicomError: ${what}`;
  }
}

describe('fuzzing', () => {
  const fixtures = FIXTURES.map(describeFixture);

  it('decodes or throws DicomError for every one of 10,000+ seeded mutations', async () => {
    const random = prng(0x5eed2026);
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    let cases = 0;

    // Truncation at every length below 300 bytes of one small file: preamble, prefix, meta.
    const small = fixtures.find((f) => f.name.endsWith('odd_8bit_padded.dcm'))!;
    for (let length = 0; length < Math.min(300, small.bytes.length); length++) {
      const outcome = await attempt(small.bytes.slice(0, length));
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome.startsWith('NOT')) failures.push(`truncated to ${length}: ${outcome}`);
      cases++;
    }

    for (const fixture of fixtures) {
      for (const [kind, mutate, count] of MUTATIONS) {
        for (let k = 0; k < count; k++) {
          const outcome = await attempt(mutate(fixture, random));
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (outcome.startsWith('NOT') && failures.length < 20) {
            failures.push(`${fixture.name}, ${kind} #${k}: ${outcome}`);
          }
          cases++;
        }
      }
    }

    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(10_000);
    // The mutations reach the decoders, not only the parser.
    expect(outcomes.get('decoded') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('DICOM_DECODE_FAILED') ?? 0).toBeGreaterThan(100);
  });

  it('refuses a declared image above maxPixels before allocating it', async () => {
    // Rows and Columns of 65535 x 65535: 4.3e9 pixels, 17 GB as Int32; refused at read time.
    const fixture = fixtures.find((f) => f.name.endsWith('multiframe_native.dcm'))!;
    const out = fixture.bytes.slice();
    const view = new DataView(out.buffer);
    for (const a of fixture.attributes.slice(0, 4)) {
      if (a.length === 2 && !a.text) view.setUint16(a.at, 0xffff, true);
    }
    let error: unknown;
    try {
      readDicom(out);
    } catch (e) {
      error = e;
    }
    expect((error as DicomError).code).toBe('DICOM_IMAGE_TOO_LARGE');
  });
});
