import { ClassifierError } from './classifier-error.js';
import type { Label } from './label-encoder.js';

/**
 * imbalanced-learn's `sampling_strategy`: a named rule, a float (two classes only: the
 * desired minority/majority ratio after resampling), or the desired count per class.
 */
export type SamplingStrategy =
  | 'auto'
  | 'minority'
  | 'majority'
  | 'not minority'
  | 'not majority'
  | 'all'
  | number
  | Map<Label, number>
  | Record<string, number>;

/** Whether a strategy is resolved for over-sampling or under-sampling. */
export type SamplingKind = 'over' | 'under';

/**
 * Resolves a sampling strategy to a count per class, with imbalanced-learn 0.10's
 * `check_sampling_strategy` semantics: for over-sampling, how many rows to add to each
 * class; for under-sampling, how many rows each listed class keeps. `'auto'` means `'not
 * majority'` for over-sampling and `'not minority'` for under-sampling; the majority
 * (minority) class is the first, in sorted label order, with the largest (smallest)
 * count.
 * @param classes - sorted class labels
 * @param counts - rows per class, same order
 * @param strategy - the strategy
 * @param kind - over- or under-sampling
 * @returns class index to count, in class order
 * @throws ClassifierError `INVALID_PARAMETER` for a rule that does not apply (e.g.
 *   `'majority'` when over-sampling), a float with more than two classes, or counts going
 *   the wrong way
 */
export function resolveSamplingStrategy(
  classes: Label[],
  counts: number[],
  strategy: SamplingStrategy,
  kind: SamplingKind,
): Map<number, number> {
  const K = classes.length;
  let majority = 0;
  let minority = 0;
  for (let k = 1; k < K; k++) {
    if (counts[k] > counts[majority]) majority = k;
    if (counts[k] < counts[minority]) minority = k;
  }
  const nMaj = counts[majority];
  const nMin = counts[minority];
  const out = new Map<number, number>();
  const fail = (message: string): never => {
    throw new ClassifierError('INVALID_PARAMETER', message);
  };

  if (typeof strategy === 'string') {
    const rule =
      strategy === 'auto'
        ? kind === 'over'
          ? 'not majority'
          : 'not minority'
        : strategy;
    if (kind === 'over' && rule === 'majority') {
      fail("samplingStrategy 'majority' cannot be used with an over-sampler.");
    }
    if (kind === 'under' && rule === 'minority') {
      fail("samplingStrategy 'minority' cannot be used with an under-sampler.");
    }
    const include = (k: number): boolean => {
      switch (rule) {
        case 'minority':
          return k === minority;
        case 'majority':
          return k === majority;
        case 'not minority':
          return k !== minority;
        case 'not majority':
          return k !== majority;
        case 'all':
          return true;
        default:
          return fail(
            `samplingStrategy '${strategy}' is unknown; use 'auto', 'minority', 'majority', 'not minority', 'not majority', 'all', a ratio or a count per class.`,
          );
      }
    };
    for (let k = 0; k < K; k++) {
      if (include(k)) out.set(k, kind === 'over' ? nMaj - counts[k] : nMin);
    }
    return out;
  }

  if (typeof strategy === 'number') {
    if (K !== 2) {
      fail(`A ratio samplingStrategy (${strategy}) needs exactly two classes; got ${K}.`);
    }
    if (!(strategy > 0 && strategy <= 1)) {
      fail(`A ratio samplingStrategy must be in (0, 1]; got ${strategy}.`);
    }
    for (let k = 0; k < K; k++) {
      if (kind === 'over' && k !== majority) {
        const add = Math.trunc(nMaj * strategy - counts[k]);
        if (add < 0) {
          fail(
            `Ratio ${strategy} would remove rows from class ${String(classes[k])} while over-sampling; use a larger ratio.`,
          );
        }
        out.set(k, add);
      }
      if (kind === 'under' && k !== minority) {
        const keep = Math.trunc(nMin / strategy);
        if (keep > counts[k]) {
          fail(
            `Ratio ${strategy} would add rows to class ${String(classes[k])} while under-sampling; use a smaller ratio.`,
          );
        }
        out.set(k, keep);
      }
    }
    return out;
  }

  const entries: [Label, number][] =
    strategy instanceof Map ? [...strategy.entries()] : Object.entries(strategy);
  for (const [label, wanted] of entries) {
    let k = classes.indexOf(label);
    if (k < 0 && typeof label === 'string')
      k = classes.findIndex((c) => String(c) === label);
    if (k < 0) fail(`samplingStrategy names class ${String(label)}, which is not in y.`);
    if (!(Number.isInteger(wanted) && wanted >= 0)) {
      fail(
        `samplingStrategy asks for ${wanted} rows of class ${String(label)}; use a non-negative integer.`,
      );
    }
    if (kind === 'over') {
      if (wanted < counts[k]) {
        fail(
          `Over-sampling cannot reduce class ${String(label)} from ${counts[k]} to ${wanted} rows.`,
        );
      }
      out.set(k, wanted - counts[k]);
    } else {
      if (wanted > counts[k]) {
        fail(
          `Under-sampling cannot grow class ${String(label)} from ${counts[k]} to ${wanted} rows.`,
        );
      }
      out.set(k, wanted);
    }
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}
