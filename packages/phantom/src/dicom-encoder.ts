import { PhantomError } from './phantom-error.js';

/** The value representations this writer encodes (DICOM PS3.5 section 6.2). */
export type Vr =
  | 'AE'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'PN'
  | 'SH'
  | 'TM'
  | 'UI'
  | 'UL'
  | 'US'
  | 'SS'
  | 'OB'
  | 'OW';

/** One data element: tag as (group << 16) | element, VR, and value. */
export interface DicomElement {
  /** Tag, `(group << 16) | element`, e.g. `0x00280010` for Rows. */
  readonly tag: number;
  /** Value representation. */
  readonly vr: Vr;
  /**
   * Value: text for string VRs (multiple values joined by a backslash), numbers for
   * US/UL/SS, bytes for OB/OW (OW bytes already little endian).
   */
  readonly value: string | readonly number[] | Uint8Array;
}

/**
 * Largest value length per string VR, in characters (PS3.5 table 6.2-1); PN per component
 * group.
 */
const MAX_CHARS: Partial<Record<Vr, number>> = {
  AE: 16,
  CS: 16,
  DA: 8,
  DS: 16,
  IS: 12,
  LO: 64,
  LT: 10240,
  PN: 64,
  SH: 16,
  TM: 14,
  UI: 64,
};

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 7.1.2). */
const LONG_VRS = new Set<Vr>(['OB', 'OW']);

