import { DicomError } from './dicom-error.js';
import type { DicomFile } from './dicom-file.js';
import type { ParsedElement } from './dicom-parser.js';
import { getInternal, type FileInternal } from './file-internal.js';

/** Fragment ranges [first, end) per frame, cached per file. */
const FRAME_FRAGMENTS = new WeakMap<DicomFile, readonly (readonly [number, number])[]>();

/** @internal */
export function internalOf(file: DicomFile): FileInternal {
  const internal = getInternal(file);
  if (internal === undefined) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      'The file object was not returned by readDicom; pass the result of readDicom.',
    );
  }
  return internal;
}

/** @internal */
export function checkFrameIndex(file: DicomFile, index: number): void {
  if (!file.hasPixelData) {
    throw new DicomError(
      'DICOM_NO_PIXEL_DATA',
      'The file has no Pixel Data (7FE0,0010); it is not an image (a structured report, ' +
        'presentation state or DICOMDIR). Skip it.',
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= file.numberOfFrames) {
    throw new DicomError(
      'DICOM_FRAME_OUT_OF_RANGE',
      `Frame index ${index} is outside [0, ${file.numberOfFrames}); the file has ` +
        `${file.numberOfFrames} frame(s).`,
    );
  }
}

function decodeFailed(detail: string): DicomError {
  return new DicomError(
    'DICOM_DECODE_FAILED',
    `${detail}. The pixel data is truncated or corrupt.`,
  );
}

/** Bytes one native frame occupies. @internal */
export function nativeFrameBytes(file: DicomFile): number {
  if (file.bitsAllocated % 8 !== 0) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_PIXEL_FORMAT',
      `Bits Allocated ${file.bitsAllocated} is not supported; 8, 16 and 32 are.`,
    );
  }
  return file.rows * file.columns * file.samplesPerPixel * (file.bitsAllocated / 8);
}

function startsFrame(bytes: Uint8Array, position: number, encoding: string): boolean {
  const b0 = bytes[position];
  const b1 = bytes[position + 1];
  if (encoding === 'jpeg-2000') {
    // J2K codestream: SOC (FF4F) then SIZ (FF51); JP2 file: a 12-byte signature box.
    return (
      (b0 === 0xff &&
        b1 === 0x4f &&
        bytes[position + 2] === 0xff &&
        bytes[position + 3] === 0x51) ||
      (b0 === 0 && b1 === 0 && bytes[position + 2] === 0 && bytes[position + 3] === 0x0c)
    );
  }
  if (encoding === 'rle') return false;
  // JPEG, JPEG lossless and JPEG-LS all start with SOI (FFD8).
  return b0 === 0xff && b1 === 0xd8;
}

/**
 * Assigns fragments to frames (DICOM PS3.5 section A.4): one frame uses every fragment;
 * as many fragments as frames means one each; otherwise a basic offset table is used only
 * when it agrees with the fragment offsets, and else frame starts are found from the
 * codestream markers. A wrong basic offset table is thus never trusted.
 */
function frameFragments(
  file: DicomFile,
  pixelData: ParsedElement,
): (readonly [number, number])[] {
  const fragments = pixelData.fragments ?? [];
  const frames = file.numberOfFrames;
  if (fragments.length === 0)
    throw decodeFailed('The encapsulated Pixel Data has no fragments');
  if (frames === 1) return [[0, fragments.length]];
  if (fragments.length === frames) return fragments.map((_, i) => [i, i + 1] as const);

  const bot = pixelData.basicOffsetTable ?? [];
  if (bot.length === frames && bot[0] === 0) {
    const starts = bot.map((offset) => fragments.findIndex((f) => f.offset === offset));
    if (starts.every((s, i) => s >= 0 && (i === 0 || s > starts[i - 1]))) {
      return starts.map(
        (s, i) => [s, i + 1 < frames ? starts[i + 1] : fragments.length] as const,
      );
    }
  }

  const internal = internalOf(file);
  const bytes = internal.dataSet.byteArray;
  const starts: number[] = [];
  fragments.forEach((f, i) => {
    if (f.length >= 4 && startsFrame(bytes, f.position, file.transferSyntax.encoding))
      starts.push(i);
  });
  if (starts.length === frames && starts[0] === 0) {
    return starts.map(
      (s, i) => [s, i + 1 < frames ? starts[i + 1] : fragments.length] as const,
    );
  }
  throw decodeFailed(
    `${fragments.length} fragments could not be assigned to ${frames} frames (the basic ` +
      'offset table is absent or wrong, and the codestream markers do not tell)',
  );
}

/**
 * The stored bytes of one frame: for native syntaxes a view into the file bytes (byte
 * order as in the file), for encapsulated syntaxes the frame's codestream (a view when it
 * is one fragment, else a copy of the fragments joined).
 *
 * @param file - a file from `readDicom`
 * @param index - frame index, from 0
 * @returns the frame's bytes
 * @throws DicomError `DICOM_NO_PIXEL_DATA`, `DICOM_FRAME_OUT_OF_RANGE`,
 *   `DICOM_DECODE_FAILED` (pixel data shorter than declared, fragments that cannot be
 *   assigned to frames)
 */
export function encodedFrame(file: DicomFile, index: number): Uint8Array {
  checkFrameIndex(file, index);
  const internal = internalOf(file);
  const pixelData = internal.pixelData!;
  const bytes = internal.dataSet.byteArray;

  if (file.transferSyntax.encoding === 'native') {
    if (pixelData.encapsulatedPixelData) {
      throw decodeFailed(
        `Pixel Data is encapsulated but the transfer syntax ${file.transferSyntax.uid} is native`,
      );
    }
    const frameBytes = nativeFrameBytes(file);
    const start = pixelData.dataOffset + index * frameBytes;
    const available = Math.min(pixelData.dataOffset + pixelData.length, bytes.length);
    if (start + frameBytes > available) {
      throw decodeFailed(
        `Frame ${index} needs bytes ${start - pixelData.dataOffset} to ` +
          `${start - pixelData.dataOffset + frameBytes} of Pixel Data, which holds ` +
          `${Math.max(0, available - pixelData.dataOffset)}`,
      );
    }
    return bytes.subarray(start, start + frameBytes);
  }

  if (!pixelData.encapsulatedPixelData) {
    throw decodeFailed(
      `Transfer syntax ${file.transferSyntax.uid} needs encapsulated Pixel Data, but it has a defined length`,
    );
  }
  let ranges = FRAME_FRAGMENTS.get(file);
  if (ranges === undefined) {
    ranges = frameFragments(file, pixelData);
    FRAME_FRAGMENTS.set(file, ranges);
  }
  const [first, end] = ranges[index];
  const fragments = pixelData.fragments!;
  for (let i = first; i < end; i++) {
    if (fragments[i].position + fragments[i].length > bytes.length) {
      throw decodeFailed(`Fragment ${i} runs past the end of the file`);
    }
  }
  if (end - first === 1) {
    const f = fragments[first];
    return bytes.subarray(f.position, f.position + f.length);
  }
  let total = 0;
  for (let i = first; i < end; i++) total += fragments[i].length;
  const joined = new Uint8Array(total);
  let at = 0;
  for (let i = first; i < end; i++) {
    const f = fragments[i];
    joined.set(bytes.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return joined;
}
