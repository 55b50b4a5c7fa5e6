import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeatureSet } from './extract-features.js';
import { FeaturesError } from './errors.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { imagenetMeanBgr } from './input-preprocessing.js';

/** Options for {@link saveFeatures}. */
export interface SaveFeaturesOptions {
  /** One id per row (per slice), e.g. `series/instance`. */
  readonly rowIds: readonly string[];
  /** How the images were made before the backbone (the `@calvaria/preprocess` settings),
   *  stored as given; must be JSON-serialisable. */
  readonly pipeline?: unknown;
}

/** A feature file read back by {@link loadFeatures}. */
export interface LoadedFeatures extends FeatureSet {
  /** One id per row. */
  readonly rowIds: string[];
  /** The pipeline description stored with the file, if any. */
  readonly pipeline: unknown;
}

/** The JSON sidecar written next to a feature `.npy` file. */
interface Sidecar {
  format: 'calvaria-features';
  version: 1;
  npy: string;
  rows: number;
  columns: number;
  dtype: 'float32';
  backbone: FeatureSet['backbone'];
  pooling: FeatureSet['pooling'];
  inputShape: FeatureSet['inputShape'];
  weights: FeatureSet['weights'];
  engine: FeatureSet['engine'];
  preprocessing: {
    input: FeatureSet['preprocessing'];
    description: string;
    pipeline: unknown;
  };
  rowIds: string[];
}

function sidecarPath(npyPath: string): string {
  return npyPath.replace(/\.npy$/i, '') + '.json';
}

function describeInput(mode: FeatureSet['preprocessing']): string {
  return mode === 'caffe'
    ? `Keras 'caffe': [0,1] x 255, RGB to BGR, minus BGR means ${imagenetMeanBgr.join(', ')}`
    : `Keras 'tf': [0,1] x 255 / 127.5 - 1, i.e. [-1, 1]`;
}

/**
 * Writes a feature matrix as a NumPy `.npy` file (`np.load` reads it) and a JSON sidecar
 * (same name, `.json`) holding the backbone, its weights and their hash, the
 * preprocessing pipeline and one row id per slice.
 *
 * @param npyPath - The `.npy` path; the sidecar goes next to it.
 * @param set - The features, as {@link extractFeatures} returns them.
 * @param options - Row ids and the upstream pipeline description.
 * @returns The paths written.
 * @throws {FeaturesError} `FEATURES_INVALID_ARGUMENT` when the row ids do not match the
 *   rows.
 */
export async function saveFeatures(
  npyPath: string,
  set: FeatureSet,
  options: SaveFeaturesOptions,
): Promise<{ npy: string; sidecar: string }> {
  if (options.rowIds.length !== set.rows) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `rowIds has ${options.rowIds.length} ids but the features have ${set.rows} rows; give one id per row.`,
    );
  }

  const sidecar: Sidecar = {
    format: 'calvaria-features',
    version: 1,
    npy: path.basename(npyPath),
    rows: set.rows,
    columns: set.columns,
    dtype: 'float32',
    backbone: set.backbone,
    pooling: set.pooling,
    inputShape: set.inputShape,
    weights: set.weights,
    engine: set.engine,
    preprocessing: {
      input: set.preprocessing,
      description: describeInput(set.preprocessing),
      pipeline: options.pipeline ?? null,
    },
    rowIds: [...options.rowIds],
  };

  const jsonPath = sidecarPath(npyPath);
  await mkdir(path.dirname(npyPath), { recursive: true });
  await writeFile(npyPath, encodeNpy(set.features, set.rows, set.columns));
  await writeFile(jsonPath, JSON.stringify(sidecar, null, 2) + '\n');
  return { npy: npyPath, sidecar: jsonPath };
}

/**
 * Reads a feature matrix written by {@link saveFeatures}, with its sidecar.
 *
 * @param npyPath - The `.npy` path.
 * @returns The features, row ids and provenance.
 * @throws {FeaturesError} `FEATURES_FILE_FORMAT` when either file is missing or does not
 *   match the other.
 */
export async function loadFeatures(npyPath: string): Promise<LoadedFeatures> {
  let bytes: Uint8Array;
  let sidecar: Sidecar;
  try {
    bytes = new Uint8Array(await readFile(npyPath));
    sidecar = JSON.parse(await readFile(sidecarPath(npyPath), 'utf8')) as Sidecar;
  } catch (error) {
    throw new FeaturesError(
      'FEATURES_FILE_FORMAT',
      `Could not read ${npyPath} and its sidecar ${sidecarPath(npyPath)}; both files are needed.`,
      { cause: error },
    );
  }
  const { values, rows, columns } = decodeNpy(bytes);
  if (
    sidecar.format !== 'calvaria-features' ||
    rows !== sidecar.rows ||
    columns !== sidecar.columns ||
    sidecar.rowIds.length !== rows
  ) {
    throw new FeaturesError(
      'FEATURES_FILE_FORMAT',
      `${npyPath} holds ${rows}x${columns} values but its sidecar describes ` +
        `${sidecar.rows}x${sidecar.columns} with ${sidecar.rowIds?.length} row ids; the files do not belong together.`,
    );
  }
  return {
    features: values,
    rows,
    columns,
    backbone: sidecar.backbone,
    pooling: sidecar.pooling,
    inputShape: sidecar.inputShape,
    weights: sidecar.weights,
    preprocessing: sidecar.preprocessing.input,
    engine: sidecar.engine,
    rowIds: sidecar.rowIds,
    pipeline: sidecar.preprocessing.pipeline,
  };
}