const ALLOWED: Partial<Record<Vr, RegExp>> = {
  CS: /^[A-Z0-9 _]*$/,
  DA: /^(\d{8})?$/,
  DS: /^[0-9+\-.eE ]*$/,
  IS: /^[0-9+\- ]*$/,
  TM: /^(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?$/,
  UI: /^([0-9]+(\.[0-9]+)*)?$/,
};

function tagText(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

function checkString(el: DicomElement, text: string): void {
  const values = el.vr === 'LT' ? [text] : text.split('\\');
  for (const v of values) {
    const max = MAX_CHARS[el.vr] ?? 64;
    const pattern = ALLOWED[el.vr];
    const bad = v.length > max || (pattern !== undefined && !pattern.test(v));
    const nonAscii = /[^\x20-\x7e]/.test(v);
    if (bad || nonAscii) {
      throw new PhantomError(
        'PHANTOM_ENCODE_FAILED',
        `Cannot encode ${tagText(el.tag)} ${el.vr} value '${v}': at most ${max} characters` +
          `${pattern !== undefined ? ` matching ${String(pattern)}` : ''}, printable ASCII only.`,
      );
    }
    if (el.vr === 'UI' && /(^|\.)0\d/.test(v)) {
      throw new PhantomError(
        'PHANTOM_ENCODE_FAILED',
        `UID '${v}' in ${tagText(el.tag)} has a component with a leading zero (PS3.5 9.1).`,
      );
    }
  }
}

function encodeValue(el: DicomElement): Uint8Array {
  if (typeof el.value === 'string') {
    checkString(el, el.value);
    const padded =
      el.value.length % 2 === 1 ? el.value + (el.vr === 'UI' ? '\0' : ' ') : el.value;
    const out = new Uint8Array(padded.length);
    for (let i = 0; i < padded.length; i++) out[i] = padded.charCodeAt(i);
    return out;
  }
  if (el.value instanceof Uint8Array) {
    if (el.value.length % 2 === 1) {
      const out = new Uint8Array(el.value.length + 1);
      out.set(el.value);
      return out;
    }
    return el.value;
  }
  const size = el.vr === 'UL' ? 4 : 2;
  const out = new Uint8Array(el.value.length * size);
  const view = new DataView(out.buffer);
  el.value.forEach((v, i) => {
    if (el.vr === 'UL') view.setUint32(i * 4, v, true);
    else if (el.vr === 'SS') view.setInt16(i * 2, v, true);
    else view.setUint16(i * 2, v, true);
  });
  return out;
}

/**
 * Encodes data elements in explicit VR little endian (DICOM PS3.5 section 7.1.2): tag,
 * VR, 2-byte length (or 2 reserved bytes and a 4-byte length for OB/OW), value padded to
 * an even length (UI with NUL, other strings with a space, bytes with 0). Elements are
 * written in ascending tag order whatever order they are given in.
 *
 * @param elements - the elements
 * @returns the encoded bytes
 * @throws PhantomError `PHANTOM_ENCODE_FAILED` when a value is too long, has characters
 *   its VR forbids, or a tag repeats
 */
export function encodeElements(elements: readonly DicomElement[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  const parts: { el: DicomElement; value: Uint8Array }[] = [];
  let size = 0;
  for (let i = 0; i < sorted.length; i++) {
    const el = sorted[i];
    if (i > 0 && sorted[i - 1].tag === el.tag) {
      throw new PhantomError(
        'PHANTOM_ENCODE_FAILED',
        `Tag ${tagText(el.tag)} given twice.`,
      );
    }
    const value = encodeValue(el);
    if (!LONG_VRS.has(el.vr) && value.length > 0xffff) {
      throw new PhantomError(
        'PHANTOM_ENCODE_FAILED',
        `${tagText(el.tag)} ${el.vr} value of ${value.length} bytes exceeds 65534.`,
      );
    }
    parts.push({ el, value });
    size += (LONG_VRS.has(el.vr) ? 12 : 8) + value.length;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const { el, value } of parts) {
    view.setUint16(at, el.tag >>> 16, true);
    view.setUint16(at + 2, el.tag & 0xffff, true);
    out[at + 4] = el.vr.charCodeAt(0);
    out[at + 5] = el.vr.charCodeAt(1);
    if (LONG_VRS.has(el.vr)) {
      view.setUint16(at + 6, 0, true);
      view.setUint32(at + 8, value.length, true);
      at += 12;
    } else {
      view.setUint16(at + 6, value.length, true);
      at += 8;
    }
    out.set(value, at);
    at += value.length;
  }
  return out;
}

/** Transfer syntax UID of explicit VR little endian (PS3.5 section A.2). */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** What the File Meta Information (PS3.10 section 7.1) of a written file says. */
export interface FileMeta {
  /** Media Storage SOP Class UID (0002,0002). */
  readonly sopClassUid: string;
  /** Media Storage SOP Instance UID (0002,0003). */
  readonly sopInstanceUid: string;
  /** Implementation Class UID (0002,0012). */
  readonly implementationClassUid: string;
  /** Implementation Version Name (0002,0013), at most 16 characters. */
  readonly implementationVersionName: string;
}

/**
 * Builds a DICOM Part 10 file (PS3.10 section 7): a 128-byte zero preamble, `DICM`, the
 * File Meta Information group with its group length (0002,0000), then the data set in
 * explicit VR little endian.
 *
 * @param meta - SOP class and instance, implementation identifiers
 * @param dataSet - the data set's elements (groups above 0002)
 * @returns the file's bytes
 * @throws PhantomError `PHANTOM_ENCODE_FAILED` when an element cannot be encoded or
 *   belongs to group 0002
 */
export function encodePart10(
  meta: FileMeta,
  dataSet: readonly DicomElement[],
): Uint8Array {
  if (dataSet.some((el) => el.tag >>> 16 <= 0x0002)) {
    throw new PhantomError(
      'PHANTOM_ENCODE_FAILED',
      'The data set must not hold File Meta (group 0002) or command elements.',
    );
  }
  const metaBody = encodeElements([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: meta.sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: meta.sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: meta.implementationClassUid },
    { tag: 0x00020013, vr: 'SH', value: meta.implementationVersionName },
  ]);
  const groupLength = encodeElements([
    { tag: 0x00020000, vr: 'UL', value: [metaBody.length] },
  ]);
  const body = encodeElements(dataSet);
  const out = new Uint8Array(132 + groupLength.length + metaBody.length + body.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(groupLength, 132);
  out.set(metaBody, 132 + groupLength.length);
  out.set(body, 132 + groupLength.length + metaBody.length);
  return out;
}

/**
 * Formats a number as a DICOM Decimal String (PS3.5 table 6.2-1): at most 16 characters,
 * the shortest round-trip text when it fits, fewer significant digits otherwise.
 *
 * @param value - a finite number
 * @returns the DS text
 * @throws PhantomError `PHANTOM_ENCODE_FAILED` for a value that is not finite
 */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) {
    throw new PhantomError(
      'PHANTOM_ENCODE_FAILED',
      `DS value must be finite, got ${value}.`,
    );
  }
  const v = Object.is(value, -0) ? 0 : value;
  let text = String(v);
  for (let digits = 15; text.length > 16 && digits > 0; digits--) {
    text = String(Number(v.toPrecision(digits)));
  }
  return text;
}
