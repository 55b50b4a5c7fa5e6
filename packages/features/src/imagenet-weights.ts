import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackboneName } from './backbone.js';
import { backboneSpecs } from './backbone-specs.js';
import { FeaturesError } from './errors.js';

/** Options for {@link imagenetWeightsFile}. */
export interface ImagenetWeightsOptions {
  /**
   * The cache folder; default `CALVARIA_CACHE`, else the user's cache directory +
   * `calvaria`.
   */
  readonly cacheDir?: string;
  /** The fetch to download with (for tests and proxies); default the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * The cache folder calvaria keeps downloaded files in: `CALVARIA_CACHE` when set, else
 * `$XDG_CACHE_HOME/calvaria` or `~/.cache/calvaria` (Linux), `~/Library/Caches/calvaria`
 * (macOS), `%LOCALAPPDATA%\calvaria` (Windows).
 *
 * @returns The folder path (it may not exist yet).
 */
export function defaultCacheDir(): string {
  const configured = process.env.CALVARIA_CACHE;
  if (configured !== undefined && configured !== '') return configured;
  const home = os.homedir();
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Caches', 'calvaria');
  if (process.platform === 'win32') {
    return path.join(
      process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'),
      'calvaria',
    );
  }
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'calvaria');
}

async function md5OfFile(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds, or downloads once, the Keras Applications ImageNet weights (`*_notop.h5`) of a
 * backbone and checks them against the MD5 hash Keras publishes.
 *
 * @param name - The backbone.
 * @param options - Cache folder and fetch.
 * @returns The path of the checked file in the cache.
 * @throws {FeaturesError} `FEATURES_WEIGHTS_UNAVAILABLE` when the file is not cached and
 *   cannot be downloaded (the message says which file to place where);
 *   `FEATURES_WEIGHTS_HASH_MISMATCH` when the file's hash is not Keras's.
 */
export async function imagenetWeightsFile(
  name: BackboneName,
  options: ImagenetWeightsOptions = {},
): Promise<string> {
  const spec = backboneSpecs[name];
  const folder = path.join(options.cacheDir ?? defaultCacheDir(), 'keras-applications');
  const file = path.join(folder, spec.imagenetFile);

  if (!(await exists(file))) {
    const fetchFn = options.fetch ?? globalThis.fetch;
    let bytes: Uint8Array;
    try {
      const response = await fetchFn(spec.imagenetUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new FeaturesError(
        'FEATURES_WEIGHTS_UNAVAILABLE',
        `The ImageNet weights for ${name} are not cached and could not be downloaded from ` +
          `${spec.imagenetUrl}. Without network, download that file elsewhere and place it ` +
          `at ${file} (or set CALVARIA_CACHE to the folder above 'keras-applications').`,
        { cause: error },
      );
    }
    await mkdir(folder, { recursive: true });
    const partial = `${file}.${process.pid}.part`;
    await writeFile(partial, bytes);
    await rename(partial, file);
  }

  const md5 = await md5OfFile(file);
  if (md5 !== spec.imagenetMd5) {
    throw new FeaturesError(
      'FEATURES_WEIGHTS_HASH_MISMATCH',
      `The file ${file} has MD5 ${md5} but Keras publishes ${spec.imagenetMd5} for ` +
        `${spec.imagenetFile}; delete it and download it again from ${spec.imagenetUrl}.`,
    );
  }
  return file;
}
