import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicom, toHounsfieldSync } from '@calvaria/dicom-hu';
import {
  CT_IMAGE_STORAGE,
  generateCohort,
  renderPatientSlice,
  type CohortProgress,
  type CohortSummary,
  type PatientModel,
  type SliceTruth,
} from '@calvaria/phantom';

interface Manifest {
  seed: string;
  counts: Record<string, number>;
  patients: {
    patientId: string;
    studyInstanceUid: string;
    seriesInstanceUid: string;
    model: PatientModel;
    slices: { file: string; sopInstanceUid: string; truth: SliceTruth }[];
  }[];
}

const UID_PATTERN = /^2\.25\.(0|[1-9][0-9]*)$/;

describe('generateCohort on disk, read back with @calvaria/dicom-hu', () => {
  let dir: string;
  let summary: CohortSummary;
  let manifest: Manifest;
  const progress: CohortProgress[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phantom-cohort-'));
    summary = await generateCohort({
      patients: 3,
      slicesPerSeries: 5,
      seed: 'round-trip',
      outDir: dir,
      width: 128,
      height: 64,
      workers: 0,
      onProgress: (p) => progress.push(p),
    });
    manifest = JSON.parse(readFileSync(summary.manifestPath, 'utf8')) as Manifest;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one folder per patient, labels.csv and manifest.json', () => {
    const entries = readdirSync(dir).sort();
    expect(entries).toEqual([
      'PH0001',
      'PH0002',
      'PH0003',
      'labels.csv',
      'manifest.json',
    ]);
    expect(readdirSync(join(dir, 'PH0002')).sort()).toEqual([
      'IM0001.dcm',
      'IM0002.dcm',
      'IM0003.dcm',
      'IM0004.dcm',
      'IM0005.dcm',
    ]);
    expect(summary.slices).toBe(15);
    expect(progress.map((p) => p.done)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    expect(progress.every((p) => p.total === 15)).toBe(true);
  });

  it('reads every file back with the header fields the issue lists', () => {
    for (const patient of manifest.patients) {
      for (const [k, s] of patient.slices.entries()) {
        const file = readDicom(join(dir, s.file));
        expect(file.transferSyntax.uid).toBe('1.2.840.10008.1.2.1');
        expect(file.sopClassUid).toBe(CT_IMAGE_STORAGE);
        expect(file.modality).toBe('CT');
        expect(file.sopInstanceUid).toBe(s.sopInstanceUid);
        expect(file.seriesInstanceUid).toBe(patient.seriesInstanceUid);
        expect(file.studyInstanceUid).toBe(patient.studyInstanceUid);
        expect(file.patientId).toBe(patient.patientId);
        for (const uid of [
          file.sopInstanceUid,
          file.seriesInstanceUid,
          file.studyInstanceUid,
        ]) {
          expect(uid).toMatch(UID_PATTERN);
          expect(uid!.length).toBeLessThanOrEqual(64);
        }
        expect(file.instanceNumber).toBe(k + 1);
        expect(file.rows).toBe(64);
        expect(file.columns).toBe(128);
        expect(file.bitsAllocated).toBe(16);
        expect(file.bitsStored).toBe(16);
        expect(file.pixelRepresentation).toBe(1);
        expect(file.rescaleIntercept).toBe(-1024);
        expect(file.rescaleSlope).toBe(1);
        expect(file.sliceThicknessMm).toBe(1);
        expect(file.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
        // Exact: whole-mm FOV over a power-of-two matrix and a 0.1 mm slice grid fit in 16-char DS.
        expect(file.imagePositionPatientMm).toEqual(s.truth.imagePositionMm);
        expect(file.pixelSpacingMm).toEqual([
          patient.model.fieldOfViewMm / 64,
          patient.model.fieldOfViewMm / 128,
        ]);
        expect(file.windowCenters).toEqual([40, 600]);
        expect(file.windowWidths).toEqual([80, 2800]);
      }
    }
  });

  it('places slices 1 mm apart along the normal, superior first, in instance order', () => {
    for (const patient of manifest.patients) {
      const z = patient.slices.map(
        (s) => readDicom(join(dir, s.file)).imagePositionPatientMm![2],
      );
      for (let i = 1; i < z.length; i++) expect(z[i - 1] - z[i]).toBeCloseTo(1, 9);
    }
  });

  it('round-trips the HU of every pixel exactly (file vs in-memory rendering)', () => {
    for (const patient of manifest.patients) {
      for (const s of patient.slices) {
        const hu = toHounsfieldSync(readDicom(join(dir, s.file)));
        const memory = renderPatientSlice(patient.model, s.truth.sliceIndex, {
          width: 128,
          height: 64,
        });
        expect(hu.width).toBe(128);
        expect(hu.height).toBe(64);
        expect(Array.from(hu.pixels)).toEqual(Array.from(memory.image.pixels));
        expect(hu.rowSpacingMm).toBe(memory.image.rowSpacingMm);
        expect(hu.columnSpacingMm).toBe(memory.image.columnSpacingMm);
      }
    }
  });

  it('lists every slice in labels.csv with the UIDs and label of the manifest', () => {
    const lines = readFileSync(summary.labelsPath, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'patient_id,study_instance_uid,series_instance_uid,sop_instance_uid,slice_index,instance_number,label,file',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(15);
    const flat = manifest.patients.flatMap((p) => p.slices.map((s) => ({ p, s })));
    rows.forEach((r, i) => {
      const { p, s } = flat[i];
      expect(r).toEqual([
        p.patientId,
        p.studyInstanceUid,
        p.seriesInstanceUid,
        s.sopInstanceUid,
        String(s.truth.sliceIndex),
        String(s.truth.sliceIndex + 1),
        s.truth.label,
        s.file,
      ]);
    });
    const counts = { linear: 0, depressed: 0, none: 0 } as Record<string, number>;
    for (const r of rows) counts[r[6]]++;
    expect(counts).toEqual(summary.counts);
    expect(manifest.counts).toEqual(summary.counts);
  });

  it('gives every SOP instance, series and study its own UID', () => {
    const sops = manifest.patients.flatMap((p) => p.slices.map((s) => s.sopInstanceUid));
    expect(new Set(sops).size).toBe(sops.length);
    expect(new Set(manifest.patients.map((p) => p.seriesInstanceUid)).size).toBe(3);
    expect(new Set(manifest.patients.map((p) => p.studyInstanceUid)).size).toBe(3);
  });
});
