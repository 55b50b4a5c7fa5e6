import { DicomError } from './dicom-error.js';
import type { SeriesSummary } from './series-summary.js';

/** Options of {@link selectSeries}. */
export interface SelectSeriesOptions {
  /**
   * Wanted reconstruction thickness, in millimetres. Default 1 (the method's thin
   * series).
   */
  readonly sliceThicknessMm?: number;
  /**
   * Largest difference from the wanted thickness that still counts as a match. Default
   * 0.25.
   */
  readonly toleranceMm?: number;
  /** Modality to keep. Default `CT`. */
  readonly modality?: string;
  /**
   * When no series of a study matches the thickness, take the nearest one. Default false.
   */
  readonly fallbackToNearest?: boolean;
  /**
   * Prefer series whose Convolution Kernel (0018,1210) or Series Description (0008,103E)
   * matches: a string matches as a case-insensitive substring (`'bone'`), a RegExp as
   * given. For fractures, the bone (sharp) reconstruction. Default: no preference.
   */
  readonly kernel?: string | RegExp;
  /**
   * Prefer plain scans: series whose Contrast/Bolus Agent (0018,0010) is absent or says
   * none (`NONE`, `NO`, `N/A`, `-`). Default false.
   */
  readonly preferWithoutContrast?: boolean;
}

/** The series chosen for one study. */
export interface SeriesSelection {
  /** Study Instance UID of the study. */
  readonly studyInstanceUid: string | undefined;
  /** Patient ID. Patient data: never log it. */
  readonly patientId: string | undefined;
  /** The chosen series. */
  readonly series: SeriesSummary;
  /**
   * Whether its thickness is within the tolerance (false only with `fallbackToNearest`).
   */
  readonly thicknessMatched: boolean;
  /**
   * Whether the chosen series matches the `kernel` preference; true when none was given.
   */
  readonly kernelMatched: boolean;
}

/** Values exports write into Contrast/Bolus Agent for a plain scan. */
const NO_CONTRAST = /^\s*(none|no|n\/?a|-+|0)?\s*$/i;

/** Whether a series names a contrast agent (`NONE`, `NO`, `N/A`, `-` do not count). */
function hasContrast(s: SeriesSummary): boolean {
  return s.contrastBolusAgent !== undefined && !NO_CONTRAST.test(s.contrastBolusAgent);
}

function thicknessOf(s: SeriesSummary): number | undefined {
  return s.sliceThicknessMm ?? s.sliceSpacingMm;
}

/**
 * Picks one series per study the way the method did: the thin (1 mm) axial CT
 * reconstruction.
 *
 * The rule, applied per study (patient ID + Study Instance UID):
 * 1. Keep series of the wanted modality (CT) with at least two slices.
 * 2. Keep those whose Slice Thickness (or, when absent, measured slice spacing) is within
 *    `toleranceMm` of `sliceThicknessMm`. When none is, the study is left out, unless
 *    `fallbackToNearest` is set: then the series of nearest thickness are kept.
 * 3. Among those, prefer in turn: a kernel or description that matches `kernel` (when
 *    given), no contrast agent (with `preferWithoutContrast`), not tilted, no gaps, no
 *    duplicates, more slices, the lower Series Number, then the lower Series Instance UID
 *    (so the choice is deterministic).
 *
 * @param summaries - series from `scanFolder`
 * @param options - wanted thickness and tolerance, modality, fallback, kernel and
 *   contrast preferences
 * @returns one selection per study that has a qualifying series, in input order of
 *   studies
 * @throws DicomError `DICOM_INVALID_ARGUMENT` for a non-positive thickness or negative
 *   tolerance
 */
export function selectSeries(
  summaries: readonly SeriesSummary[],
  options: SelectSeriesOptions = {},
): SeriesSelection[] {
  const wanted = options.sliceThicknessMm ?? 1;
  const tolerance = options.toleranceMm ?? 0.25;
  const modality = options.modality ?? 'CT';
  if (!(wanted > 0) || !(tolerance >= 0)) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      `sliceThicknessMm (${wanted}) must be positive and toleranceMm (${tolerance}) at least 0.`,
    );
  }

  const studies = new Map<string, SeriesSummary[]>();
  for (const s of summaries) {
    const key = `${s.patientId ?? ''}\u0000${s.studyInstanceUid ?? ''}`;
    const list = studies.get(key);
    if (list === undefined) studies.set(key, [s]);
    else list.push(s);
  }

  const kernel = options.kernel;
  const pattern =
    kernel === undefined
      ? undefined
      : typeof kernel === 'string'
        ? new RegExp(kernel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')
        : // Without the g and y flags, test() keeps no state between series.
          new RegExp(kernel.source, kernel.flags.replace(/[gy]/g, ''));
  /** 0 for a series the kernel preference wants (or when there is none), 1 otherwise. */
  const kernelRank = (s: SeriesSummary) =>
    pattern === undefined ||
    [s.convolutionKernel, s.seriesDescription].some(
      (value) => value !== undefined && pattern.test(value),
    )
      ? 0
      : 1;
  const contrastRank = (s: SeriesSummary) =>
    options.preferWithoutContrast === true && hasContrast(s) ? 1 : 0;

  const selections: SeriesSelection[] = [];
  for (const group of studies.values()) {
    const candidates = group.filter(
      (s) =>
        s.modality === modality && s.slices.length >= 2 && thicknessOf(s) !== undefined,
    );
    if (candidates.length === 0) continue;
    const distance = (s: SeriesSummary) => Math.abs(thicknessOf(s)! - wanted);
    let pool = candidates.filter((s) => distance(s) <= tolerance);
    const matched = pool.length > 0;
    if (!matched) {
      if (options.fallbackToNearest !== true) continue;
      const nearest = Math.min(...candidates.map(distance));
      pool = candidates.filter((s) => distance(s) === nearest);
    }
    pool.sort(
      (a, b) =>
        kernelRank(a) - kernelRank(b) ||
        contrastRank(a) - contrastRank(b) ||
        Number(a.tilted) - Number(b.tilted) ||
        Number(a.gaps.length > 0) - Number(b.gaps.length > 0) ||
        Number(a.duplicates.length > 0) - Number(b.duplicates.length > 0) ||
        b.slices.length - a.slices.length ||
        (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) ||
        (a.seriesInstanceUid < b.seriesInstanceUid ? -1 : 1),
    );
    const chosen = pool[0];
    selections.push({
      studyInstanceUid: chosen.studyInstanceUid,
      patientId: chosen.patientId,
      series: chosen,
      thicknessMatched: matched,
      kernelMatched: kernelRank(chosen) === 0,
    });
  }
  return selections;
}
