/**
 * # 06 · The method on real head CT: a CQ500-layout folder and its radiologists' reads
 *
 * The pipeline of 04 (ResNet50 features + gradient-boosted trees, split by patient), run on a
 * public head-CT set that you download yourself and lay out as CQ500 is. Nothing is downloaded
 * here.
 *
 * ## The data
 *
 * CQ500 is the validation set of Chilamkurthy et al., "Deep learning algorithms for detection
 * of critical findings in head CT scans: a retrospective study", Lancet 2018 (preprint arXiv
 * 1803.05854), published by qure.ai (headctstudy.qure.ai/dataset) under CC BY-NC-SA 4.0, as the
 * SkullBreak/SkullFix data article (Kodym et al., Data in Brief 2021) restates: non-commercial
 * use only. It holds 491 head CT scans, collected in two batches (B1: 214, B2: 277), each read
 * independently by three radiologists; the paper takes their consensus as the gold standard.
 *
 * As distributed (the layout public code that reads CQ500 expects), each scan is one folder,
 * often inside one folder per downloaded archive (`qct01/`, ...):
 *
 *     CQ500CT0 CQ500CT0/Unknown Study/CT 0.625mm/CT000000.dcm
 *     CQ500CT0 CQ500CT0/Unknown Study/CT 5mm/CT000000.dcm
 *
 * with several series per study, named after their description: thin 0.625 mm and thick 5 mm
 * reconstructions (`CT 0.625mm`, `CT 5mm`, `CT PLAIN THIN`, `CT Plain`, `CT 55mm Plain`, ...),
 * other kernels, and in some studies contrast series. `reads.csv` has one row per scan: `name`
 * (`CQ500-CT-0`), `Category`, then for each reader `R1`, `R2`, `R3` fourteen findings, each 0 or
 * 1: `ICH`, `IPH`, `IVH`, `SDH`, `EDH`, `SAH`, `BleedLocation-Left`, `BleedLocation-Right`,
 * `ChronicBleed`, `Fracture`, `CalvarialFracture`, `OtherFracture`, `MassEffect`,
 * `MidlineShift`, as columns `R1:ICH` ... `R3:MidlineShift`.
 *
 * ## How the reads become calvaria's classes
 *
 * The reads are per scan, and they say whether there is a fracture and whether it is of the
 * calvaria, not whether it is linear or depressed. So this is a two-class run, and calvaria
 * reads "consensus" as a majority, at least 2 of the 3 readers:
 *
 * - `fracture`: 2 or 3 readers marked `CalvarialFracture`;
 * - `none` (calvaria's "not fractured"): fewer than 2 marked `CalvarialFracture` and fewer
 *   than 2 marked `Fracture` at all;
 * - left out: fewer than 2 marked a calvarial fracture but 2 or 3 marked a fracture (skull base,
 *   face): neither a calvarial fracture nor a head without one.
 *
 * Every slice of the selected series takes its scan's class. That is a weak label: a
 * `fracture` scan shows the fracture on a few slices, and the rest carry the label anyway, so
 * the slice metrics measure agreement with the scan's read, not fracture detection per slice.
 * The run says so in its log and on the report page. The derived labels are written to
 * `labels-from-reads.csv` (votes and the rule per scan) before anything is learnt.
 *
 * Finer labels (per slice, linear vs depressed) are not in CQ500. If you have them, write a
 * labels CSV as examples/lib/cohort.ts reads it (`label` plus `sop_instance_uid`, `file`,
 * `series_instance_uid` or `patient_id` = `CQ500-CT-<k>`) and pass it with `--labels` in place
 * of `--reads`: the classes are then yours (for example depressed/linear/none).
 *
 * ## Patients and series
 *
 * A scan is named from its folder: `CQ500CT12 CQ500CT12` (the innermost folder on a file's path
 * that starts `CQ500CT<k>`) is `CQ500-CT-12`, as `reads.csv` writes it; only when no folder is
 * named so is the DICOM Patient ID tried the same way. The folder is what the distribution
 * documents; the headers are whatever its anonymisation left. That name is the unit of the
 * split, so no scan is in two parts.
 *
 * One series per study is kept as in 04 (`selectSeries` with the nearest thickness when none
 * is within 0.25 mm). The method wanted 1 mm; CQ500's thin series are 0.625 mm, outside that
 * tolerance, so this script asks for 0.625 mm by default (`--thickness 1` gives 04's rule; with
 * either, a 5 mm series is taken only where a study has nothing nearer). Among series of the
 * same thickness, `--kernel bone` prefers the series whose Convolution Kernel or Series
 * Description contains "bone" (case-insensitive) and `--plain` the series without a contrast
 * agent; then the rest of 04's rule decides (untilted, no gaps, more slices, lower series
 * number). Without them kernel and contrast are not looked at, as in 04.
 *
 * Run (from the repository root), after downloading and unzipping CQ500:
 *
 *     pnpm build && pnpm exec tsx examples/06-real-data.ts --data ~/data/cq500 \
 *       --reads ~/data/cq500/reads.csv
 *
 * Options: --out (default `out/06`), --reads CSV or --labels CSV (one of the two),
 * --thickness (0.625 mm), --kernel TEXT (none), --plain, --seed (1), --weights (`auto` | `imagenet` | `random` | a path),
 * --engine (`auto` | `onnx` | `tfjs`), --trees (500), --workers (cores). Artefacts as 04's:
 * pipeline.json, features.npy, model.json, predictions.csv, split.json, metrics.json and
 * report.html, plus labels-from-reads.csv.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { SeriesSelection } from '@calvaria/dicom-hu';

import {
  DEMO_DEFAULTS,
  optionsFromArgs,
  runMethod,
  type MethodOptions,
  type MethodResult,
} from './04-resnet50-xgboost.js';
import { formatCsv, parseCsv } from './lib/csv.js';

/** The readers of `reads.csv`, as its column prefixes write them. */
export const CQ500_READERS: readonly string[] = ['R1', 'R2', 'R3'];

