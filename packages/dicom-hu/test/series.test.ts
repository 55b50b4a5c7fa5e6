import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DicomError,
  scanFolder,
  selectSeries,
  type ScanProgress,
  type ScanResult,
  type SeriesSummary,
} from '@calvaria/dicom-hu';

// The study in fixtures/series was written by tools/golden/dicom-hu.py (series()): one patient,
// one study, three series of 16 x 16 slices shuffled over four folders, plus a text file and
// an empty file. Every expected value below restates how that script built them.
const folder = fileURLToPath(new URL('./fixtures/series/', import.meta.url));
const UID = '1.2.826.0.1.3680043.10.1234.';

let result: ScanResult;
const progress: ScanProgress[] = [];

function seriesBy(number: number): SeriesSummary {
  return result.series.find((s) => s.seriesNumber === number)!;
}

describe('scanning a folder', () => {
  it('reads the tree, groups by series and reports what it skipped', async () => {
    result = await scanFolder(folder, { onProgress: (p) => progress.push(p) });
    expect(result.series.map((s) => s.seriesNumber)).toEqual([2, 3, 4]);
    expect(result.patients).toHaveLength(1);
    expect(result.patients[0].studies).toHaveLength(1);
    expect(result.patients[0].studies[0].studyInstanceUid).toBe(`${UID}100`);
    expect(result.skipped.map((s) => [s.path.slice(folder.length), s.code])).toEqual([
      ['a/empty', 'DICOM_NOT_DICOM'],
      ['c/notes.txt', 'DICOM_NOT_DICOM'],
    ]);
  });

  it('reports progress as counts after every file', () => {
    // 21 DICOM slices (12 + 4 + 5) and 2 other files.
    expect(progress).toHaveLength(23);
    expect(progress.at(-1)).toEqual({ filesFound: 23, filesRead: 23, filesSkipped: 2 });
  });

  it('orders slices along the normal, not by instance number', () => {
    const thin = seriesBy(2);
    expect(thin.orderedBy).toBe('position');
    expect(thin.normal).toEqual([0, 0, 1]);
    // z = -20 + k for k = 0..11 without k = 7, plus a second slice at z = -17 (instance 500);
    // instance numbers run 100 - k, i.e. backwards.
    expect(thin.slices.map((s) => s.positionAlongNormalMm)).toEqual([
      -20, -19, -18, -17, -17, -16, -15, -14, -12, -11, -10, -9,
    ]);
    expect(thin.slices.map((s) => s.instanceNumber)).toEqual([
      100, 99, 98, 97, 500, 96, 95, 94, 92, 91, 90, 89,
    ]);
  });

  it('measures spacing and flags the gap and the duplicate', () => {
    const thin = seriesBy(2);
    expect(thin.sliceSpacingMm).toBe(1);
    expect(thin.gaps).toEqual([{ afterIndex: 7, distanceMm: 2 }]);
    expect(thin.duplicates).toEqual([{ index: 4, duplicateOf: 3 }]);
    expect(thin.tilted).toBe(false);
  });

  it('measures the thick series', () => {
    const thick = seriesBy(3);
    expect(thick.sliceThicknessMm).toBe(5);
    expect(thick.sliceSpacingMm).toBe(5);
    expect(thick.gaps).toEqual([]);
    expect(thick.slices.map((s) => s.instanceNumber)).toEqual([1, 2, 3, 4]);
  });

  it('flags gantry tilt', () => {
    const tilted = seriesBy(4);
    expect(tilted.gantryTiltDeg).toBe(15);
    expect(tilted.tilted).toBe(true);
    // Positions step along the tilted normal, so the stack itself is not sheared.
    expect(tilted.shearDeg).toBeCloseTo(0, 3);
    expect(tilted.sliceSpacingMm).toBeCloseTo(1, 5);
  });

  it('refuses a folder that does not exist', async () => {
    let error: unknown;
    try {
      await scanFolder(`${folder}/missing`);
    } catch (e) {
      error = e;
    }
    expect((error as DicomError).code).toBe('DICOM_READ_FAILED');
  });
});

