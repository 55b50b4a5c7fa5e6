import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  createPipeline,
  cropToHead,
  DEFAULT_STEPS,
  pipelineFromJson,
  preprocessMany,
  PreprocessError,
  rotateImage,
  type PipelineStep,
} from '@calvaria/preprocess';
import { loadHead, slice } from './fixtures.js';

// A quarter-resolution copy of the real head CT keeps the pipeline tests quick.
const small = slice(loadHead(), 0, 512, 0, 512, 2);
const head: Image2D = { ...small, rowSpacingMm: 0.862, columnSpacingMm: 0.862 };

const steps: PipelineStep[] = [
  { op: 'estimateNoise' },
  { op: 'denoise', options: { method: 'median', radiusMm: 0.9 } },
  { op: 'correctTilt' },
  { op: 'cropToHead', marginMm: 3 },
  { op: 'padToSquare', fillHu: -1000 },
  { op: 'resize', width: 64, height: 64, method: 'area' },
  { op: 'toChannels', spec: { kind: 'windows', windows: ['brain', 'subdural', 'bone'] } },
];

describe('createPipeline', () => {
  it('runs every step and records what each found', () => {
    const result = createPipeline(steps).run(rotateImage(head, { angleDeg: 10 }));
    expect(result.records.map((r) => r.op)).toEqual(steps.map((s) => s.op));
    const [noise, , tilt, crop, pad, size, channels] = result.records;
    expect(noise.sigmaHu).toBeGreaterThan(0);
    expect(tilt.tiltDeg).toBeGreaterThan(8);
    expect(tilt.tiltDeg).toBeLessThan(12);
    expect(crop.box).toBeDefined();
    expect(crop.width).toBe(crop.box!.x1 - crop.box!.x0);
    expect(pad.width).toBe(pad.height);
    expect([size.width, size.height]).toEqual([64, 64]);
    expect(channels.width).toBe(64);
    expect(result.channels?.channels).toBe(3);
    expect(result.channels?.data.length).toBe(64 * 64 * 3);
    expect([result.image.width, result.image.height]).toEqual([64, 64]);
  });

  it('round-trips through JSON and replays to the same output', () => {
    const pipeline = createPipeline(steps);
    const json = JSON.stringify(pipeline);
    const replayed = pipelineFromJson(json);
    expect(replayed.steps).toEqual(pipeline.steps);
    expect(JSON.stringify(replayed)).toBe(json);
    const a = pipeline.run(head);
    const b = replayed.run(head);
    expect(b.channels?.data).toEqual(a.channels?.data);
    expect(b.records.map(({ elapsedMs: _, ...r }) => r)).toEqual(
      a.records.map(({ elapsedMs: _, ...r }) => r),
    );
  });

  it('does not change the input image', () => {
    const copy = head.pixels.slice();
    createPipeline(steps).run(head);
    expect(head.pixels).toEqual(copy);
  });

  it('applies the geometric steps of the centre slice to its neighbours', () => {
    const pipeline = createPipeline([
      { op: 'correctTilt' },
      { op: 'cropToHead' },
      { op: 'padToSquare' },
      { op: 'resize', width: 32, height: 32 },
      { op: 'toChannels', spec: { kind: 'slices', window: 'bone' } },
    ]);
    const out = pipeline.run(head, { previous: head, next: head });
    // With the slice itself as both neighbours, the three channels are equal.
    const d = out.channels!.data;
    for (let i = 0; i < d.length; i += 3) {
      expect(d[i]).toBe(d[i + 1]);
      expect(d[i + 2]).toBe(d[i + 1]);
    }
  });

  it('crops and masks in a cropToHead step exactly as the cropToHead function does', () => {
    const same = (a: Image2D, b: Image2D): boolean =>
      a.width === b.width &&
      a.height === b.height &&
      a.rowSpacingMm === b.rowSpacingMm &&
      a.columnSpacingMm === b.columnSpacingMm &&
      a.pixels.every((v, i) => v === b.pixels[i]);
    const masked = createPipeline([{ op: 'cropToHead', marginMm: 3 }]).run(head).image;
    expect(same(masked, cropToHead(head, { marginMm: 3 }))).toBe(true);
    // The slice has head-rest pixels inside the box (docs/preprocess.md); unmasked, they stay.
    const kept = createPipeline([{ op: 'cropToHead', maskOutside: false }]).run(
      head,
    ).image;
    expect(same(kept, cropToHead(head, { maskOutside: false }))).toBe(true);
    expect(same(kept, masked)).toBe(false);
  });

  it('has a default pipeline ending in three windows at 224 x 224', () => {
    expect(createPipeline().steps).toEqual(DEFAULT_STEPS);
    const out = createPipeline().run(head);
    expect([out.channels?.width, out.channels?.height, out.channels?.channels]).toEqual([
      224, 224, 3,
    ]);
  });
});

describe('preprocessMany', () => {
  beforeAll(() => {
    // Workers load the compiled worker script; the root `pnpm test` builds first, a lone
    // vitest run may not have, or may follow an edit of the sources.
    const worker = fileURLToPath(
      new URL('../dist/preprocess-worker.js', import.meta.url),
    );
    const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
    const stale =
      !existsSync(worker) ||
      readdirSync(srcDir).some(
        (f) => statSync(srcDir + f).mtimeMs > statSync(worker).mtimeMs,
      );
    if (stale) {
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/preprocess'], { cwd: root });
    }
  });

  const images = [0, 6, -9, 14, -3].map((a) => rotateImage(head, { angleDeg: a }));

  it('returns results in input order, the same as one thread', async () => {
    const progress: number[] = [];
    const parallel = await preprocessMany(images, steps, {
      workers: 2,
      onProgress: (done, total) => {
        expect(total).toBe(5);
        progress.push(done);
      },
    });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    const serial = await preprocessMany(images, createPipeline(steps), { workers: 0 });
    expect(parallel.length).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(parallel[i].channels?.data).toEqual(serial[i].channels?.data);
      expect(parallel[i].records[2].tiltDeg).toBe(serial[i].records[2].tiltDeg);
    }
    expect(parallel[3].records[2].tiltDeg).toBeGreaterThan(12);
  });

  it('gives adjacent slices as neighbours to a slices channel spec', async () => {
    const stack = [
      { ...head, pixels: new Float32Array(head.pixels.length).fill(-1000) },
      head,
      { ...head, pixels: new Float32Array(head.pixels.length).fill(3000) },
    ];
    const out = await preprocessMany(
      stack.slice(1),
      [
        { op: 'resize', width: 8, height: 8 },
        { op: 'toChannels', spec: { kind: 'slices', window: 'bone' } },
      ],
      { workers: 1 },
    );
    // Slice 0 (the head) has itself as previous and the 3000 HU slice as next.
    expect(out[0].channels!.data[2]).toBe(1);
    // Slice 1 (3000 HU) repeats itself as next.
    expect(out[1].channels!.data[2]).toBe(1);
    expect(out[1].channels!.data[0]).toBe(out[0].channels!.data[1]);
  });

  it('reports the failing slice with its stable code', async () => {
    const air = { ...head, pixels: new Float32Array(head.pixels.length).fill(-1000) };
    const run = preprocessMany([head, air], steps, { workers: 2 });
    await expect(run).rejects.toBeInstanceOf(PreprocessError);
    await expect(run).rejects.toMatchObject({ code: 'PREPROCESS_NO_HEAD' });
    await expect(run).rejects.toThrow(/slice 1/);
  });

  it('returns an empty list for no slices', async () => {
    expect(await preprocessMany([], steps)).toEqual([]);
  });
});
