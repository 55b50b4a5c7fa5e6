import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { prng } from './prng.js';
import {
  configureJpeg2000,
  decodeFrame,
  DicomError,
  encodedFrame,
  jpeg2000Decoder,
  readDicom,
  toHounsfield,
  type Jpeg2000DecoderKind,
} from '@calvaria/dicom-hu';

// JPEG 2000 has two decoders: native libopenjp2 (through the optional dependency koffi) and
// the WebAssembly build of @cornerstonejs/codec-openjpeg. Both must give pydicom's values:
// fixtures/shared/expected.json, from pydicom 2.3.1 + gdcm (see fixtures/shared/README.md).
// The native tests skip where libopenjp2 is not installed (Debian: apt install libopenjp2-7).

const root = new URL('./fixtures/shared/', import.meta.url);
type Entry = {
  transfer_syntax: string;
  raw_sha256_int32: string;
  hu_sha256_float32: string;
};
const expected = JSON.parse(readFileSync(new URL('expected.json', root), 'utf8'))
  .files as Record<string, Entry>;
// And one written by tools/golden/dicom-hu.py: a JP2 file (boxes around the codestream) as
// the fragment, with the source array's sha256.
const generated = new URL('./fixtures/generated/', import.meta.url);
const JP2 = 'jpeg2000_in_jp2_boxes.dcm';
const jp2Expected = (
  JSON.parse(readFileSync(new URL('expected.json', generated), 'utf8')).files as Record<
    string,
    Entry
  >
)[JP2];
const J2K_FIXTURES: [URL, Entry][] = Object.entries(expected)
  .filter(([, e]) => e.transfer_syntax.startsWith('1.2.840.10008.1.2.4.9'))
  .map(([name, e]): [URL, Entry] => [new URL(name, root), e])
  .concat([[new URL(JP2, generated), jp2Expected]]);
const label = (url: URL) => url.pathname.split('/fixtures/')[1];

configureJpeg2000({ decoder: 'auto' }); // whatever CALVARIA_JPEG2000_DECODER says
const NATIVE = (await jpeg2000Decoder()).kind === 'native';
/** Whether the optional dependency is installed (`pnpm install --no-optional` leaves it out). */
const KOFFI = await import('koffi').then(
  () => true,
  () => false,
);
/** What a failed native load must name: the library asked for, or the missing koffi. */
const MISSING = KOFFI ? /nonexistent\/libopenjp2\.so\.7/ : /optional dependency koffi/;
const KINDS: Jpeg2000DecoderKind[] = NATIVE ? ['native', 'wasm'] : ['wasm'];

function sha256(view: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
    .digest('hex');
}

afterAll(() => configureJpeg2000());

describe('both JPEG 2000 decoders give pydicom + gdcm values', () => {
  it('has JPEG 2000 fixtures of both syntaxes (.90 lossless, .91), one in JP2 boxes', () => {
    const syntaxes = new Set(J2K_FIXTURES.map(([, e]) => e.transfer_syntax));
    expect([...syntaxes].sort()).toEqual([
      '1.2.840.10008.1.2.4.90',
      '1.2.840.10008.1.2.4.91',
    ]);
  });

  for (const kind of KINDS) {
    for (const [url, e] of J2K_FIXTURES) {
      it(`${kind}: ${label(url)}`, async () => {
        configureJpeg2000({ decoder: kind });
        expect((await jpeg2000Decoder()).kind).toBe(kind);
        const file = readDicom(readFileSync(url));
        expect(sha256(await decodeFrame(file, 0))).toBe(e.raw_sha256_int32);
        expect(sha256((await toHounsfield(file, 0)).pixels)).toBe(e.hu_sha256_float32);
      });
    }
  }
});

