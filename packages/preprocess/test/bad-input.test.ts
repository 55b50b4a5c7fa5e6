import { describe, expect, it } from 'vitest';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  correctTilt,
  createPipeline,
  cropToHead,
  denoise,
  estimateNoiseSigma,
  estimateTilt,
  headMask,
  padToSquare,
  pipelineFromJson,
  PreprocessError,
  resize,
  rotateImage,
  skullMask,
  toChannels,
  type PipelineStep,
} from '@calvaria/preprocess';
import { loadHead, slice } from './fixtures.js';

function image(width: number, height: number, fill = 0, spacing = 0.5): Image2D {
  return {
    pixels: new Float32Array(width * height).fill(fill),
    width,
    height,
    rowSpacingMm: spacing,
    columnSpacingMm: spacing,
  };
}

/** Runs `f` and returns the PreprocessError code it throws. */
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(PreprocessError);
    return (error as PreprocessError).code;
  }
  throw new Error('expected a PreprocessError, nothing was thrown');
}

// Every image step, each called with default options.
const steps: Array<[string, (img: Image2D) => unknown]> = [
  ['estimateNoiseSigma', (img) => estimateNoiseSigma(img)],
  ['denoise', (img) => denoise(img, { method: 'gaussian', sigmaMm: 1 })],
  ['headMask', (img) => headMask(img)],
  ['skullMask', (img) => skullMask(img)],
  ['estimateTilt', (img) => estimateTilt(img)],
  ['correctTilt', (img) => correctTilt(img)],
  ['cropToHead', (img) => cropToHead(img)],
  ['padToSquare', (img) => padToSquare(img)],
  ['resize', (img) => resize(img, { width: 8, height: 8 })],
  ['toChannels', (img) => toChannels(img, { kind: 'window', window: 'bone' })],
  ['pipeline', (img) => createPipeline().run(img)],
];

describe('bad input', () => {
  for (const [name, run] of steps) {
    it(`${name}: an empty image gives PREPROCESS_EMPTY_IMAGE`, () => {
      expect(codeOf(() => run(image(0, 0)))).toBe('PREPROCESS_EMPTY_IMAGE');
    });
    it(`${name}: a NaN pixel gives PREPROCESS_NAN_PIXELS`, () => {
      const img = image(16, 16, -1000);
      img.pixels[37] = Number.NaN;
      expect(codeOf(() => run(img))).toBe('PREPROCESS_NAN_PIXELS');
    });
    it(`${name}: zero spacing gives PREPROCESS_INVALID_SPACING`, () => {
      expect(codeOf(() => run(image(16, 16, -1000, 0)))).toBe(
        'PREPROCESS_INVALID_SPACING',
      );
    });
    it(`${name}: a buffer of the wrong length gives PREPROCESS_SIZE_MISMATCH`, () => {
      const img = { ...image(16, 16), pixels: new Float32Array(255) };
      expect(codeOf(() => run(img))).toBe('PREPROCESS_SIZE_MISMATCH');
    });
  }

  for (const [name, run] of [
    ['headMask', (img: Image2D) => headMask(img)],
    ['estimateTilt', (img: Image2D) => estimateTilt(img)],
    ['cropToHead', (img: Image2D) => cropToHead(img)],
    ['pipeline', (img: Image2D) => createPipeline().run(img)],
  ] as const) {
    it(`${name}: an all-air slice gives PREPROCESS_NO_HEAD`, () => {
      expect(codeOf(() => run(image(64, 64, -1000)))).toBe('PREPROCESS_NO_HEAD');
    });
  }

  it('headMask: a speck smaller than minAreaMm2 is not a head', () => {
    const img = image(64, 64, -1000);
    for (let y = 30; y < 34; y++)
      for (let x = 30; x < 34; x++) img.pixels[y * 64 + x] = 40;
    expect(codeOf(() => headMask(img))).toBe('PREPROCESS_NO_HEAD');
  });

  it('estimateNoiseSigma: an all-zero image (every coefficient exactly 0) has no estimate', () => {
    // scikit-image takes the median of an empty array there (NaN with a warning).
    expect(codeOf(() => estimateNoiseSigma(image(16, 16, 0)))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
  });

  it('toChannels: neighbours of another size give PREPROCESS_SIZE_MISMATCH', () => {
    const a = image(8, 8);
    expect(
      codeOf(() =>
        toChannels(
          a,
          { kind: 'slices', window: 'bone' },
          { previous: image(8, 9), next: a },
        ),
      ),
    ).toBe('PREPROCESS_SIZE_MISMATCH');
  });

  it('pipeline: neighbours of another size give PREPROCESS_SIZE_MISMATCH', () => {
    const head = slice(loadHead(), 0, 256, 0, 256, 2);
    const other = slice(loadHead(), 0, 256, 0, 250, 2);
    expect(
      codeOf(() => createPipeline([]).run(head, { previous: other, next: head })),
    ).toBe('PREPROCESS_SIZE_MISMATCH');
  });

  it('skullMask: a head mask of another size gives PREPROCESS_SIZE_MISMATCH', () => {
    const head = { data: new Uint8Array(4), width: 2, height: 2 };
    expect(codeOf(() => skullMask(image(8, 8), { head }))).toBe(
      'PREPROCESS_SIZE_MISMATCH',
    );
  });

  it('rotateImage: anisotropic pixels are refused with PREPROCESS_INVALID_SPACING', () => {
    const img = { ...image(8, 8), rowSpacingMm: 0.5, columnSpacingMm: 0.7 };
    expect(codeOf(() => rotateImage(img, { angleDeg: 3 }))).toBe(
      'PREPROCESS_INVALID_SPACING',
    );
  });

  it('options out of range give PREPROCESS_INVALID_OPTION', () => {
    const img = image(8, 8);
    expect(codeOf(() => resize(img, { width: 0, height: 4 }))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
    expect(codeOf(() => resize(img, { width: 2.5, height: 4 }))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
    expect(codeOf(() => denoise(img, { method: 'gaussian', sigmaMm: -1 }))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
    expect(codeOf(() => denoise(img, { method: 'wiener' } as never))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
    expect(
      codeOf(() => toChannels(img, { kind: 'window', window: 'lung' as never })),
    ).toBe('PREPROCESS_INVALID_OPTION');
    expect(codeOf(() => toChannels(img, { kind: 'windows', windows: [] }))).toBe(
      'PREPROCESS_INVALID_OPTION',
    );
  });

  it('a window that dicom-hu refuses is wrapped with its cause', () => {
    try {
      toChannels(image(4, 4), { kind: 'window', window: { center: 40, width: 0 } });
      expect.unreachable();
    } catch (error) {
      expect((error as PreprocessError).code).toBe('PREPROCESS_INVALID_OPTION');
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it('invalid pipelines give PREPROCESS_INVALID_PIPELINE', () => {
    const bad: unknown[] = [
      [{ op: 'sharpen' }],
      [
        { op: 'toChannels', spec: { kind: 'window', window: 'bone' } },
        { op: 'padToSquare' },
      ],
      [{ op: 'denoise' }],
    ];
    for (const steps of bad) {
      expect(codeOf(() => createPipeline(steps as PipelineStep[]))).toBe(
        'PREPROCESS_INVALID_PIPELINE',
      );
    }
    expect(codeOf(() => pipelineFromJson('{not json'))).toBe(
      'PREPROCESS_INVALID_PIPELINE',
    );
    expect(
      codeOf(() => pipelineFromJson('{"format":"other","version":1,"steps":[]}')),
    ).toBe('PREPROCESS_INVALID_PIPELINE');
  });
});
