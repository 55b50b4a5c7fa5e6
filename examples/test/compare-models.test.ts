/**
 * The comparison of backbones and models (examples/05-compare-models.ts) on a tiny phantom
 * cohort: nine patients of eight 96 x 96 slices, ResNet50 at 64 px and Inception-v3 at its
 * smallest input, 75 px, seeded random weights, twenty rounds and trees, one epoch per CNN.
 * The figures are not the point (random weights, 72 slices); that every row is there, every
 * metric is in its range, the files agree with each other and no patient crosses the split is.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPARISON_DEFAULTS,
  COMPARISON_MODELS,
  QUICK_OVERRIDES,
  optionsFromArgs,
  runComparison,
  type ComparisonResult,
} from '../05-compare-models.js';
import { parseCsv } from '../lib/csv.js';
import { METHOD_METRIC_NAMES } from '../lib/method-metrics.js';
import { silentProgress, tinyRun } from './tiny-run.js';

const BACKBONES = ['resnet50', 'inceptionV3'] as const;

describe('the comparison of backbones and models on a tiny phantom cohort', () => {
  let dir: string;
  let result: ComparisonResult;
  const logged: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calvaria-compare-'));
    result = await runComparison({
      ...COMPARISON_DEFAULTS,
      ...tinyRun(dir),
      backbones: BACKBONES,
      models: COMPARISON_MODELS,
      boostingRounds: 20,
      forestTrees: 20,
      epochs: 1,
      cnnBatchSize: 8,
      log: (line) => logged.push(line),
      progress: silentProgress,
    });
  }, 240_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has one row per backbone and model, backbones in the order given', () => {
    expect(result.rows.map((r) => `${r.backbone} ${r.model}`)).toEqual(
      BACKBONES.flatMap((b) => COMPARISON_MODELS.map((m) => `${b} ${m}`)),
    );
    expect(result.classes).toEqual(['depressed', 'linear', 'none']);
  });

  it('gives every metric of every row a finite value within its range', () => {
    for (const { metrics: m } of result.rows) {
      expect(Object.keys(m)).toEqual([...METHOD_METRIC_NAMES]);
      for (const value of Object.values(m)) expect(Number.isFinite(value)).toBe(true);
      for (const name of [
        'micro F1',
        'Hamming score',
        'Hamming loss',
        'balanced accuracy',
        'ROC AUC',
      ] as const) {
        expect(m[name]).toBeGreaterThanOrEqual(0);
        expect(m[name]).toBeLessThanOrEqual(1);
      }
      // Single-label input: micro F1 = Hamming score = accuracy = 1 - Hamming loss
      // (docs/metrics.md).
      expect(m['micro F1']).toBeCloseTo(m['Hamming score'], 12);
      expect(m['Hamming loss']).toBeCloseTo(1 - m['Hamming score'], 12);
      expect(m["Cohen's kappa"]).toBeGreaterThanOrEqual(-1);
      expect(m["Cohen's kappa"]).toBeLessThanOrEqual(1);
      expect(m['log loss (probabilities)']).toBeGreaterThan(0);
    }
  });

  it('runs each backbone at its input size, raising Inception-v3 to its 75 px minimum', () => {
    // 64 px was asked; Inception-v3 takes at least 75 (Keras; docs/features.md).
    for (const row of result.rows)
      expect(row.inputSizePx).toBe(row.backbone === 'resnet50' ? 64 : 75);
    expect(logged).toContain(
      'NOTE: inceptionV3 takes at least 75 px; it runs at 75 px, not 64.',
    );
  });

  it('trains the CNN baselines for the epochs asked, on TensorFlow.js', () => {
    const cnnRows = result.rows.filter((r) => r.model.startsWith('cnn-'));
    expect(cnnRows).toHaveLength(2 * BACKBONES.length);
    for (const row of cnnRows) {
      expect(row.epochs).toEqual({ run: 1, best: 0, stoppedEarly: false });
      expect(row.engine).toMatch(/^tfjs-/);
      expect(Number.isFinite(row.validationLogLoss)).toBe(true);
    }
  });

  it('says plainly that the weights are random, not ImageNet, in the log and the table', async () => {
    for (const row of result.rows) expect(row.weightsKind).toBe('random');
    const markdown = await readFile(result.files.markdown, 'utf8');
    for (const backbone of BACKBONES) {
      const note = (line: string) =>
        line.includes(`${backbone} runs with random weights, not ImageNet`);
      expect(logged.some((line) => line.startsWith('NOTE:') && note(line))).toBe(true);
      expect(
        markdown.split('\n').some((line) => line.startsWith('> NOTE:') && note(line)),
      ).toBe(true);
    }
  });

  it('puts every patient in exactly one of train, validation and test', async () => {
    const saved = JSON.parse(await readFile(result.files.json, 'utf8'));
    const split = saved.split as ComparisonResult['split'];
    expect(split).toEqual(result.split);
    const all = [...split.train, ...split.val, ...split.test];
    expect(new Set(all).size).toBe(all.length);
    // The phantom names its patients PH0001, PH0002, ... (packages/phantom).
    expect(all.sort()).toEqual(
      Array.from({ length: 9 }, (_, i) => `PH${String(i + 1).padStart(4, '0')}`),
    );
    for (const part of [split.train, split.val, split.test])
      expect(part.length).toBeGreaterThan(0);
  });

  it('writes a Markdown table, a CSV and a JSON file that agree with the result', async () => {
    const markdown = await readFile(result.files.markdown, 'utf8');
    expect(markdown).toContain(result.table);
    const tableLines = result.table.split('\n');
    // Header, rule, then one line per row.
    expect(tableLines).toHaveLength(2 + result.rows.length);
    for (const name of METHOD_METRIC_NAMES) expect(tableLines[0]).toContain(name);

    const csv = parseCsv(await readFile(result.files.csv, 'utf8'));
    expect(csv).toHaveLength(result.rows.length);
    csv.forEach((line, i) => {
      const row = result.rows[i];
      expect([line['backbone'], line['model']]).toEqual([row.backbone, row.model]);
      for (const name of METHOD_METRIC_NAMES)
        expect(Number(line[name])).toBeCloseTo(row.metrics[name], 6);
    });

    const json = JSON.parse(await readFile(result.files.json, 'utf8'));
    expect(json.rows).toEqual(JSON.parse(JSON.stringify(result.rows)));
    expect(json.classes).toEqual(result.classes);
    expect(Object.keys(json.weights)).toEqual([...BACKBONES]);
  });
});

describe('the comparison command line', () => {
  it('takes the small settings with --quick and lets any option override them', () => {
    const quick = optionsFromArgs(['--quick', '--epochs', '3']);
    expect(quick).toMatchObject({ ...QUICK_OVERRIDES, epochs: 3 });
    expect(optionsFromArgs([])).toEqual({ ...COMPARISON_DEFAULTS, data: undefined });
  });

  it('reads comma lists of backbones and models, and --unfreeze per backbone', () => {
    const options = optionsFromArgs([
      '--backbones',
      'resnet50,xception',
      '--models',
      'xgboost,cnn-nadam',
      '--unfreeze',
      'xception=block14_sepconv1',
    ]);
    expect(options.backbones).toEqual(['resnet50', 'xception']);
    expect(options.models).toEqual(['xgboost', 'cnn-nadam']);
    expect(options.unfreezeFrom).toEqual({ xception: 'block14_sepconv1' });
    expect(
      optionsFromArgs(['--backbones', 'resnet50', '--unfreeze', 'conv5_block1_1_conv'])
        .unfreezeFrom,
    ).toEqual({ resnet50: 'conv5_block1_1_conv' });
    expect(() => optionsFromArgs(['--unfreeze', 'vgg16=block5_conv1'])).toThrow(
      /backbone=LAYER/,
    );
  });

  it('refuses, before any work, to unfreeze layers on the wasm backend', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calvaria-compare-wasm-'));
    try {
      await expect(
        runComparison({
          ...COMPARISON_DEFAULTS,
          outDir: dir,
          backbones: ['resnet50'],
          backend: 'wasm',
          unfreezeFrom: { resnet50: 'conv5_block1_1_conv' },
          log: () => {},
          progress: silentProgress,
        }),
      ).rejects.toThrow(/wasm backend .* no filter-gradient kernels/);
      await expect(readFile(join(dir, 'cohort', 'labels.csv'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a layer to try when --unfreeze names one the backbone lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calvaria-compare-layer-'));
    try {
      await expect(
        runComparison({
          ...COMPARISON_DEFAULTS,
          outDir: dir,
          patients: 9,
          slicesPerSeries: 8,
          imageSizePx: 96,
          inputSizePx: 32,
          backbones: ['resnet50'],
          models: ['cnn-adam'],
          weights: 'random',
          backend: 'cpu',
          unfreezeFrom: { resnet50: 'block14_sepconv1' },
          workers: 2,
          cacheDir: join(dir, 'cache'),
          log: () => {},
          progress: silentProgress,
        }),
      ).rejects.toThrow(/resnet50 has no layer 'block14_sepconv1'; .* such as 'conv/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown model or a weights file for several backbones', async () => {
    const base = { ...COMPARISON_DEFAULTS, log: () => {}, progress: silentProgress };
    await expect(
      runComparison({ ...base, outDir: tmpdir(), models: ['svm' as never] }),
    ).rejects.toThrow(/Unknown model 'svm'/);
    await expect(
      runComparison({ ...base, outDir: tmpdir(), weights: 'weights.h5' }),
    ).rejects.toThrow(/one backbone's file/);
  });
});