/** Readers needed for a majority: 2 of 3. */
const MAJORITY = Math.floor(CQ500_READERS.length / 2) + 1;

/** One scan's row of `reads.csv`, reduced to what the fracture label needs. */
export interface ScanReads {
  /** The scan, as `reads.csv` names it, normalised to `CQ500-CT-<k>`. */
  readonly name: string;
  /** Readers who marked a calvarial fracture (`R<i>:CalvarialFracture` = 1), 0 to 3. */
  readonly calvarialFractureVotes: number;
  /** Readers who marked any fracture (`R<i>:Fracture` = 1), 0 to 3. */
  readonly fractureVotes: number;
}

/** The two classes the reads give. `none` is calvaria's "not fractured". */
export type ReadsLabel = 'fracture' | 'none';

/** One scan: its reads, the class the majority rule gives, and its folder when found. */
export interface ScanLabel extends ScanReads {
  /** `fracture`, `none`, or `undefined` when the rule leaves the scan out. */
  readonly label: ReadsLabel | undefined;
  /** The scan's folder under the data folder; `undefined` when it was not found. */
  readonly folder: string | undefined;
}

/** Options of {@link runRealData}: 04's options for the method, and where the data is. */
export interface RealDataOptions extends Omit<
  MethodOptions,
  'data' | 'patients' | 'slicesPerSeries' | 'imageSizePx'
> {
  /** The folder that holds the `CQ500CT<k> ...` scan folders (searched recursively). */
  readonly dataDir: string;
  /** CQ500's `reads.csv`: labels by the majority rule (see the file comment). */
  readonly readsCsv?: string;
  /** Instead of the reads: your own labels CSV (examples/lib/cohort.ts's format). */
  readonly labelsCsv?: string;
  /**
   * Prefer, within a study, series whose Convolution Kernel or Series Description contains
   * this (case-insensitive), e.g. `bone`. Default: no preference.
   */
  readonly seriesKernel?: string;
  /** Prefer plain (non-contrast) series. Default false. */
  readonly preferPlainSeries?: boolean;
}

/** What {@link runRealData} produced: 04's result, and the label of every scan read. */
export interface RealDataResult extends MethodResult {
  /** One entry per row of `reads.csv`, in its order; empty with `labelsCsv`. */
  readonly scans: readonly ScanLabel[];
}

