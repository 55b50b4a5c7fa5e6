import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { decodeFrame } from './decode-frame.js';
import { DicomError } from './dicom-error.js';
import type { DicomFile, FrameAccessor, ModalityLut } from './dicom-file.js';
import {
  describeParserFailure,
  dicomParser,
  type ParsedDataSet,
  type ParsedElement,
} from './dicom-parser.js';
import { encodedFrame } from './encoded-frame.js';
import { setInternal } from './file-internal.js';
import { transferSyntaxInfo } from './transfer-syntax.js';

/** Options of {@link readDicom}. */
export interface ReadDicomOptions {
  /**
   * Largest number of pixels (rows x columns x samples) one frame may declare; larger
   * images are refused before any pixel memory is allocated. Default 67,108,864 (8192 x
   * 8192).
   */
  readonly maxPixels?: number;
  /**
   * Largest size, in bytes, that a deflated data set may inflate to. Default 1 GiB.
   */
  readonly maxInflatedBytes?: number;
}

/** Default of {@link ReadDicomOptions.maxPixels}: 8192 x 8192. */
export const DEFAULT_MAX_PIXELS = 8192 * 8192;

const DEFAULT_MAX_INFLATED_BYTES = 1024 * 1024 * 1024;
const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';

function loadBytes(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') {
    if (!(input instanceof Uint8Array)) {
      throw new DicomError(
        'DICOM_INVALID_ARGUMENT',
        'readDicom expects a file path or a Uint8Array of the file bytes.',
      );
    }
    return input;
  }
  try {
    return readFileSync(input);
  } catch (cause) {
    throw new DicomError(
      'DICOM_READ_FAILED',
      `Could not read '${input}': ${(cause as Error).message}. Check the path and permissions.`,
      { cause },
    );
  }
}

/** A raw data set without preamble most often starts with a group 0x0008 element. */
function looksLikeRawDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const group = bytes[0] | (bytes[1] << 8);
  return group === 0x0008 || group === 0x0002;
}

function makeInflater(maxInflatedBytes: number) {
  return (byteArray: Uint8Array, position: number): Uint8Array => {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(byteArray.subarray(position), {
        maxOutputLength: maxInflatedBytes,
      });
    } catch (cause) {
      throw new DicomError(
        'DICOM_PARSE_FAILED',
        `The deflated data set could not be inflated (${(cause as Error).message}); the file ` +
          `is corrupt or inflates beyond maxInflatedBytes (${maxInflatedBytes}).`,
        { cause },
      );
    }
    const full = new Uint8Array(position + inflated.length);
    full.set(byteArray.subarray(0, position), 0);
    full.set(inflated, position);
    return full;
  };
}

function parse(bytes: Uint8Array, maxInflatedBytes: number): ParsedDataSet {
  const hasPreamble =
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d;
  if (!hasPreamble && !looksLikeRawDataSet(bytes)) {
    throw new DicomError(
      'DICOM_NOT_DICOM',
      `The input (${bytes.length} bytes) has no 'DICM' prefix at offset 128 and does not ` +
        'start like a raw data set; it is not a DICOM file.',
    );
  }
  try {
    return dicomParser.parseDicom(bytes, {
      ...(hasPreamble ? {} : { TransferSyntaxUID: IMPLICIT_LITTLE_ENDIAN }),
      inflater: makeInflater(maxInflatedBytes),
    } as Parameters<typeof dicomParser.parseDicom>[1]);
  } catch (thrown) {
    if (thrown instanceof DicomError) throw thrown;
    const inner =
      thrown !== null && typeof thrown === 'object' && 'exception' in thrown
        ? (thrown as { exception: unknown }).exception
        : thrown;
    if (inner instanceof DicomError) throw inner;
    throw new DicomError(
      'DICOM_PARSE_FAILED',
      `The data set could not be parsed: ${describeParserFailure(thrown)}. The file is ` +
        'truncated or malformed.',
      { cause: thrown },
    );
  }
}

function text(ds: ParsedDataSet, tag: string): string | undefined {
  const element = ds.elements[tag];
  if (element === undefined || element.length === 0) return undefined;
  const value = ds.string(tag);
  return value === undefined || value === '' ? undefined : value;
}

function decimals(ds: ParsedDataSet, tag: string): number[] {
  const raw = text(ds, tag);
  if (raw === undefined) return [];
  const values = raw.split('\\').map((part) => Number(part.trim()));
  return values.every((v) => Number.isFinite(v)) ? values : [];
}

function decimal(ds: ParsedDataSet, tag: string): number | undefined {
  const values = decimals(ds, tag);
  return values.length > 0 ? values[0] : undefined;
}

