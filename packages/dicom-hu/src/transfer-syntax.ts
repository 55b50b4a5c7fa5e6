/** How the pixel data of a transfer syntax is stored, and which decoder it needs. */
export type PixelEncoding =
  | 'native'
  | 'rle'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'unsupported';

/** What calvaria knows about one transfer syntax (DICOM PS3.5 section 10 and Annex A). */
export interface TransferSyntaxInfo {
  /** The transfer syntax UID, e.g. `1.2.840.10008.1.2.1`. */
  readonly uid: string;
  /** The name the standard gives it (PS3.6 Table A-1). */
  readonly name: string;
  /** Whether the data set uses explicit VR. */
  readonly explicitVr: boolean;
  /** Whether the data set and native pixels are little endian. */
  readonly littleEndian: boolean;
  /** Whether the data set after the file meta information is deflated (RFC 1951). */
  readonly deflated: boolean;
  /** How the pixels are stored. */
  readonly encoding: PixelEncoding;
}

const TABLE: readonly TransferSyntaxInfo[] = [
  ['1.2.840.10008.1.2', 'Implicit VR Little Endian', false, true, false, 'native'],
  ['1.2.840.10008.1.2.1', 'Explicit VR Little Endian', true, true, false, 'native'],
  [
    '1.2.840.10008.1.2.1.99',
    'Deflated Explicit VR Little Endian',
    true,
    true,
    true,
    'native',
  ],
  ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian', true, false, false, 'native'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless', true, true, false, 'rle'],
  [
    '1.2.840.10008.1.2.4.50',
    'JPEG Baseline (Process 1)',
    true,
    true,
    false,
    'jpeg-baseline',
  ],
  [
    '1.2.840.10008.1.2.4.51',
    'JPEG Extended (Process 2 & 4)',
    true,
    true,
    false,
    'jpeg-extended',
  ],
  [
    '1.2.840.10008.1.2.4.57',
    'JPEG Lossless, Non-Hierarchical (Process 14)',
    true,
    true,
    false,
    'jpeg-lossless',
  ],
  [
    '1.2.840.10008.1.2.4.70',
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    true,
    true,
    false,
    'jpeg-lossless',
  ],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', true, true, false, 'jpeg-ls'],
  [
    '1.2.840.10008.1.2.4.81',
    'JPEG-LS Lossy (Near-Lossless)',
    true,
    true,
    false,
    'jpeg-ls',
  ],
  [
    '1.2.840.10008.1.2.4.90',
    'JPEG 2000 Image Compression (Lossless Only)',
    true,
    true,
    false,
    'jpeg-2000',
  ],
  [
    '1.2.840.10008.1.2.4.91',
    'JPEG 2000 Image Compression',
    true,
    true,
    false,
    'jpeg-2000',
  ],
].map(([uid, name, explicitVr, littleEndian, deflated, encoding]) => ({
  uid: uid as string,
  name: name as string,
  explicitVr: explicitVr as boolean,
  littleEndian: littleEndian as boolean,
  deflated: deflated as boolean,
  encoding: encoding as PixelEncoding,
}));

const BY_UID = new Map(TABLE.map((info) => [info.uid, info]));

/**
 * Looks up a transfer syntax UID.
 *
 * @param uid - the Transfer Syntax UID (0002,0010), trailing NUL or space already removed
 * @returns what calvaria knows about it; for an unknown UID, an explicit little endian
 *   entry whose `encoding` is `unsupported` (the data set can still be read, the pixels
 *   cannot)
 */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo {
  return (
    BY_UID.get(uid) ?? {
      uid,
      name: `unknown transfer syntax ${uid}`,
      explicitVr: true,
      littleEndian: true,
      deflated: false,
      encoding: 'unsupported',
    }
  );
}

/**
 * Every transfer syntax UID that `decodeFrame` accepts (some only for some pixel
 * formats).
 */
export const SUPPORTED_TRANSFER_SYNTAXES: readonly string[] = Object.freeze(
  TABLE.map((info) => info.uid),
);
