import { ensureCodec, loadedCodec, type CodecName, type FrameCodec } from './codecs.js';
import { codestreamSize } from './codestream-header.js';
import { DicomError } from './dicom-error.js';
import type { DicomFile } from './dicom-file.js';
import { describeParserFailure } from './dicom-parser.js';
import { checkFrameIndex, encodedFrame } from './encoded-frame.js';
import { decodeRleFrame } from './rle.js';
import { transferSyntaxInfo } from './transfer-syntax.js';
import {
  maskInPlace,
  storedFromDecoded,
  storedFromNative,
  type PixelLayout,
} from './stored-values.js';

function unsupportedSyntax(file: DicomFile, why: string): DicomError {
  const ts = file.transferSyntax;
  return new DicomError(
    'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
    `Transfer syntax ${ts.uid} (${ts.name}) cannot be decoded exactly here: ${why}. ` +
      'Convert the file to a lossless or native syntax first (e.g. gdcmconv --raw or dcmdjpeg).',
  );
}

/**
 * Which codec a file needs, or undefined for native and RLE data; throws when none fits.
 */
function codecFor(file: DicomFile): CodecName | undefined {
  const encoding = file.transferSyntax.encoding;
  if (file.samplesPerPixel !== 1) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_PIXEL_FORMAT',
      `Samples per Pixel is ${file.samplesPerPixel} ` +
        `(${file.photometricInterpretation ?? 'no photometric interpretation'}); only ` +
        'single-sample (monochrome) images are decoded.',
    );
  }
  switch (encoding) {
    case 'native':
    case 'rle':
      return undefined;
    case 'jpeg-lossless':
    case 'jpeg-ls':
    case 'jpeg-2000':
      return encoding;
    case 'jpeg-baseline':
    case 'jpeg-extended':
      if (file.bitsAllocated !== 8 || file.bitsStored > 8) {
        throw unsupportedSyntax(
          file,
          `${file.bitsStored}-bit JPEG needs a 12-bit DCT decoder, and none available to ` +
            'JavaScript reproduces the reference (dcmtk, gdcm) values',
        );
      }
      return 'jpeg-baseline';
    default:
      throw unsupportedSyntax(file, 'no decoder is known for it');
  }
}

function layoutOf(file: DicomFile): PixelLayout {
  return {
    bitsAllocated: file.bitsAllocated,
    bitsStored: file.bitsStored,
    highBit: file.highBit,
    signed: file.pixelRepresentation === 1,
  };
}

function decodeWith(
  file: DicomFile,
  index: number,
  codec: FrameCodec | undefined,
): Int32Array {
  const bytes = encodedFrame(file, index);
  const count = file.rows * file.columns;
  const layout = layoutOf(file);
  const encoding = file.transferSyntax.encoding;

  if (encoding === 'native') {
    return storedFromNative(bytes, count, layout, file.transferSyntax.littleEndian);
  }
  if (encoding === 'rle') {
    const values = decodeRleFrame(bytes, count, file.bitsAllocated / 8);
    return maskInPlace(values, layout, layout.highBit + 1 - layout.bitsStored);
  }

  const declared = codestreamSize(bytes, encoding);
  if (
    declared !== undefined &&
    (declared.width !== file.columns ||
      (declared.height !== file.rows && declared.height !== 0) ||
      declared.components !== 1)
  ) {
    throw new DicomError(
      'DICOM_DECODE_FAILED',
      `Frame ${index}'s codestream declares ${declared.width} x ${declared.height} x ` +
        `${declared.components}, but the attributes declare ${file.columns} x ${file.rows} x 1. ` +
        'The file is inconsistent or corrupt.',
    );
  }

  let output;
  try {
    output = codec!(bytes);
  } catch (cause) {
    throw new DicomError(
      'DICOM_DECODE_FAILED',
      `Frame ${index} (${file.transferSyntax.name}) could not be decoded: ` +
        `${describeParserFailure(cause)}. The codestream is corrupt.`,
      { cause },
    );
  }
  if (
    output.width !== file.columns ||
    output.height !== file.rows ||
    output.components !== 1
  ) {
    throw new DicomError(
      'DICOM_DECODE_FAILED',
      `Frame ${index} decoded to ${output.width} x ${output.height} x ${output.components}, ` +
        `but the attributes declare ${file.columns} x ${file.rows} x 1. The file is inconsistent.`,
    );
  }
  return storedFromDecoded(output.samples, count, layout);
}