function integer(ds: ParsedDataSet, tag: string): number | undefined {
  const value = decimal(ds, tag);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

function unsigned16(ds: ParsedDataSet, tag: string): number | undefined {
  const element = ds.elements[tag];
  if (element === undefined || element.length < 2) return undefined;
  return ds.uint16(tag);
}

/** US or SS by Pixel Representation (PS3.3 C.7.5.1.1.2 for padding values). */
function pixelValue(ds: ParsedDataSet, tag: string, signed: boolean): number | undefined {
  const element = ds.elements[tag];
  if (element === undefined || element.length < 2) return undefined;
  return signed ? ds.int16(tag) : ds.uint16(tag);
}

function attributeError(
  name: string,
  tag: string,
  value: unknown,
  allowed: string,
): DicomError {
  return new DicomError(
    'DICOM_INVALID_ATTRIBUTE',
    `${name} (${tag}) is ${String(value)}; the standard allows ${allowed}. The file is malformed.`,
  );
}

function readModalityLut(ds: ParsedDataSet, signed: boolean): ModalityLut | undefined {
  const sequence = ds.elements.x00283000;
  const item = sequence?.items?.[0]?.dataSet;
  if (item === undefined) return undefined;
  const descriptor = item.elements.x00283002;
  const lutData = item.elements.x00283006;
  if (descriptor === undefined || descriptor.length < 6 || lutData === undefined) {
    throw new DicomError(
      'DICOM_INVALID_ATTRIBUTE',
      'The Modality LUT Sequence (0028,3000) lacks a LUT Descriptor or LUT Data; the file is ' +
        'malformed.',
    );
  }
  const entries = item.uint16('x00283002', 0) || 65536;
  const firstMapped = signed ? item.int16('x00283002', 1)! : item.uint16('x00283002', 1)!;
  const bitsPerEntry = item.uint16('x00283002', 2)!;
  if (bitsPerEntry !== 8 && bitsPerEntry !== 16) {
    throw attributeError(
      'LUT Descriptor bits per entry',
      '0028,3002',
      bitsPerEntry,
      '8 or 16',
    );
  }
  const data = new Uint16Array(entries);
  const perEntry = lutData.length >= entries * 2 ? 2 : 1;
  if (
    lutData.length < entries * perEntry ||
    lutData.dataOffset + lutData.length > item.byteArray.length
  ) {
    throw attributeError(
      'LUT Data length',
      '0028,3006',
      lutData.length,
      `${entries} entries`,
    );
  }
  for (let i = 0; i < entries; i++) {
    data[i] =
      perEntry === 2
        ? item.uint16('x00283006', i)!
        : item.byteArray[lutData.dataOffset + i];
  }
  return { firstMapped, bitsPerEntry, type: text(item, 'x00283004'), data };
}

function checkImageAttributes(
  rows: number,
  columns: number,
  samplesPerPixel: number,
  numberOfFrames: number,
  bitsAllocated: number,
  bitsStored: number,
  highBit: number,
  maxPixels: number,
): void {
  if (rows < 1 || columns < 1) {
    throw new DicomError(
      'DICOM_MISSING_ATTRIBUTE',
      `The file has Pixel Data but Rows (0028,0010) is ${rows} and Columns (0028,0011) is ` +
        `${columns}; both must be at least 1. The file is malformed.`,
    );
  }
  const pixels = rows * columns * samplesPerPixel;
  if (pixels > maxPixels) {
    throw new DicomError(
      'DICOM_IMAGE_TOO_LARGE',
      `The image declares ${rows} x ${columns} x ${samplesPerPixel} = ${pixels} pixels per ` +
        `frame, above the limit of ${maxPixels}; raise the maxPixels option if it is genuine.`,
    );
  }
  if (numberOfFrames < 1 || !Number.isInteger(numberOfFrames)) {
    throw attributeError(
      'Number of Frames',
      '0028,0008',
      numberOfFrames,
      'an integer >= 1',
    );
  }
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw attributeError(
      'Bits Allocated',
      '0028,0100',
      bitsAllocated,
      '1, 8, 16 or 32 here',
    );
  }
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw attributeError('Bits Stored', '0028,0101', bitsStored, `1 to ${bitsAllocated}`);
  }
  if (highBit < bitsStored - 1 || highBit > bitsAllocated - 1) {
    throw attributeError(
      'High Bit',
      '0028,0102',
      highBit,
      `${bitsStored - 1} to ${bitsAllocated - 1}`,
    );
  }
}

/**
 * Reads one DICOM file (Part 10, or a raw implicit little endian data set) and returns
 * its attributes and lazy frames. Deflated data sets are inflated with `node:zlib`.
 *
 * Parsing uses `dicom-parser`; whatever it throws is wrapped in a `DicomError` with the
 * original as `cause`. The pixels are not decoded here: use `decodeFrame`, `file.frames`
 * or `toHounsfield`.
 *
 * @param input - a file path, or the file's bytes (not copied; do not modify them
 *   afterwards)
 * @param options - size limits; see {@link ReadDicomOptions}
 * @returns the parsed file
 * @throws DicomError `DICOM_READ_FAILED` (path unreadable), `DICOM_NOT_DICOM`,
 *   `DICOM_PARSE_FAILED` (truncated or malformed), `DICOM_INVALID_ATTRIBUTE`,
 *   `DICOM_IMAGE_TOO_LARGE` (a frame declares more than `maxPixels` pixels)
 */
