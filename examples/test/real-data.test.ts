/**
 * examples/06-real-data.ts: CQ500's reads.csv and the majority rule on hand-written rows, then
 * the whole run on a fake CQ500-layout folder built from a phantom cohort (twelve scans of
 * eight 96 x 96 slices, ResNet50 at 64 x 64 with seeded random weights, twenty boosting
 * rounds). The figures are not the point; the labels, the names, the series and the split are.
 *
 * The header is CQ500's: `name`, `Category`, then fourteen findings for each of R1, R2, R3, as
 * public code that reads the set spells it out.
 */
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFeatures } from '@calvaria/features';
import {
  encodeCtSlice,
  generateCohort,
  nameBasedUid,
  renderPatientSlice,
  seriesIdentifiers,
  type PatientModel,
} from '@calvaria/phantom';
import {
  cq500Name,
  labelFromReads,
  parseReads,
  REAL_DATA_DEFAULTS,
  realDataOptionsFromArgs,
  runRealData,
  type RealDataResult,
} from '../06-real-data.js';
import type { MethodResult } from '../04-resnet50-xgboost.js';
import { formatCsv, parseCsv } from '../lib/csv.js';

const FINDINGS = [
  'ICH',
  'IPH',
  'IVH',
  'SDH',
  'EDH',
  'SAH',
  'BleedLocation-Left',
  'BleedLocation-Right',
  'ChronicBleed',
  'Fracture',
  'CalvarialFracture',
  'OtherFracture',
  'MassEffect',
  'MidlineShift',
];
const HEADER = [
  'name',
  'Category',
  ...['R1', 'R2', 'R3'].flatMap((r) => FINDINGS.map((f) => `${r}:${f}`)),
];

/** Per reader R1, R2, R3: calvarial fracture and any fracture. */
interface Reads {
  calvarial: [number, number, number];
  fracture: [number, number, number];
}

/**
 * One reads.csv row. The other findings are set to 1 on even scans, so that a rule reading the
 * wrong column would show.
 */
function readsRow(k: number, reads: Reads): string[] {
  const row = [`CQ500-CT-${k}`, k < 6 ? 'B1' : 'B2'];
  for (let r = 0; r < 3; r++) {
    for (const finding of FINDINGS) {
      if (finding === 'CalvarialFracture') row.push(String(reads.calvarial[r]));
      else if (finding === 'Fracture') row.push(String(reads.fracture[r]));
      else if (finding === 'OtherFracture')
        row.push(String(reads.fracture[r] & (1 - reads.calvarial[r])));
      else row.push(String(1 - (k % 2)));
    }
  }
  return row;
}

