/**
 * Which backbone weights an example runs with: Keras's ImageNet file when it is in the cache,
 * otherwise seeded random weights, and a sentence that says so plainly.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { backboneSpecs, type BackboneName } from '@calvaria/features';

/** The weights to ask `createBackbone` for, and where ImageNet's file was looked for. */
export interface WeightsChoice {
  /** `'imagenet'`, `'random'`, or the path the user gave. */
  readonly weights: string;
  /** Where Keras's ImageNet file for this backbone is expected. */
  readonly imagenetPath: string;
}

/**
 * Resolves `auto`: ImageNet when the file is cached (no download is tried), else random.
 * @param backbone - The backbone.
 * @param requested - `'auto'`, `'imagenet'`, `'random'` or a path.
 * @param cacheDir - calvaria's cache folder.
 * @returns The weights to load and the expected ImageNet path.
 */
export function chooseWeights(
  backbone: BackboneName,
  requested: string,
  cacheDir: string,
): WeightsChoice {
  const imagenetPath = join(
    cacheDir,
    'keras-applications',
    backboneSpecs[backbone].imagenetFile,
  );
  const weights =
    requested === 'auto' ? (existsSync(imagenetPath) ? 'imagenet' : 'random') : requested;
  return { weights, imagenetPath };
}

/**
 * The warning to show when the weights are not ImageNet's.
 * @param backbone - The backbone.
 * @param kind - The weights' kind, as the backbone reports it.
 * @param imagenetPath - Where ImageNet's file was expected.
 * @returns The sentence, or undefined for ImageNet weights.
 */
export function weightsWarning(
  backbone: BackboneName,
  kind: string,
  imagenetPath: string,
): string | undefined {
  if (kind === 'imagenet') return undefined;
  // The home folder is written as ~, so that a shared report does not carry the user's name.
  const home = homedir();
  const shown = imagenetPath.startsWith(home + sep)
    ? '~' + imagenetPath.slice(home.length)
    : imagenetPath;
  return (
    `${backbone} runs with ${kind} weights, not ImageNet (${shown} is not there). ` +
    "The figures show the pipeline working, not the method's accuracy; place Keras's " +
    'file there to reproduce the method (docs/features.md).'
  );
}