function checkDecodable(file: DicomFile): void {
  if (
    file.bitsAllocated !== 8 &&
    file.bitsAllocated !== 16 &&
    file.bitsAllocated !== 32
  ) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_PIXEL_FORMAT',
      `Bits Allocated ${file.bitsAllocated} is not supported; 8, 16 and 32 are.`,
    );
  }
}

/**
 * Decodes one frame to stored values: an `Int32Array` of rows x columns, row-major,
 * masked to Bits Stored and sign-extended when Pixel Representation is 1 (DICOM PS3.5
 * section 8.1.1; PS3.3 C.7.6.3.1.1), whatever the transfer syntax.
 *
 * Native syntaxes (implicit and explicit VR little endian, explicit VR big endian with
 * its bytes swapped, deflated) and RLE Lossless (PS3.5 Annex G) are decoded here; JPEG
 * lossless (`@cornerstonejs/jpeg-lossless-decoder-js`), JPEG-LS
 * (`@cornerstonejs/codec-charls`), JPEG 2000 (`@cornerstonejs/codec-openjpeg`) and 8-bit
 * JPEG baseline/extended (`@cornerstonejs/codec-libjpeg-turbo-8bit`) load on first use.
 *
 * @remarks Limitation: 12-bit JPEG extended (`1.2.840.10008.1.2.4.51` with Bits Stored >
 *   8), colour images, 1-bit data and unsigned 32-bit values above 2^31 - 1 throw.
 * @param file - a file from `readDicom`
 * @param index - frame index, from 0
 * @returns the stored values
 * @throws DicomError `DICOM_NO_PIXEL_DATA`, `DICOM_FRAME_OUT_OF_RANGE`,
 *   `DICOM_UNSUPPORTED_TRANSFER_SYNTAX` (naming the syntax),
 *   `DICOM_UNSUPPORTED_PIXEL_FORMAT`, `DICOM_DECODE_FAILED` (corrupt or short pixel data)
 */
export async function decodeFrame(file: DicomFile, index: number): Promise<Int32Array> {
  checkFrameIndex(file, index);
  checkDecodable(file);
  const name = codecFor(file);
  const codec = name === undefined ? undefined : await ensureCodec(name);
  return decodeWith(file, index, codec);
}

/**
 * Decodes one frame synchronously, as {@link decodeFrame} , for native and RLE data and
 * for compressed data whose codec is already loaded (see {@link preloadCodecs} ).
 *
 * @param file - a file from `readDicom`
 * @param index - frame index, from 0
 * @returns the stored values
 * @throws DicomError as {@link decodeFrame} , and `DICOM_CODEC_NOT_LOADED` when the codec
 *   the transfer syntax needs has not been loaded yet
 */
export function decodeFrameSync(file: DicomFile, index: number): Int32Array {
  checkFrameIndex(file, index);
  checkDecodable(file);
  const name = codecFor(file);
  let codec: FrameCodec | undefined;
  if (name !== undefined) {
    codec = loadedCodec(name);
    if (codec === undefined) {
      throw new DicomError(
        'DICOM_CODEC_NOT_LOADED',
        `The ${name} codec for ${file.transferSyntax.name} is not loaded; await ` +
          `preloadCodecs(['${file.transferSyntax.uid}']) first or use decodeFrame.`,
      );
    }
  }
  return decodeWith(file, index, codec);
}

/**
 * Loads the codecs that the given transfer syntaxes need, so that `decodeFrameSync` and
 * `toHounsfieldSync` can decode them.
 *
 * @param transferSyntaxUids - UIDs; native, RLE and unknown ones need nothing and are
 *   skipped
 * @returns when every needed codec is loaded
 * @throws DicomError `DICOM_DECODE_FAILED` when a codec module cannot be loaded
 */
export async function preloadCodecs(
  transferSyntaxUids: readonly string[],
): Promise<void> {
  const names = new Set<CodecName>();
  for (const uid of transferSyntaxUids) {
    const encoding = transferSyntaxInfo(uid).encoding;
    if (
      encoding === 'jpeg-lossless' ||
      encoding === 'jpeg-ls' ||
      encoding === 'jpeg-2000'
    ) {
      names.add(encoding);
    } else if (encoding === 'jpeg-baseline' || encoding === 'jpeg-extended') {
      names.add('jpeg-baseline');
    }
  }
  await Promise.all([...names].map((name) => ensureCodec(name)));
}