describe('reads.csv and the majority rule', () => {
  const csv = formatCsv(HEADER, [
    readsRow(0, { calvarial: [0, 0, 0], fracture: [0, 0, 0] }),
    readsRow(1, { calvarial: [1, 0, 1], fracture: [1, 0, 1] }),
    readsRow(12, { calvarial: [0, 1, 0], fracture: [1, 1, 0] }),
  ]);

  it('counts the calvarial-fracture and fracture votes of the three readers', () => {
    expect(parseReads(csv)).toEqual([
      { name: 'CQ500-CT-0', calvarialFractureVotes: 0, fractureVotes: 0 },
      { name: 'CQ500-CT-1', calvarialFractureVotes: 2, fractureVotes: 2 },
      { name: 'CQ500-CT-12', calvarialFractureVotes: 1, fractureVotes: 2 },
    ]);
  });

  it('calls a scan fractured when 2 or 3 readers saw a calvarial fracture', () => {
    const label = (calvarial: number, fracture: number) =>
      labelFromReads({
        name: 'CQ500-CT-0',
        calvarialFractureVotes: calvarial,
        fractureVotes: fracture,
      });
    expect(label(3, 3)).toBe('fracture');
    expect(label(2, 2)).toBe('fracture');
    expect(label(2, 3)).toBe('fracture');
    expect(label(1, 1)).toBe('none');
    expect(label(0, 1)).toBe('none');
    expect(label(0, 0)).toBe('none');
    // A majority saw a fracture, not a calvarial one: neither class.
    expect(label(1, 2)).toBeUndefined();
    expect(label(0, 3)).toBeUndefined();
  });

  it('reads scan names from folders, reads.csv and Patient IDs alike', () => {
    expect(cq500Name('CQ500CT12 CQ500CT12')).toBe('CQ500-CT-12');
    expect(cq500Name('CQ500-CT-12')).toBe('CQ500-CT-12');
    expect(cq500Name('CQ500CT007')).toBe('CQ500-CT-7');
    expect(cq500Name('Unknown Study')).toBeUndefined();
    expect(cq500Name('CT 0.625mm')).toBeUndefined();
    expect(cq500Name('CQ500CT1x')).toBeUndefined();
  });

  it('names the row, the scan, the column and the value of a read that is not 0 or 1', () => {
    const rows = parseCsv(csv);
    rows[1]['R2:CalvarialFracture'] = 'yes';
    const bad = formatCsv(
      HEADER,
      rows.map((row) => HEADER.map((c) => row[c])),
    );
    expect(() => parseReads(bad, 'reads.csv')).toThrow(
      "reads.csv: row 3 (CQ500-CT-1) has 'yes' in R2:CalvarialFracture; each read must be 0 or 1.",
    );
  });

  it('rejects a truncated row, a row too long, a missing column and a repeated scan', () => {
    const lines = csv.trimEnd().split('\n');
    const truncated = [...lines.slice(0, 2), lines[2].split(',').slice(0, 30).join(',')];
    expect(() => parseReads(truncated.join('\n'))).toThrow(
      /row 3 \(CQ500-CT-1\) has '' in R3:CalvarialFracture/,
    );
    expect(() => parseReads([...lines, `${lines[1]},1`].join('\n'))).toThrow(
      /^reads\.csv: CSV: row 5 has 45 fields, the header has 44\.$/,
    );
    const noR3 = lines.map((line) => line.split(',').slice(0, 30).join(',')).join('\n');
    expect(() => parseReads(noR3)).toThrow(/no column 'R3:Fracture'/);
    expect(() => parseReads([...lines, lines[1]].join('\n'))).toThrow(
      'reads.csv: row 5 repeats CQ500-CT-0.',
    );
    expect(() =>
      parseReads([lines[0], lines[1].replace('CQ500-CT-0', 'P0')].join('\n')),
    ).toThrow(/row 2 has name 'P0'; expected CQ500-CT-<number>/);
  });

  it('reads the command line: one of --reads and --labels, 0.625 mm by default', () => {
    const options = realDataOptionsFromArgs(['--data', 'cq500', '--reads', 'reads.csv']);
    expect(options).toMatchObject({
      dataDir: 'cq500',
      readsCsv: 'reads.csv',
      labelsCsv: undefined,
      outDir: 'out/06',
      sliceThicknessMm: 0.625,
      trees: 500,
    });
    expect(
      realDataOptionsFromArgs([
        '--data',
        'cq500',
        '--labels',
        'mine.csv',
        '--thickness',
        '1',
        '--trees',
        '20',
      ]),
    ).toMatchObject({ labelsCsv: 'mine.csv', sliceThicknessMm: 1, trees: 20 });
    expect(options.preferPlainSeries).toBe(false);
    expect(options.seriesKernel).toBeUndefined();
    expect(
      realDataOptionsFromArgs([
        '--data',
        'x',
        '--reads',
        'r',
        '--kernel',
        'bone',
        '--plain',
      ]),
    ).toMatchObject({ seriesKernel: 'bone', preferPlainSeries: true });
    expect(() => realDataOptionsFromArgs(['--data', 'cq500'])).toThrow(/one of the two/);
    expect(() =>
      realDataOptionsFromArgs(['--data', 'x', '--reads', 'r', '--labels', 'l']),
    ).toThrow(/one of the two/);
    expect(() => realDataOptionsFromArgs(['--reads', 'r'])).toThrow(/--data DIR/);
    expect(() =>
      realDataOptionsFromArgs(['--data', 'x', '--reads', 'r', '--trees', 'zero']),
    ).toThrow("--trees must be a positive number, got 'zero'.");
  });
});

