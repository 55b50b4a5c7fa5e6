/**
 * The three slice labels of the method: a linear fracture, a depressed fracture, or no
 * fracture on the slice.
 */
export type FractureClass = 'linear' | 'depressed' | 'none';

/** The labels in their canonical order (the order of class indices in calvaria). */
export const FRACTURE_CLASSES: readonly FractureClass[] = Object.freeze([
  'depressed',
  'linear',
  'none',
]);

/** Human-readable names of the labels, as the method's paper writes them. */
export const FRACTURE_CLASS_NAMES: Readonly<Record<FractureClass, string>> =
  Object.freeze({
    depressed: 'depressed fracture',
    linear: 'linear fracture',
    none: 'not fractured',
  });

/** Wanted share of slices per label; the three shares are normalised to sum to 1. */
export interface ClassMix {
  /** Share of slices that show a linear fracture. */
  readonly linear: number;
  /** Share of slices that show a depressed fracture. */
  readonly depressed: number;
  /** Share of slices without a fracture. */
  readonly none: number;
}

/**
 * The method's class mix, as a share of slices: 39% linear, 21% depressed, 40% not
 * fractured.
 */
export const DEFAULT_CLASS_MIX: ClassMix = Object.freeze({
  linear: 0.39,
  depressed: 0.21,
  none: 0.4,
});
