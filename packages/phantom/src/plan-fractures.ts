import type { ClassMix, FractureClass } from './fracture-class.js';
import { PhantomError } from './phantom-error.js';
import { createPrng } from './prng.js';

/** Which fracture a patient has, and the run of slices it covers. */
export interface FracturePlan {
  /** The fracture class of the run (`none`: the patient has no fracture). */
  readonly kind: FractureClass;
  /** First slice index of the run (meaningless for `none`). */
  readonly first: number;
  /** Last slice index of the run (meaningless for `none`). */
  readonly last: number;
}

/** Shortest run of fractured slices, when the series is long enough. */
const MIN_RUN = 3;
/** Typical share of a fractured patient's series that the fracture covers. */
const TYPICAL_RUN_SHARE = 0.75;

/**
 * Normalises a class mix so that its shares sum to 1.
 *
 * @param mix - the wanted shares
 * @returns the normalised shares
 * @throws PhantomError `PHANTOM_INVALID_ARGUMENT` when a share is negative or not finite,
 *   or all are zero
 */
export function normaliseClassMix(mix: ClassMix): ClassMix {
  const values = [mix.linear, mix.depressed, mix.none];
  if (values.some((v) => !Number.isFinite(v) || v < 0) || values.every((v) => v === 0)) {
    throw new PhantomError(
      'PHANTOM_INVALID_ARGUMENT',
      `classMix must hold finite non-negative shares, not all zero; got ` +
        `${JSON.stringify(mix)}. Use e.g. { linear: 0.39, depressed: 0.21, none: 0.4 }.`,
    );
  }
  const sum = values[0] + values[1] + values[2];
  return {
    linear: mix.linear / sum,
    depressed: mix.depressed / sum,
    none: mix.none / sum,
  };
}

function splitRuns(
  total: number,
  count: number,
  maxRun: number,
  minRun: number,
  weights: number[],
): number[] {
  const wSum = weights.reduce((a, b) => a + b, 0);
  const runs = weights.map((w) =>
    Math.min(maxRun, Math.max(minRun, Math.floor((total * w) / wSum))),
  );
  let diff = total - runs.reduce((a, b) => a + b, 0);
  for (let pass = 0; diff !== 0 && pass < 4 * maxRun * count; pass++) {
    const i = pass % count;
    if (diff > 0 && runs[i] < maxRun) {
      runs[i]++;
      diff--;
    } else if (diff < 0 && runs[i] > minRun) {
      runs[i]--;
      diff++;
    }
  }
  return runs;
}

/**
 * Decides which patients of a cohort have a linear or a depressed fracture and on which
 * contiguous slices, so that the shares of slices per label match the mix as closely as
 * whole runs allow (exactly, whenever every fractured patient can hold a run of 3 or more
 * slices and the targets fit in the fractured patients' series). Each patient has at most
 * one fracture; runs cover about three quarters of a series on average, varying between
 * patients.
 *
 * @param patients - number of patients
 * @param slicesPerSeries - slices per patient
 * @param mix - wanted share of slices per label
 * @param seed - cohort seed
 * @returns one plan per patient, in patient order
 */
export function planFractures(
  patients: number,
  slicesPerSeries: number,
  mix: ClassMix,
  seed: number | string,
): FracturePlan[] {
  const shares = normaliseClassMix(mix);
  const rng = createPrng(seed, 'plan');
  const total = patients * slicesPerSeries;
  const minRun = Math.min(MIN_RUN, slicesPerSeries);
  const target = {
    linear: Math.round(shares.linear * total),
    depressed: Math.round(shares.depressed * total),
  };
  const patientsFor = (slices: number): number => {
    if (slices === 0) return 0;
    const wanted = Math.round(slices / (TYPICAL_RUN_SHARE * slicesPerSeries));
    return Math.max(1, Math.min(wanted, Math.floor(slices / minRun)));
  };
  let nLinear = Math.min(patients, patientsFor(target.linear));
  let nDepressed = Math.min(patients - nLinear, patientsFor(target.depressed));
  if (target.depressed > 0 && nDepressed === 0 && nLinear > 1) {
    nLinear--;
    nDepressed = 1;
  }
  target.linear = Math.min(target.linear, nLinear * slicesPerSeries);
  target.depressed = Math.min(target.depressed, nDepressed * slicesPerSeries);

  const order = Array.from({ length: patients }, (_, i) => i);
  for (let i = patients - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const plans: FracturePlan[] = Array.from({ length: patients }, () => ({
    kind: 'none' as FractureClass,
    first: 0,
    last: -1,
  }));
  const assign = (kind: FractureClass, ids: number[], slices: number): void => {
    if (ids.length === 0) return;
    const weights = ids.map(() => rng.uniform(0.6, 1.4));
    const runs = splitRuns(slices, ids.length, slicesPerSeries, minRun, weights);
    ids.forEach((id, k) => {
      const first = rng.integer(0, slicesPerSeries - runs[k]);
      plans[id] = { kind, first, last: first + runs[k] - 1 };
    });
  };
  assign('linear', order.slice(0, nLinear), target.linear);
  assign('depressed', order.slice(nLinear, nLinear + nDepressed), target.depressed);
  return plans;
}