/** The fake set: reads per scan, and the label the rule must give (undefined: left out). */
const SCANS: Array<{ k: number; reads: Reads; label: string | undefined }> = [
  { k: 0, reads: { calvarial: [0, 0, 0], fracture: [0, 0, 0] }, label: 'none' },
  { k: 1, reads: { calvarial: [1, 1, 1], fracture: [1, 1, 1] }, label: 'fracture' },
  { k: 2, reads: { calvarial: [1, 0, 1], fracture: [1, 0, 1] }, label: 'fracture' },
  { k: 3, reads: { calvarial: [0, 1, 0], fracture: [0, 1, 0] }, label: 'none' },
  { k: 4, reads: { calvarial: [0, 0, 0], fracture: [1, 1, 0] }, label: undefined },
  { k: 5, reads: { calvarial: [0, 1, 1], fracture: [1, 1, 1] }, label: 'fracture' },
  { k: 6, reads: { calvarial: [0, 0, 0], fracture: [0, 0, 0] }, label: 'none' },
  { k: 7, reads: { calvarial: [1, 1, 1], fracture: [1, 1, 1] }, label: 'fracture' },
  { k: 8, reads: { calvarial: [0, 0, 0], fracture: [0, 0, 0] }, label: 'none' },
  { k: 9, reads: { calvarial: [0, 0, 0], fracture: [0, 0, 1] }, label: 'none' },
  { k: 10, reads: { calvarial: [1, 1, 0], fracture: [1, 1, 0] }, label: 'fracture' },
  // A read whose scan was not downloaded.
  { k: 99, reads: { calvarial: [0, 0, 0], fracture: [0, 0, 0] }, label: 'none' },
];
/** Scans with a folder: 0 to 11; scan 11 has no read. */
const FOLDERS = 12;
const SLICES = 8;
const LABELLED = SCANS.filter((s) => s.k < FOLDERS && s.label !== undefined);

