import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeNpy,
  encodeNpy,
  loadFeatures,
  saveFeatures,
  type FeatureSet,
} from '@calvaria/features';

const scratch = mkdtempSync(path.join(tmpdir(), 'calvaria-npy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The values tools/golden/features-npy.py saves with numpy.save. */
const numpyValues = [0.5, -1, 3.25, 0.001, 2, -7];

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

describe('.npy encoding', () => {
  it('writes a float32 matrix byte for byte as numpy.save does', () => {
    const ours = encodeNpy(Float32Array.from(numpyValues), 2, 3);
    expect(Buffer.from(ours).equals(Buffer.from(fixture('numpy-float32-2x3.npy')))).toBe(
      true,
    );
  });

  it('reads float32 and float64 files written by NumPy', () => {
    for (const name of ['numpy-float32-2x3.npy', 'numpy-float64-2x3.npy']) {
      const { values, rows, columns } = decodeNpy(fixture(name));
      expect([rows, columns]).toEqual([2, 3]);
      expect(Array.from(values)).toEqual(numpyValues.map(Math.fround));
    }
  });

  it('rejects a file that is not a NumPy array', () => {
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toThrow(
      expect.objectContaining({ code: 'FEATURES_FILE_FORMAT' }),
    );
  });
});

describe('saveFeatures and loadFeatures', () => {
  const set: FeatureSet = {
    features: Float32Array.from({ length: 3 * 4 }, (_, i) => i / 3),
    rows: 3,
    columns: 4,
    backbone: 'resnet50',
    pooling: 'avg',
    inputShape: [224, 224, 3],
    weights: { kind: 'random', source: 'seeded', seed: 2, sha256: 'ab'.repeat(32) },
    preprocessing: 'caffe',
    engine: 'tfjs-wasm',
  };
  const pipeline = { windows: [{ centerHu: 40, widthHu: 80 }], sizePx: 224 };

  it('round-trips the matrix, its provenance and one id per row', async () => {
    const file = path.join(scratch, 'run', 'features.npy');
    const written = await saveFeatures(file, set, {
      rowIds: ['a/1', 'a/2', 'b/1'],
      pipeline,
    });
    expect(written.sidecar).toBe(path.join(scratch, 'run', 'features.json'));

    const loaded = await loadFeatures(file);
    expect(Array.from(loaded.features)).toEqual(Array.from(set.features));
    expect(loaded).toMatchObject({
      rows: 3,
      columns: 4,
      backbone: 'resnet50',
      weights: set.weights,
      preprocessing: 'caffe',
      engine: 'tfjs-wasm',
      rowIds: ['a/1', 'a/2', 'b/1'],
      pipeline,
    });
    const sidecar = JSON.parse(readFileSync(written.sidecar, 'utf8'));
    expect(sidecar.preprocessing.description).toMatch(/RGB to BGR/);
  });

  it('requires one row id per row', async () => {
    await expect(
      saveFeatures(path.join(scratch, 'x.npy'), set, { rowIds: ['only-one'] }),
    ).rejects.toMatchObject({ code: 'FEATURES_INVALID_ARGUMENT' });
  });

  it('refuses a missing sidecar', async () => {
    const file = path.join(scratch, 'lonely.npy');
    writeFileSync(file, encodeNpy(set.features, 3, 4));
    await expect(loadFeatures(file)).rejects.toMatchObject({
      code: 'FEATURES_FILE_FORMAT',
    });
  });
});
