import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCohort, generateSlice } from '@calvaria/phantom';

/** SHA-256 over every file of a cohort folder, in sorted path order (path, then bytes). */
function folderHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (name.endsWith('.dcm') || name.endsWith('.csv') || name.endsWith('.json')) {
        hash.update(path);
        hash.update(readFileSync(join(dir, path)));
      } else walk(path);
    }
  };
  walk('');
  return hash.digest('hex');
}

/**
 * Hash of `generateCohort({ patients: 2, slicesPerSeries: 3, seed: 'determinism', width: 64,
 * height: 64 })`, recorded when the generator was written (Node 20, x86-64). The phantom uses
 * only IEEE-754 basic arithmetic, its own seeded generator and its own trigonometry, so any
 * machine and engine must produce these bytes; a change here means every cohort changed.
 */
const GOLDEN_SHA256 = '52c52c7e6034b6dc85a39622319f1dfe754079cfca9b929462e222e9e3bcd118';

describe('determinism', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'phantom-det-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const options = {
    patients: 2,
    slicesPerSeries: 3,
    seed: 'determinism',
    width: 64,
    height: 64,
  };

  it('writes byte-identical cohorts for the same seed, equal to the recorded hash', async () => {
    const a = fresh();
    const b = fresh();
    await generateCohort({ ...options, outDir: a, workers: 0 });
    await generateCohort({ ...options, outDir: b, workers: 0 });
    expect(folderHash(a)).toBe(folderHash(b));
    expect(folderHash(a)).toBe(GOLDEN_SHA256);
  });

  it('writes a different cohort for another seed', async () => {
    const a = fresh();
    await generateCohort({ ...options, seed: 'other', outDir: a, workers: 0 });
    expect(folderHash(a)).not.toBe(GOLDEN_SHA256);
  });

  const built = existsSync(new URL('../dist/cohort-worker.js', import.meta.url));
  it.runIf(built)(
    'writes the same bytes with worker threads (needs the built dist/)',
    async () => {
      const a = fresh();
      await generateCohort({ ...options, outDir: a, workers: 2 });
      expect(folderHash(a)).toBe(GOLDEN_SHA256);
    },
  );

  it('gives the same in-memory slice twice and different slices for different seeds', () => {
    const a = generateSlice({ seed: 5, label: 'linear', width: 64, height: 64 });
    const b = generateSlice({ seed: 5, label: 'linear', width: 64, height: 64 });
    const c = generateSlice({ seed: 6, label: 'linear', width: 64, height: 64 });
    expect(Array.from(a.image.pixels)).toEqual(Array.from(b.image.pixels));
    expect(Array.from(a.image.pixels)).not.toEqual(Array.from(c.image.pixels));
  });
});