export function readDicom(
  input: string | Uint8Array,
  options: ReadDicomOptions = {},
): DicomFile {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxInflatedBytes = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (!(maxPixels > 0) || !(maxInflatedBytes > 0)) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      `maxPixels (${maxPixels}) and maxInflatedBytes (${maxInflatedBytes}) must be positive.`,
    );
  }
  const bytes = loadBytes(input);
  const ds = parse(bytes, maxInflatedBytes);
  try {
    return describe(ds, maxPixels);
  } catch (thrown) {
    if (thrown instanceof DicomError) throw thrown;
    throw new DicomError(
      'DICOM_PARSE_FAILED',
      `An attribute could not be read: ${describeParserFailure(thrown)}. The file is malformed.`,
      { cause: thrown },
    );
  }
}

function describe(ds: ParsedDataSet, maxPixels: number): DicomFile {
  const transferSyntaxUid =
    text(ds, 'x00020010')?.replace(/\0/g, '').trim() ?? IMPLICIT_LITTLE_ENDIAN;
  const transferSyntax = transferSyntaxInfo(transferSyntaxUid);
  const pixelData: ParsedElement | undefined = ds.elements.x7fe00010;
  const rows = unsigned16(ds, 'x00280010') ?? 0;
  const columns = unsigned16(ds, 'x00280011') ?? 0;
  const samplesPerPixel = unsigned16(ds, 'x00280002') ?? 1;
  const numberOfFrames = integer(ds, 'x00280008') ?? 1;
  const bitsAllocated = unsigned16(ds, 'x00280100') ?? 0;
  const bitsStored = unsigned16(ds, 'x00280101') ?? bitsAllocated;
  const highBit = unsigned16(ds, 'x00280102') ?? bitsStored - 1;
  const pixelRepresentationRaw = unsigned16(ds, 'x00280103') ?? 0;
  if (pixelRepresentationRaw !== 0 && pixelRepresentationRaw !== 1) {
    throw attributeError(
      'Pixel Representation',
      '0028,0103',
      pixelRepresentationRaw,
      '0 or 1',
    );
  }
  const pixelRepresentation = pixelRepresentationRaw as 0 | 1;
  const signed = pixelRepresentation === 1;
  if (pixelData !== undefined) {
    checkImageAttributes(
      rows,
      columns,
      samplesPerPixel,
      numberOfFrames,
      bitsAllocated,
      bitsStored,
      highBit,
      maxPixels,
    );
  }

  const spacing = decimals(ds, 'x00280030');
  const position = decimals(ds, 'x00200032');
  const orientation = decimals(ds, 'x00200037');
  const file: DicomFile = {
    transferSyntax,
    patientId: text(ds, 'x00100020'),
    studyInstanceUid: text(ds, 'x0020000d'),
    seriesInstanceUid: text(ds, 'x0020000e'),
    sopInstanceUid: text(ds, 'x00080018'),
    sopClassUid: text(ds, 'x00080016'),
    modality: text(ds, 'x00080060'),
    seriesNumber: integer(ds, 'x00200011'),
    seriesDescription: text(ds, 'x0008103e'),
    convolutionKernel: text(ds, 'x00181210'),
    contrastBolusAgent: text(ds, 'x00180010'),
    instanceNumber: integer(ds, 'x00200013'),
    rows,
    columns,
    numberOfFrames,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometricInterpretation: text(ds, 'x00280004'),
    rescaleSlope: decimal(ds, 'x00281053'),
    rescaleIntercept: decimal(ds, 'x00281052'),
    rescaleType: text(ds, 'x00281054'),
    modalityLut: readModalityLut(ds, signed),
    windowCenters: decimals(ds, 'x00281050'),
    windowWidths: decimals(ds, 'x00281051'),
    voiLutFunction: text(ds, 'x00281056'),
    pixelSpacingMm: spacing.length >= 2 ? [spacing[0], spacing[1]] : undefined,
    sliceThicknessMm: decimal(ds, 'x00180050'),
    spacingBetweenSlicesMm: decimal(ds, 'x00180088'),
    imagePositionPatientMm:
      position.length >= 3 ? [position[0], position[1], position[2]] : undefined,
    imageOrientationPatient:
      orientation.length >= 6
        ? [
            orientation[0],
            orientation[1],
            orientation[2],
            orientation[3],
            orientation[4],
            orientation[5],
          ]
        : undefined,
    gantryTiltDeg: decimal(ds, 'x00181120'),
    pixelPaddingValue: pixelValue(ds, 'x00280120', signed),
    pixelPaddingRangeLimit: pixelValue(ds, 'x00280121', signed),
    hasPixelData: pixelData !== undefined,
    frames: undefined as unknown as FrameAccessor,
  };
  const frames: FrameAccessor = {
    count: pixelData === undefined ? 0 : numberOfFrames,
    encoded: (index: number) => encodedFrame(file, index),
    decode: (index: number) => decodeFrame(file, index),
  };
  (file as { frames: FrameAccessor }).frames = frames;
  setInternal(file, { dataSet: ds, pixelData, maxPixels });
  return Object.freeze(file);
}
