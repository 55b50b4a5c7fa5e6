import { ClassifierError } from './classifier-error.js';
import type { SerializedModel } from './classifier.js';

/** Current schema version written by every model's `toJSON`. */
export const MODEL_FORMAT_VERSION = 1;

/**
 * Checks a parsed model object's envelope and returns it typed.
 * @param json - a parsed object or a JSON string
 * @param model - the expected model kind
 * @returns the object
 * @throws ClassifierError `CORRUPT_MODEL` when the envelope does not match
 */
export function readEnvelope(json: unknown, model: string): Record<string, unknown> {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw new ClassifierError(
        'CORRUPT_MODEL',
        `The ${model} model text is not valid JSON; re-export it with toJSON().`,
        { cause },
      );
    }
  }
  const o = value as Partial<SerializedModel> | null;
  if (o === null || typeof o !== 'object' || o.format !== 'calvaria.classifiers') {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `Expected a calvaria.classifiers model object; got ${describe(value)}.`,
    );
  }
  if (o.model !== model) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `The model file holds a ${String(o.model)}, not a ${model}; load it with ${String(o.model)}.fromJSON.`,
    );
  }
  if (o.version !== MODEL_FORMAT_VERSION) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `Model format version ${String(o.version)} is not supported (this build reads ${MODEL_FORMAT_VERSION}).`,
    );
  }
  return o as Record<string, unknown>;
}

/**
 * Reads a numeric array field, checking its type and optionally its length.
 * @param o - model object
 * @param key - field name
 * @param length - required length, if known
 * @returns the numbers
 * @throws ClassifierError `CORRUPT_MODEL` when missing or malformed
 */
export function readNumbers(
  o: Record<string, unknown>,
  key: string,
  length?: number,
): number[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `Model field "${key}" must be an array of finite numbers; the file is damaged.`,
    );
  }
  if (length !== undefined && v.length !== length) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `Model field "${key}" has ${v.length} entries, expected ${length}; the file is damaged.`,
    );
  }
  return v as number[];
}

/**
 * Reads a finite number field.
 * @param o - model object
 * @param key - field name
 * @returns the number
 * @throws ClassifierError `CORRUPT_MODEL` when missing or not finite
 */
export function readNumber(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      `Model field "${key}" must be a finite number; got ${describe(v)}.`,
    );
  }
  return v;
}

/**
 * Reads the class list.
 * @param o - model object
 * @returns labels
 * @throws ClassifierError `CORRUPT_MODEL` when missing or with fewer than two classes
 */
export function readClasses(o: Record<string, unknown>): (number | string)[] {
  const v = o['classes'];
  if (
    !Array.isArray(v) ||
    v.length < 2 ||
    v.some((x) => typeof x !== 'number' && typeof x !== 'string')
  ) {
    throw new ClassifierError(
      'CORRUPT_MODEL',
      'Model field "classes" must list at least two labels; the file is damaged.',
    );
  }
  return v as (number | string)[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
