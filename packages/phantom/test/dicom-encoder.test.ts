import { describe, expect, it } from 'vitest';
import { encodeElements, encodePart10, formatDs } from '../src/dicom-encoder.js';
import { nameBasedUid } from '@calvaria/phantom';

const view = (b: Uint8Array): DataView =>
  new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('explicit VR little endian encoding (PS3.5 7.1.2)', () => {
  it('writes tag, VR, 2-byte length and pads odd strings (UI with NUL, others with space)', () => {
    const bytes = encodeElements([
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00080016, vr: 'UI', value: '1.2.3' },
      { tag: 0x00100020, vr: 'LO', value: 'ABC' },
    ]);
    const v = view(bytes);
    // Sorted: (0008,0016) first. 8-byte header + '1.2.3\0'.
    expect([v.getUint16(0, true), v.getUint16(2, true)]).toEqual([0x0008, 0x0016]);
    expect(String.fromCharCode(bytes[4], bytes[5])).toBe('UI');
    expect(v.getUint16(6, true)).toBe(6);
    expect(bytes[8 + 5]).toBe(0);
    // (0008,0060) CS 'CT' then (0010,0020) LO 'ABC ' (space-padded).
    expect(v.getUint16(14 + 6, true)).toBe(2);
    const lo = 14 + 10;
    expect(v.getUint16(lo + 6, true)).toBe(4);
    expect(bytes[lo + 8 + 3]).toBe(0x20);
    expect(bytes.length).toBe(14 + 10 + 12);
  });

  it('uses 2 reserved bytes and a 4-byte length for OB and OW', () => {
    const bytes = encodeElements([
      { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(6) },
    ]);
    const v = view(bytes);
    expect(String.fromCharCode(bytes[4], bytes[5])).toBe('OW');
    expect(v.getUint16(6, true)).toBe(0);
    expect(v.getUint32(8, true)).toBe(6);
    expect(bytes.length).toBe(18);
  });

  it('refuses values longer than their VR allows, bad characters and repeated tags', () => {
    const code = expect.objectContaining({ code: 'PHANTOM_ENCODE_FAILED' });
    expect(() => encodeElements([{ tag: 0x00080060, vr: 'CS', value: 'ct' }])).toThrow(
      code,
    );
    expect(() =>
      encodeElements([{ tag: 0x00200010, vr: 'SH', value: 'x'.repeat(17) }]),
    ).toThrow(code);
    expect(() =>
      encodeElements([{ tag: 0x00080018, vr: 'UI', value: '1.02.3' }]),
    ).toThrow(/leading zero/);
    expect(() =>
      encodeElements([
        { tag: 0x00080060, vr: 'CS', value: 'CT' },
        { tag: 0x00080060, vr: 'CS', value: 'MR' },
      ]),
    ).toThrow(/twice/);
  });
});

describe('Part 10 file (PS3.10 7.1)', () => {
  it('starts with a 128-byte preamble and DICM, and its group length counts group 0002', () => {
    const file = encodePart10(
      {
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUid: '2.25.1',
        implementationClassUid: '2.25.2',
        implementationVersionName: 'TEST',
      },
      [{ tag: 0x00080060, vr: 'CS', value: 'CT' }],
    );
    expect(Array.from(file.subarray(0, 128)).every((b) => b === 0)).toBe(true);
    expect(String.fromCharCode(...file.subarray(128, 132))).toBe('DICM');
    const v = view(file);
    const groupLength = v.getUint32(132 + 8, true);
    const afterMeta = 132 + 12 + groupLength;
    // The element right after the meta group is the data set's first: (0008,0060).
    expect([v.getUint16(afterMeta, true), v.getUint16(afterMeta + 2, true)]).toEqual([
      0x0008, 0x0060,
    ]);
    expect(() =>
      encodePart10(
        {
          sopClassUid: '1.2',
          sopInstanceUid: '1.3',
          implementationClassUid: '1.4',
          implementationVersionName: 'X',
        },
        [{ tag: 0x00020010, vr: 'UI', value: '1.2.840.10008.1.2' }],
      ),
    ).toThrow(expect.objectContaining({ code: 'PHANTOM_ENCODE_FAILED' }));
  });
});

describe('decimal strings and UIDs', () => {
  it('keeps DS values within 16 characters and exact when they fit', () => {
    expect(formatDs(0.44921875)).toBe('0.44921875');
    expect(formatDs(-1024)).toBe('-1024');
    expect(formatDs(-0)).toBe('0');
    const long = formatDs(-112.08836325521234);
    expect(long.length).toBeLessThanOrEqual(16);
    expect(Math.abs(Number(long) + 112.08836325521234)).toBeLessThan(1e-10);
    expect(() => formatDs(Number.NaN)).toThrow(/finite/);
  });

  it('makes 2.25 UIDs of at most 64 characters, stable for a name and distinct between names', () => {
    const a = nameBasedUid('seed', 'PH0001', 'series');
    expect(a).toBe(nameBasedUid('seed', 'PH0001', 'series'));
    expect(a).not.toBe(nameBasedUid('seed', 'PH0002', 'series'));
    expect(a).toMatch(/^2\.25\.[1-9][0-9]*$/);
    expect(a.length).toBeLessThanOrEqual(44);
    // Version 8 and RFC variant bits: the 128-bit integer's bits 76-79 are 1000, 62-63 are 10.
    const value = BigInt(a.slice(5));
    expect((value >> 76n) & 0xfn).toBe(8n);
    expect((value >> 62n) & 0x3n).toBe(2n);
  });
});