/** The defaults of this script: 04's, with CQ500's thin-series thickness. */
export const REAL_DATA_DEFAULTS: Omit<RealDataOptions, 'dataDir'> = {
  outDir: 'out/06',
  seed: DEMO_DEFAULTS.seed,
  inputSizePx: DEMO_DEFAULTS.inputSizePx,
  backbone: DEMO_DEFAULTS.backbone,
  weights: DEMO_DEFAULTS.weights,
  engine: DEMO_DEFAULTS.engine,
  trees: DEMO_DEFAULTS.trees,
  workers: DEMO_DEFAULTS.workers,
  sliceThicknessMm: 0.625,
};

/**
 * Reads a CQ500 scan name from a folder name (`CQ500CT12 CQ500CT12`), a `reads.csv` name
 * (`CQ500-CT-12`) or a Patient ID written either way.
 * @param text - The name.
 * @returns `CQ500-CT-<k>` with `k` without leading zeros, or `undefined` when it is not one.
 */
export function cq500Name(text: string): string | undefined {
  const match = /^CQ500[-_ ]?CT[-_ ]?(\d+)(?:\s|$)/i.exec(text.trim());
  return match === null ? undefined : `CQ500-CT-${Number(match[1])}`;
}

/**
 * Parses CQ500's `reads.csv` into per-scan vote counts.
 * @param text - The file's contents.
 * @param source - The file's name, for messages.
 * @returns One entry per row, in file order.
 * @throws Error when the file is not CSV, a column is missing (`name`, `R<i>:Fracture`,
 *   `R<i>:CalvarialFracture`), a name is not `CQ500-CT-<k>` or repeats, or a read is not 0 or 1.
 */
export function parseReads(text: string, source = 'reads.csv'): ScanReads[] {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (cause) {
    throw new Error(`${source}: ${(cause as Error).message}`, { cause });
  }
  if (rows.length === 0) throw new Error(`${source}: no rows; is it CQ500's reads.csv?`);

  const columns = [
    'name',
    ...CQ500_READERS.flatMap((r) => [`${r}:Fracture`, `${r}:CalvarialFracture`]),
  ];
  for (const column of columns) {
    if (!(column in rows[0])) {
      throw new Error(
        `${source}: no column '${column}'. CQ500's reads.csv has 'name', 'Category' and ` +
          `'R1:Fracture', 'R1:CalvarialFracture', ... for R1 to R3; check the file.`,
      );
    }
  }

  const seen = new Set<string>();
  return rows.map((row, r) => {
    const line = r + 2;
    const name = cq500Name(row['name']);
    if (name === undefined) {
      throw new Error(
        `${source}: row ${line} has name '${row['name']}'; expected CQ500-CT-<number>.`,
      );
    }
    if (seen.has(name)) throw new Error(`${source}: row ${line} repeats ${name}.`);
    seen.add(name);
    const votes = (finding: string): number =>
      CQ500_READERS.reduce((sum, reader) => {
        const column = `${reader}:${finding}`;
        const value = row[column].trim();
        if (value !== '0' && value !== '1') {
          throw new Error(
            `${source}: row ${line} (${name}) has '${value}' in ${column}; ` +
              'each read must be 0 or 1. Fix or remove the row.',
          );
        }
        return sum + Number(value);
      }, 0);
    return {
      name,
      calvarialFractureVotes: votes('CalvarialFracture'),
      fractureVotes: votes('Fracture'),
    };
  });
}

/**
 * The class of a scan by the majority of its three readers (see the file comment).
 * @param reads - The scan's vote counts.
 * @returns `fracture` (2 or 3 calvarial-fracture votes), `none` (fewer than 2 calvarial and
 *   fewer than 2 fracture votes), or `undefined` (a majority saw only a non-calvarial fracture).
 */
export function labelFromReads(reads: ScanReads): ReadsLabel | undefined {
  if (reads.calvarialFractureVotes >= MAJORITY) return 'fracture';
  if (reads.fractureVotes >= MAJORITY) return undefined;
  return 'none';
}

