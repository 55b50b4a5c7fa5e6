/**
 * The method end to end (examples/04-resnet50-xgboost.ts, what `pnpm demo` runs) on a tiny
 * phantom cohort: nine patients of eight 96 x 96 slices, ResNet50 at 64 x 64 with seeded random
 * weights, twenty boosting rounds. The figures are not the point (random weights, 72 slices);
 * every artefact is, and that no patient crosses the split.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from '@calvaria/classifiers';
import { loadFeatures } from '@calvaria/features';
import { pipelineFromJson } from '@calvaria/preprocess';
import { DEMO_DEFAULTS, runMethod, type MethodResult } from '../04-resnet50-xgboost.js';
import { parseCsv } from '../lib/csv.js';
import { silentProgress, tinyRun } from './tiny-run.js';

describe('the method pipeline on a tiny phantom cohort', () => {
  let dir: string;
  let result: MethodResult;
  const logged: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calvaria-method-'));
    result = await runMethod({
      ...DEMO_DEFAULTS,
      ...tinyRun(dir),
      trees: 20,
      log: (line) => logged.push(line),
      progress: silentProgress,
    });
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says plainly that the weights are random, not ImageNet', () => {
    expect(result.weightsKind).toBe('random');
    expect(
      logged.some((line) => line.startsWith('NOTE:') && line.includes('not ImageNet')),
    ).toBe(true);
  });

  it('puts every patient in exactly one of train, validation and test', async () => {
    const split = JSON.parse(
      await readFile(result.files.split, 'utf8'),
    ) as MethodResult['split'];
    const all = [...split.train, ...split.val, ...split.test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(
      Array.from({ length: 9 }, (_, i) => `PH${String(i + 1).padStart(4, '0')}`),
    );
    for (const part of [split.train, split.val, split.test])
      expect(part.length).toBeGreaterThan(0);
  });

  it('saves the preprocessing pipeline as JSON that replays', async () => {
    const json = JSON.parse(await readFile(result.files.pipeline, 'utf8'));
    const pipeline = pipelineFromJson(json);
    expect(pipeline.steps.map((s) => s.op)).toEqual([
      'estimateNoise',
      'correctTilt',
      'cropToHead',
      'padToSquare',
      'resize',
      'toChannels',
    ]);
    expect(pipeline.steps.find((s) => s.op === 'resize')).toMatchObject({
      width: 64,
      height: 64,
    });
  });

  it('saves one 2048-wide ResNet50 feature row per slice, with its sidecar', async () => {
    const features = await loadFeatures(result.files.features);
    expect(features.rows).toBe(72);
    expect(features.columns).toBe(2048);
    expect(features.backbone).toBe('resnet50');
    expect(features.weights.kind).toBe('random');
    expect(features.rowIds).toHaveLength(72);
    expect(features.features.every(Number.isFinite)).toBe(true);
  });

  it('writes test predictions that match the phantom labels and the saved model', async () => {
    const predictions = parseCsv(await readFile(result.files.predictions, 'utf8'));
    const truth = parseCsv(
      await readFile(join(dir, 'out', 'cohort', 'labels.csv'), 'utf8'),
    );
    const labelOf = new Map(truth.map((row) => [row['sop_instance_uid'], row['label']]));
    const split = JSON.parse(
      await readFile(result.files.split, 'utf8'),
    ) as MethodResult['split'];
    expect(predictions.length).toBe(
      truth.filter((r) => split.test.includes(r['patient_id'])).length,
    );
    for (const row of predictions) {
      expect(split.test).toContain(row['patient_id']);
      expect(row['label']).toBe(labelOf.get(row['sop_instance_uid']));
      const p = result.classes.map((c) => Number(row[`p_${c}`]));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row['predicted']).toBe(result.classes[p.indexOf(Math.max(...p))]);
    }
    const model = GradientBoostingClassifier.fromJSON(
      JSON.parse(await readFile(result.files.model, 'utf8')),
    );
    expect(model.classes).toEqual(result.classes);
  });

  it('reports the method metrics within their ranges', async () => {
    const saved = JSON.parse(await readFile(result.files.metrics, 'utf8'));
    expect(Object.keys(saved.metrics)).toEqual([
      'micro F1',
      'Hamming score',
      'Hamming loss',
      'balanced accuracy',
      'ROC AUC',
      "Cohen's kappa",
      'log loss (probabilities)',
    ]);
    const m = result.metrics;
    // Single-label input: micro F1 = Hamming score = accuracy = 1 - Hamming loss (docs/metrics.md).
    expect(m['micro F1']).toBeCloseTo(m['Hamming score'], 12);
    expect(m['Hamming loss']).toBeCloseTo(1 - m['Hamming score'], 12);
    for (const name of ['micro F1', 'balanced accuracy', 'ROC AUC']) {
      expect(m[name]).toBeGreaterThanOrEqual(0);
      expect(m[name]).toBeLessThanOrEqual(1);
    }
    expect(m['log loss (probabilities)']).toBeGreaterThan(0);
  });

  it('writes a self-contained report with every section and image', async () => {
    const html = await readFile(result.files.report, 'utf8');
    for (const heading of [
      'Metrics',
      'Confusion matrix',
      'ROC',
      'Training curve',
      'Example slices',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/src="(?!data:)/);
    const images = html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? [];
    // Two images (original and preprocessed) per example, up to four examples per class.
    expect(images.length).toBeGreaterThanOrEqual(2 * result.classes.length);
    expect(images.length % 2).toBe(0);
    for (const c of result.classes) expect(html).toContain(c);
  });
});