describe('06 on a fake CQ500-layout folder', () => {
  let dir: string;
  let result: RealDataResult;
  const thinSeries = new Set<string>();
  const thickSeries = new Set<string>();
  const logged: string[] = [];
  const finished: string[] = [];
  const quiet = (label: string) => ({
    update: () => {},
    finish: (note?: string) => finished.push(`${label}: ${note ?? ''}`),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calvaria-real-data-'));
    const phantom = await generateCohort({
      patients: FOLDERS,
      slicesPerSeries: SLICES,
      seed: 6,
      outDir: join(dir, 'phantom'),
      width: 96,
      height: 96,
      workers: 2,
    });
    const manifest = JSON.parse(await readFile(phantom.manifestPath, 'utf8')) as {
      patients: Array<{
        seriesInstanceUid: string;
        slices: Array<{ file: string }>;
        model: PatientModel;
      }>;
    };

    // As CQ500 unzips: half the scans in an archive's folder, half at the top; a thin series
    // copied from the phantom (its files say 1 mm, the folder name does not matter) and a
    // 5 mm one of two slices re-encoded in the same study; reads.csv and a note beside them.
    const root = join(dir, 'cq500');
    for (const [k, patient] of manifest.patients.entries()) {
      const scanDir = join(
        root,
        ...(k < FOLDERS / 2 ? ['qct01'] : []),
        `CQ500CT${k} CQ500CT${k}`,
        'Unknown Study',
      );
      await mkdir(join(scanDir, 'CT 0.625mm'), { recursive: true });
      await mkdir(join(scanDir, 'CT 5mm'), { recursive: true });
      for (const [i, slice] of patient.slices.entries()) {
        await copyFile(
          join(phantom.outDir, slice.file),
          join(scanDir, 'CT 0.625mm', `CT${String(i).padStart(6, '0')}.dcm`),
        );
      }
      thinSeries.add(patient.seriesInstanceUid);
      const thick: PatientModel = {
        ...patient.model,
        seed: `${patient.model.seed}/5mm`,
        sliceThicknessMm: 5,
        sliceSpacingMm: 5,
      };
      const ids = {
        ...seriesIdentifiers(patient.model),
        seriesInstanceUid: nameBasedUid(
          patient.model.seed,
          patient.model.patientId,
          '5mm',
        ),
      };
      thickSeries.add(ids.seriesInstanceUid);
      for (let i = 0; i < 2; i++) {
        const slice = renderPatientSlice(thick, i, { width: 96, height: 96 });
        await writeFile(
          join(scanDir, 'CT 5mm', `CT${String(i).padStart(6, '0')}.dcm`),
          encodeCtSlice(thick, ids, slice),
        );
      }
    }
    await writeFile(
      join(root, 'reads.csv'),
      formatCsv(
        HEADER,
        SCANS.map((s) => readsRow(s.k, s.reads)),
      ),
    );
    await writeFile(join(root, 'README.txt'), 'Not DICOM.\n');

    result = await runRealData({
      ...REAL_DATA_DEFAULTS,
      dataDir: root,
      readsCsv: join(root, 'reads.csv'),
      outDir: join(dir, 'out'),
      inputSizePx: 64,
      weights: 'random',
      trees: 20,
      workers: 2,
      cacheDir: join(dir, 'cache'),
      log: (line) => logged.push(line),
      progress: quiet,
    });
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels every scan by the majority of its three readers', () => {
    expect(result.scans.map((s) => [s.name, s.label])).toEqual(
      SCANS.map((s) => [`CQ500-CT-${s.k}`, s.label]),
    );
    const folderOf = new Map(result.scans.map((s) => [s.name, s.folder]));
    expect(folderOf.get('CQ500-CT-2')).toMatch(/qct01[\\/]CQ500CT2 CQ500CT2$/);
    expect(folderOf.get('CQ500-CT-7')).toMatch(/cq500[\\/]CQ500CT7 CQ500CT7$/);
    expect(folderOf.get('CQ500-CT-99')).toBeUndefined();
    expect(logged).toContain(
      'reads.csv: 12 scans; by majority 5 fracture, 6 none, 1 left out ' +
        '(a majority saw a non-calvarial fracture only)',
    );
    expect(logged).toContain(
      'Scan folders: 12; 1 without a read (left unlabelled), 1 reads without a folder',
    );
  });

  it('writes the derived labels with their votes before anything is learnt', async () => {
    const rows = parseCsv(await readFile(result.files.labels, 'utf8'));
    expect(rows.map((r) => [r['patient_id'], r['label']])).toEqual(
      SCANS.map((s) => [`CQ500-CT-${s.k}`, s.label ?? '']),
    );
    const two = rows.find((r) => r['patient_id'] === 'CQ500-CT-2')!;
    expect(two).toMatchObject({ calvarial_fracture_votes: '2', fracture_votes: '2' });
    expect(two['rule']).toBe('calvarial fracture by 2 of 3 readers');
    const one = rows.find((r) => r['patient_id'] === 'CQ500-CT-3')!;
    expect(one['rule']).toBe('no fracture by majority (1 of 3 saw one)');
    expect(rows.find((r) => r['patient_id'] === 'CQ500-CT-4')!['rule']).toBe(
      'left out: a fracture by 2 of 3 readers, calvarial by 0',
    );
  });

  it('names patients by their folder and puts each in exactly one part', async () => {
    const split = JSON.parse(
      await readFile(result.files.split, 'utf8'),
    ) as MethodResult['split'];
    const all = [...split.train, ...split.val, ...split.test];
    expect(new Set(all).size).toBe(all.length);
    // Scan 4 (left out) and scan 11 (no read) are in no part; no phantom Patient ID is.
    expect(all.sort()).toEqual(LABELLED.map((s) => `CQ500-CT-${s.k}`).sort());
    for (const part of [split.train, split.val, split.test])
      expect(part.length).toBeGreaterThan(0);
  });

  it("keeps the thin series of each study and gives every slice its scan's label", async () => {
    const features = await loadFeatures(result.files.features);
    expect(features.rows).toBe(LABELLED.length * SLICES);
    expect(features.rowIds).toHaveLength(LABELLED.length * SLICES);
    for (const id of features.rowIds ?? []) {
      expect(thinSeries.has(id.split('/')[0])).toBe(true);
    }
    const labelOf = new Map(SCANS.map((s) => [`CQ500-CT-${s.k}`, s.label]));
    const predictions = parseCsv(await readFile(result.files.predictions, 'utf8'));
    expect(predictions.length).toBe(result.split.test.length * SLICES);
    for (const row of predictions) {
      expect(row['label']).toBe(labelOf.get(row['patient_id']));
      expect(thinSeries.has(row['series_instance_uid'])).toBe(true);
      expect(thickSeries.has(row['series_instance_uid'])).toBe(false);
    }
    // The phantom's 1 mm is not within 0.25 mm of 0.625 mm, but nearer than 5 mm; reads.csv
    // and README.txt are the two files that are not DICOM.
    const scan = finished.find((line) => line.startsWith('scan DICOM folder'));
    expect(scan).toContain('2 files not DICOM');
    expect(scan).toContain('12 studies at the nearest thickness to 0.625 mm');
  });

  it('writes every artefact of 04, with the weak-label note on the report', async () => {
    expect(result.classes).toEqual(['fracture', 'none']);
    for (const name of [
      'pipeline',
      'features',
      'model',
      'predictions',
      'split',
      'metrics',
      'report',
      'labels',
    ]) {
      expect((await stat(result.files[name])).size).toBeGreaterThan(0);
    }
    const html = await readFile(result.files.report, 'utf8');
    expect(html).toContain('Weak labels');
    expect(html).toContain('two-class run');
    expect(logged.some((line) => line.startsWith('NOTE: Weak labels'))).toBe(true);
    const saved = JSON.parse(await readFile(result.files.metrics, 'utf8'));
    expect(saved.classes).toEqual(['fracture', 'none']);
    for (const value of Object.values(result.metrics))
      expect(Number.isFinite(value)).toBe(true);
  });
});