/** Says in words why a scan got its label, for `labels-from-reads.csv`. */
function ruleText(scan: ScanLabel): string {
  const { calvarialFractureVotes: calvarial, fractureVotes: fracture } = scan;
  const n = CQ500_READERS.length;
  if (scan.label === 'fracture')
    return `calvarial fracture by ${calvarial} of ${n} readers`;
  if (scan.label === 'none')
    return `no fracture by majority (${fracture} of ${n} saw one)`;
  return `left out: a fracture by ${fracture} of ${n} readers, calvarial by ${calvarial}`;
}

/**
 * Names the scan of a selected series: the innermost folder on its first file's path named
 * `CQ500CT<k>`, else its Patient ID when that reads as a CQ500 name.
 * @param selection - A series chosen by `selectSeries`.
 * @returns `CQ500-CT-<k>`, or `undefined` (then the Patient ID names the patient).
 */
export function scanNameOf(selection: SeriesSelection): string | undefined {
  const path = selection.series.slices[0]?.path ?? '';
  const folders = path.split(/[\\/]/).slice(0, -1).reverse();
  for (const folder of folders) {
    const name = cq500Name(folder);
    if (name !== undefined) return name;
  }
  return selection.patientId === undefined ? undefined : cq500Name(selection.patientId);
}

/**
 * Finds the scan folders (`CQ500CT<k> ...`) under a data folder, down to three levels.
 * @param dataDir - The data folder.
 * @returns Folder path by scan name.
 * @throws Error when the folder cannot be listed, or two folders name the same scan.
 */
export async function findScanFolders(dataDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      throw new Error(`Could not list '${dir}': ${(cause as Error).message}`, { cause });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      const name = cq500Name(entry.name);
      if (name === undefined) {
        if (depth < 3) await walk(path, depth + 1);
        continue;
      }
      const other = found.get(name);
      if (other !== undefined) {
        throw new Error(`${name} has two folders, '${other}' and '${path}'; keep one.`);
      }
      found.set(name, path);
    }
  };
  await walk(dataDir, 1);
  return found;
}

/**
 * Runs 04's method on a CQ500-layout folder, labelled from `reads.csv` by the majority rule
 * (or from your own labels CSV); see the file comment for the rule and its limits.
 * @param options - The data, and 04's options for the method.
 * @returns 04's result (metrics, split, artefacts) and the label of every scan read.
 * @throws Error when neither or both of `readsCsv` and `labelsCsv` are given, no scan folder
 *   is found, `reads.csv` is malformed (see {@link parseReads}), or 04 fails.
 */