describe('choosing the decoder', () => {
  it.skipIf(!NATIVE)('auto loads the native library when it is installed', async () => {
    configureJpeg2000();
    const info = await jpeg2000Decoder();
    expect(info.kind).toBe('native');
    expect(info.implementation).toMatch(/^libopenjp2 2\.\d+\.\d+$/);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.nativeUnavailable).toBeUndefined();
  });

  it.skipIf(!NATIVE)('one thread and several give the same values', async () => {
    const file = readDicom(readFileSync(new URL('derived/head512_j2k_gdcm.dcm', root)));
    const hashes: string[] = [];
    for (const threads of [1, 3]) {
      configureJpeg2000({ decoder: 'native', threads });
      expect((await jpeg2000Decoder()).threads).toBe(threads);
      hashes.push(sha256(await decodeFrame(file, 0)));
    }
    expect(hashes).toEqual([
      expected['derived/head512_j2k_gdcm.dcm'].raw_sha256_int32,
      expected['derived/head512_j2k_gdcm.dcm'].raw_sha256_int32,
    ]);
  });

  it('auto falls back to WebAssembly, and says why, when the library does not load', async () => {
    configureJpeg2000({ library: '/nonexistent/libopenjp2.so.7' });
    const info = await jpeg2000Decoder();
    expect(info.kind).toBe('wasm');
    expect(info.threads).toBe(1);
    expect(info.nativeUnavailable).toMatch(MISSING);
    if (KOFFI) expect(info.nativeUnavailable).toMatch(/CALVARIA_OPENJPEG_LIBRARY/);
  });

  it('native without the library throws DICOM_DECODE_FAILED saying what is missing', async () => {
    configureJpeg2000({ decoder: 'native', library: '/nonexistent/libopenjp2.so.7' });
    const file = readDicom(readFileSync(new URL('derived/ct128_j2k_gdcm.dcm', root)));
    const error = await decodeFrame(file, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomError);
    expect((error as DicomError).code).toBe('DICOM_DECODE_FAILED');
    expect((error as DicomError).message).toMatch(MISSING);
  });

  it('a file that is not libopenjp2 is refused as a library', async () => {
    // A DICOM file is no shared library: koffi's load fails and auto falls back.
    configureJpeg2000({ library: new URL('derived/ct128_j2k_gdcm.dcm', root).pathname });
    expect((await jpeg2000Decoder()).kind).toBe('wasm');
  });

  it('falls back to WebAssembly when koffi is not installed', () => {
    // A child process in which `import('koffi')` fails as it does after
    // `pnpm install --no-optional`: a module resolve hook refuses the name.
    const hook =
      'data:text/javascript,' +
      encodeURIComponent(
        "import { register } from 'node:module';" +
          'register(' +
          JSON.stringify(
            'data:text/javascript,export async function resolve(s, c, next) {' +
              "if (s === 'koffi') { const e = new Error('Cannot find package koffi');" +
              "e.code = 'ERR_MODULE_NOT_FOUND'; throw e; } return next(s, c); }",
          ) +
          ');',
      );
    const script = `
      import { readFileSync } from 'node:fs';
      import { createHash } from 'node:crypto';
      const m = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const file = m.readDicom(readFileSync(${JSON.stringify(new URL('derived/ct128_j2k_gdcm.dcm', root).pathname)}));
      const values = await m.decodeFrame(file, 0);
      const info = await m.jpeg2000Decoder();
      const sha = createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex');
      process.stdout.write(JSON.stringify({ ...info, sha }));`;
    const env = { ...process.env };
    delete env.CALVARIA_JPEG2000_DECODER;
    const out = JSON.parse(
      execFileSync(
        process.execPath,
        ['--import', hook, '--input-type=module', '-e', script],
        {
          encoding: 'utf8',
          env,
        },
      ),
    );
    expect(out.kind).toBe('wasm');
    expect(out.nativeUnavailable).toMatch(/optional dependency koffi is not installed/);
    expect(out.sha).toBe(expected['derived/ct128_j2k_gdcm.dcm'].raw_sha256_int32);
  });

  it('reads the environment variables when no option is given', async () => {
    const saved = process.env.CALVARIA_JPEG2000_DECODER;
    process.env.CALVARIA_JPEG2000_DECODER = 'WASM';
    try {
      configureJpeg2000();
      expect((await jpeg2000Decoder()).kind).toBe('wasm');
      // A typo is refused, not read as 'auto'.
      process.env.CALVARIA_JPEG2000_DECODER = 'wsam';
      expect(() => configureJpeg2000()).toThrow(/CALVARIA_JPEG2000_DECODER is "wsam"/);
    } finally {
      if (saved === undefined) delete process.env.CALVARIA_JPEG2000_DECODER;
      else process.env.CALVARIA_JPEG2000_DECODER = saved;
      configureJpeg2000();
    }
  });

  it.each([
    [{ decoder: 'gpu' as never }, /decoder is "gpu"/],
    [{ library: '' }, /library is empty/],
    [{ threads: 0 }, /threads is 0/],
    [{ threads: 1.5 }, /threads is 1.5/],
    [{ threads: Number.NaN }, /threads is NaN/],
  ])('refuses %j with DICOM_INVALID_ARGUMENT', (options, message) => {
    let error: unknown;
    try {
      configureJpeg2000(options);
    } catch (e) {
      error = e;
    }
    expect((error as DicomError).code).toBe('DICOM_INVALID_ARGUMENT');
    expect((error as DicomError).message).toMatch(message);
  });
});

describe.skipIf(!NATIVE)('the native decoder on corrupt codestreams', () => {
  it('decodes or throws DicomError for 2,500 mutated JPEG 2000 frames, in process', async () => {
    // A native decoder that crashed would end this test process, so the test then fails.
    configureJpeg2000({ decoder: 'native' });
    const sources = J2K_FIXTURES.filter(([url]) => !url.pathname.includes('head512')).map(
      ([url]) => {
        const bytes = new Uint8Array(readFileSync(url));
        const frame = encodedFrame(readDicom(bytes), 0);
        return { bytes, at: frame.byteOffset - bytes.byteOffset, length: frame.length };
      },
    );
    const random = prng(0x12a2000);
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    for (let k = 0; k < 2500; k++) {
      const { bytes, at, length } = sources[k % sources.length];
      const out = bytes.slice();
      const pick = (span: number) => at + Math.floor(random() * Math.min(span, length));
      const count = 1 + Math.floor(random() * 16);
      switch (k % 4) {
        case 0: // bit flips anywhere in the codestream
          for (let j = 0; j < count; j++)
            out[pick(length)] ^= 1 << Math.floor(random() * 8);
          break;
        case 1: // random bytes in the main header (SIZ, COD, QCD marker segments)
          for (let j = 0; j < count; j++) out[pick(200)] = Math.floor(random() * 256);
          break;
        case 2: // the tail lost: zeros or 0xFF from a random point on
          out.fill(random() < 0.5 ? 0 : 0xff, pick(length), at + length);
          break;
        default: // random bytes anywhere in the codestream
          for (let j = 0; j < count; j++) out[pick(length)] = Math.floor(random() * 256);
      }
      let outcome: string;
      try {
        await decodeFrame(readDicom(out), 0);
        outcome = 'decoded';
      } catch (error) {
        outcome = error instanceof DicomError ? error.code : `NOT A DicomError: ${error}`;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome.startsWith('NOT') && failures.length < 10) failures.push(outcome);
    }
    expect(failures).toEqual([]);
    expect((await jpeg2000Decoder()).kind).toBe('native');
    expect(outcomes.get('decoded') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('DICOM_DECODE_FAILED') ?? 0).toBeGreaterThan(100);
  });
});
