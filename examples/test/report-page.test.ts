/**
 * The demo's report page as a reader's browser shows it: the method (examples/04) on the tiny
 * phantom cohort of method-pipeline.test.ts, then out/report.html opened in headless Chromium
 * (Debian's `chromium`, network closed, fresh profile) through examples/lib/report-page.ts.
 * Without a Chromium the whole block is skipped and its title says why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, runMethod, type MethodResult } from '../04-resnet50-xgboost.js';
import { silentProgress, tinyRun } from './tiny-run.js';
import {
  DEBIAN_CHROMIUM,
  findChromium,
  inspectReportPage,
  REPORT_SECTIONS,
  reportPageProblems,
  type ReportPageFindings,
} from '../lib/report-page.js';

const executablePath = findChromium();
const trees = 20;
const skipNote =
  `no browser at ${DEBIAN_CHROMIUM}; apt-get install chromium, or set CALVARIA_CHROMIUM ` +
  'to one, to run it';

if (executablePath === undefined) {
  console.warn(`report-page.test.ts: SKIPPED, ${skipNote}.`);
}

describe.skipIf(executablePath === undefined)(
  executablePath === undefined
    ? `the report page in headless Chromium (SKIPPED: ${skipNote})`
    : 'the report page in headless Chromium',
  () => {
    let dir: string;
    let result: MethodResult;
    let page: ReportPageFindings;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'calvaria-report-page-'));
      result = await runMethod({
        ...DEMO_DEFAULTS,
        ...tinyRun(dir),
        trees,
        log: () => {},
        progress: silentProgress,
      });
      page = await inspectReportPage(result.files.report, { executablePath });
    }, 300_000);

    afterAll(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('opens with no console errors and no request off the file', () => {
      expect(page.consoleErrors).toEqual([]);
      expect(page.refusedRequests).toEqual([]);
    });

    it('has every section, in order, and both plots under their headings', () => {
      expect(page.sections).toEqual(REPORT_SECTIONS);
      expect(page.subsections).toEqual(
        expect.arrayContaining(['ROC, one class against the rest', 'Training curve']),
      );
      for (const c of result.classes) {
        expect(page.subsections).toContain(`true class: ${c}`);
      }
    });

    it('decodes every image to a size above zero, an original and a preprocessed per slice', () => {
      expect(page.images.length).toBeGreaterThanOrEqual(2 * result.classes.length);
      expect(page.images.length % 2).toBe(0);
      for (const img of page.images) {
        expect(img, img.alt).toMatchObject({ complete: true });
        expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
        expect(img.naturalHeight, img.alt).toBeGreaterThan(0);
      }
      const originals = page.images.filter((img) => img.alt.startsWith('original'));
      const preprocessed = page.images.filter((img) =>
        img.alt.startsWith('preprocessed'),
      );
      expect(originals.length).toBe(preprocessed.length);
      // The CNN input of this run is 64 x 64 (inputSizePx above).
      for (const img of preprocessed) expect(img.naturalWidth).toBe(64);
    });

    it('draws every plot with a size and finite lines: one ROC per class, one loss curve', () => {
      expect(page.plots.map((p) => p.heading)).toEqual([
        'ROC, one class against the rest',
        'Training curve',
      ]);
      for (const plot of page.plots) {
        expect(plot.width).toBeGreaterThan(0);
        expect(plot.height).toBeGreaterThan(0);
        expect(plot.badCoordinates).toBe(0);
      }
      const [roc, curve] = page.plots;
      expect(roc.lines).toBe(result.classes.length);
      expect(curve.lines).toBe(1);
    });

    it('fills the confusion matrix and fits a 1280 px window', () => {
      expect(page.confusionCells).toBe(result.classes.length ** 2);
      expect(page.overflowPx).toBe(0);
    });

    it('has nothing reportPageProblems would flag', () => {
      expect(reportPageProblems(page)).toEqual([]);
    });
  },
);