export async function runRealData(options: RealDataOptions): Promise<RealDataResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  if ((options.readsCsv === undefined) === (options.labelsCsv === undefined)) {
    throw new Error(
      'Give readsCsv (CQ500 reads.csv) or labelsCsv (your own labels), one of the two.',
    );
  }
  const dataDir = resolve(options.dataDir);
  const out = resolve(options.outDir);
  await mkdir(out, { recursive: true });

  // ## 1 · The scan folders
  const folders = await findScanFolders(dataDir);
  if (folders.size === 0) {
    throw new Error(
      `No folder named like 'CQ500CT0 CQ500CT0' under '${dataDir}'; give --data the ` +
        'folder that holds the unzipped scans.',
    );
  }

  // ## 2 · Labels: the majority of three reads per scan, or the user's own CSV
  let labelsCsv: string;
  let scans: ScanLabel[] = [];
  const notes: string[] = [];
  if (options.readsCsv !== undefined) {
    const readsPath = resolve(options.readsCsv);
    const reads = parseReads(await readFile(readsPath, 'utf8'), readsPath);
    scans = reads.map((r) => ({
      ...r,
      label: labelFromReads(r),
      folder: folders.get(r.name),
    }));
    labelsCsv = join(out, 'labels-from-reads.csv');
    await writeFile(
      labelsCsv,
      formatCsv(
        ['patient_id', 'label', 'calvarial_fracture_votes', 'fracture_votes', 'rule'],
        scans.map((s) => [
          s.name,
          s.label ?? '',
          s.calvarialFractureVotes,
          s.fractureVotes,
          ruleText(s),
        ]),
      ),
    );
    const count = (label: ReadsLabel | undefined) =>
      scans.filter((s) => s.label === label).length;
    const read = new Set(scans.map((s) => s.name));
    const unread = [...folders.keys()].filter((name) => !read.has(name));
    log(
      `reads.csv: ${scans.length} scans; by majority ${count('fracture')} fracture, ` +
        `${count('none')} none, ${count(undefined)} left out (a majority saw a ` +
        'non-calvarial fracture only)',
    );
    log(
      `Scan folders: ${folders.size}; ${unread.length} without a read (left unlabelled), ` +
        `${scans.filter((s) => s.folder === undefined).length} reads without a folder`,
    );
    if (!scans.some((s) => s.label !== undefined && s.folder !== undefined)) {
      throw new Error(
        `None of the ${folders.size} scan folders under '${dataDir}' has a labelled row in ` +
          `'${readsPath}'; check that both are CQ500's and that the names match.`,
      );
    }
    notes.push(
      "Labels are CQ500's per-scan reads: 'fracture' when at least 2 of 3 radiologists " +
        "marked a calvarial fracture, 'none' when fewer than 2 marked a calvarial fracture " +
        'and fewer than 2 any fracture; scans where a majority saw only another fracture are ' +
        'left out. The reads do not say linear or depressed: this is a two-class run.',
      "Weak labels: every slice of a 'fracture' scan carries the label, including slices " +
        'that do not show the fracture, so slice metrics measure agreement with the scan ' +
        'read, not per-slice fracture detection.',
    );
  } else {
    labelsCsv = resolve(options.labelsCsv!);
  }

  // ## 3 · 04's method, with patients named by their CQ500 folder
  const result = await runMethod({
    ...DEMO_DEFAULTS,
    ...options,
    data: {
      dir: dataDir,
      labelsCsv,
      patientIdOf: scanNameOf,
      notes,
      seriesKernel: options.seriesKernel,
      preferPlainSeries: options.preferPlainSeries,
    },
  });
  return {
    ...result,
    files:
      options.readsCsv !== undefined
        ? { ...result.files, labels: labelsCsv }
        : result.files,
    scans,
  };
}

/** The command-line flags this script hands to 04's parser unchanged. */
const SHARED_FLAGS = [
  'out',
  'seed',
  'weights',
  'engine',
  'trees',
  'workers',
  'thickness',
] as const;

/**
 * Reads the command line into options (see the file comment).
 * @param args - The arguments after the script name.
 * @returns The options.
 * @throws Error when --data is missing, not exactly one of --reads and --labels is given, or
 *   a shared option is invalid (as 04 checks it).
 */
export function realDataOptionsFromArgs(args: string[]): RealDataOptions {
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      data: { type: 'string' },
      reads: { type: 'string' },
      labels: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      weights: { type: 'string' },
      engine: { type: 'string' },
      trees: { type: 'string' },
      workers: { type: 'string' },
      thickness: { type: 'string' },
      kernel: { type: 'string' },
      plain: { type: 'boolean' },
    },
  });
  if (values.data === undefined) {
    throw new Error(
      'Give --data DIR, the folder that holds the CQ500CT<k> scan folders.',
    );
  }
  if ((values.reads === undefined) === (values.labels === undefined)) {
    throw new Error(
      'Give --reads reads.csv or --labels CSV (your own labels), one of the two.',
    );
  }
  const method = optionsFromArgs(
    SHARED_FLAGS.flatMap((flag) => {
      const value = values[flag];
      return value === undefined ? [] : [`--${flag}=${value}`];
    }),
  );
  return {
    outDir: values.out ?? REAL_DATA_DEFAULTS.outDir,
    seed: method.seed,
    inputSizePx: method.inputSizePx,
    backbone: method.backbone,
    weights: method.weights,
    engine: method.engine,
    trees: method.trees,
    workers: method.workers,
    sliceThicknessMm:
      values.thickness === undefined
        ? REAL_DATA_DEFAULTS.sliceThicknessMm
        : method.sliceThicknessMm,
    dataDir: values.data,
    readsCsv: values.reads,
    labelsCsv: values.labels,
    ...(values.kernel === undefined ? {} : { seriesKernel: values.kernel }),
    preferPlainSeries: values.plain ?? false,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const result = await runRealData(realDataOptionsFromArgs(process.argv.slice(2)));
  console.log(
    `Done in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
      `(${result.weightsKind} weights, engine ${result.engine}).`,
  );
}