describe('selecting the series per study', () => {
  it('picks the untilted 1 mm series over the tilted one and the 5 mm one', () => {
    const [selection, ...rest] = selectSeries(result.series, { sliceThicknessMm: 1 });
    expect(rest).toEqual([]);
    expect(selection.series.seriesInstanceUid).toBe(`${UID}201`);
    expect(selection.thicknessMatched).toBe(true);
  });

  it('picks the 5 mm series when asked for 5 mm', () => {
    const [selection] = selectSeries(result.series, { sliceThicknessMm: 5 });
    expect(selection.series.seriesNumber).toBe(3);
  });

  it('leaves a study out when no thickness matches, unless asked for the nearest', () => {
    expect(selectSeries(result.series, { sliceThicknessMm: 3 })).toEqual([]);
    const [nearest] = selectSeries(result.series, {
      sliceThicknessMm: 4,
      fallbackToNearest: true,
    });
    expect(nearest.series.seriesNumber).toBe(3);
    expect(nearest.thicknessMatched).toBe(false);
  });

  it('prefers the tilted 1 mm series only when the untilted one is absent', () => {
    const withoutThin = result.series.filter((s) => s.seriesNumber !== 2);
    expect(selectSeries(withoutThin)[0].series.seriesNumber).toBe(4);
  });

  it('prefers the kernel asked for, then a plain scan, before the other criteria', () => {
    // The fixture's two 1 mm series (2: untilted, 4: tilted), relabelled as a CQ500-like
    // export would have them: a soft-tissue plain series and a bone series with contrast.
    const thin = result.series.filter(
      (s) => s.seriesNumber === 2 || s.seriesNumber === 4,
    );
    const relabel = (
      n: number,
      kernel: string,
      description: string,
      contrast?: string,
    ) => ({
      ...thin.find((s) => s.seriesNumber === n)!,
      convolutionKernel: kernel,
      seriesDescription: description,
      contrastBolusAgent: contrast,
    });
    const soft = relabel(2, 'STANDARD', 'CT PLAIN THIN');
    const bone = relabel(4, 'BONEPLUS', 'BONE THIN', 'OMNIPAQUE');

    // Without preferences the untilted series wins; with 'bone' the bone kernel does, even
    // tilted; a RegExp on the description does the same.
    expect(selectSeries([soft, bone])[0].series.seriesNumber).toBe(2);
    const [byKernel] = selectSeries([soft, bone], { kernel: 'bone' });
    expect([byKernel.series.seriesNumber, byKernel.kernelMatched]).toEqual([4, true]);
    expect(selectSeries([soft, bone], { kernel: /^BONE/g })[0].series.seriesNumber).toBe(
      4,
    );
    expect(selectSeries([soft, bone], { kernel: /^BONE/g })[0].series.seriesNumber).toBe(
      4,
    );
    // A kernel no series has: the other criteria decide, and the selection says so.
    const [none] = selectSeries([soft, bone], { kernel: 'H70h' });
    expect([none.series.seriesNumber, none.kernelMatched]).toEqual([2, false]);
    // Both bone: the plain one wins with preferWithoutContrast, though it is tilted.
    const plainBone = relabel(4, 'BONE', 'BONE', 'NONE'); // as some exports write it
    const contrastBone = { ...relabel(2, 'BONE', 'BONE', 'OMNIPAQUE') };
    expect(selectSeries([plainBone, contrastBone])[0].series.seriesNumber).toBe(2);
    expect(
      selectSeries([plainBone, contrastBone], { preferWithoutContrast: true })[0].series
        .seriesNumber,
    ).toBe(4);
  });

  it('reads the kernel and contrast agent of every series (absent in this fixture)', () => {
    for (const s of result.series) {
      expect(s.convolutionKernel).toBeUndefined();
      expect(s.contrastBolusAgent).toBeUndefined();
    }
  });

  it('refuses a non-positive thickness', () => {
    expect(() => selectSeries(result.series, { sliceThicknessMm: 0 })).toThrow(
      DicomError,
    );
  });
});
