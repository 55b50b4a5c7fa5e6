/**
 * Opens the demo's report page (examples/lib/report.ts) in headless Chromium and says what a
 * reader would find broken: console errors, images that did not decode, plots with nothing
 * drawn, missing sections, a page wider than the window. The browser is Debian's `chromium`,
 * driven through playwright-core (which never downloads a browser of its own); the network
 * stays closed, and any request that leaves the file is refused and counted.
 *
 * As a command (from the repository root), with an optional full-page screenshot:
 *
 *     pnpm exec tsx examples/lib/report-page.ts out/report.html [--screenshot FILE.png]
 *
 * It exits with status 1 when it finds a problem and 2 when there is no Chromium to run.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

/** Where Debian's `apt-get install chromium` puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The switches Chromium runs with: headless, no sandbox (containers run as root), no GPU,
 * and none of the background traffic (updates, sync, QUIC probes) a closed network refuses.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The `<h2>` sections every report has, in page order. */
export const REPORT_SECTIONS: readonly string[] = [
  'Run',
  'Metrics on the test part',
  'Confusion matrix',
  'Curves',
  'Per-class report',
  'Example slices',
];

/** One `<img>` as the browser decoded it. */
export interface PageImage {
  readonly alt: string;
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly naturalHeight: number;
}

/** One plot (`<svg>` or `<canvas>`) as the browser laid it out. */
export interface PagePlot {
  readonly kind: 'svg' | 'canvas';
  /** The nearest heading above the plot. */
  readonly heading: string;
  /** Laid-out size, CSS pixels. */
  readonly width: number;
  readonly height: number;
  /**
   * Drawn marks: for an SVG, lines and shapes whose coordinates are all finite numbers; for a
   * canvas, pixels that are not fully transparent.
   */
  readonly marks: number;
  /** SVG lines (`<polyline>`) with at least two finite points. */
  readonly lines: number;
  /** Coordinates that are not finite numbers (`NaN`, `Infinity`) in the SVG's marks. */
  readonly badCoordinates: number;
}

/** What one visit to the page found. */
export interface ReportPageFindings {
  /** `console.error` messages and uncaught exceptions, in the order they came. */
  readonly consoleErrors: string[];
  /** Requests to anything but the file itself and `data:` URLs (all refused). */
  readonly refusedRequests: string[];
  /** The `<h2>` texts, in page order. */
  readonly sections: string[];
  /** The `<h3>` texts, in page order. */
  readonly subsections: string[];
  readonly images: PageImage[];
  readonly plots: PagePlot[];
  /** Data cells (`<td>`) of the confusion matrix. */
  readonly confusionCells: number;
  /** How far the page is wider than the window, CSS pixels (0 when it fits). */
  readonly overflowPx: number;
  /** The window the page was laid out in, CSS pixels. */
  readonly viewport: { readonly width: number; readonly height: number };
}

/** How to open the page. */
export interface ReportPageOptions {
  /** The browser (default: {@link findChromium}). */
  readonly executablePath?: string;
  /** Where to write a full-page PNG screenshot, if anywhere. */
  readonly screenshotPath?: string;
  /** Window width, CSS pixels (default 1280). */
  readonly viewportWidth?: number;
  /** Give up after this long, ms (default 60,000). */
  readonly timeoutMs?: number;
}

/**
 * Finds the Chromium to run: `CALVARIA_CHROMIUM` when set, else Debian's `/usr/bin/chromium`.
 * @returns The executable's path, or undefined when neither exists.
 */
export function findChromium(): string | undefined {
  const fromEnv = process.env['CALVARIA_CHROMIUM'];
  if (fromEnv !== undefined && fromEnv !== '')
    return existsSync(fromEnv) ? fromEnv : undefined;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/**
 * Opens a report page in headless Chromium, with a fresh profile and the network closed, and
 * collects what a check needs.
 * @param htmlPath - The report's HTML file.
 * @param options - Browser, screenshot, window width.
 * @returns What the page showed; {@link reportPageProblems} turns it into a verdict.
 * @throws Error when no Chromium is found or the page does not load.
 */
export async function inspectReportPage(
  htmlPath: string,
  options: ReportPageOptions = {},
): Promise<ReportPageFindings> {
  const executablePath = options.executablePath ?? findChromium();
  if (executablePath === undefined) {
    throw new Error(
      `No Chromium found at ${DEBIAN_CHROMIUM}; install it (apt-get install chromium) or ` +
        'point CALVARIA_CHROMIUM at one.',
    );
  }
  const viewport = { width: options.viewportWidth ?? 1280, height: 900 };
  const timeout = options.timeoutMs ?? 60_000;
  const pageUrl = pathToFileURL(resolve(htmlPath)).href;
  const profile = await mkdtemp(join(tmpdir(), 'calvaria-chromium-'));

  const consoleErrors: string[] = [];
  const refusedRequests: string[] = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport,
    timeout,
    offline: true,
  });
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      refusedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    await page.goto(pageUrl, { waitUntil: 'load', timeout });

    const findings = (await page.evaluate(MEASURE_PAGE)) as PageMeasures;
    if (options.screenshotPath !== undefined) {
      await page.screenshot({ path: options.screenshotPath, fullPage: true, timeout });
    }
    return {
      consoleErrors,
      refusedRequests,
      ...findings,
      overflowPx: Math.max(0, findings.scrollWidth - viewport.width),
      viewport,
    };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** What {@link MEASURE_PAGE} returns from inside the page. */
interface PageMeasures {
  readonly sections: string[];
  readonly subsections: string[];
  readonly images: PageImage[];
  readonly plots: PagePlot[];
  readonly confusionCells: number;
  readonly scrollWidth: number;
}

/**
 * Runs inside the page: reads headings, images, plots and the page width. Plain JavaScript
 * in a string, because a compiled function can carry helpers of the TypeScript loader (tsx
 * adds `__name`) that do not exist in the browser.
 */
const MEASURE_PAGE = String.raw`(async () => {
  const text = (el) => (el.textContent ?? '').trim();
  const images = await Promise.all(
    [...document.querySelectorAll('img')].map(async (img) => {
      await img.decode().catch(() => undefined);
      return {
        alt: img.alt,
        complete: img.complete,
        naturalWidth: img.naturalWidth,
        naturalHeight: img.naturalHeight,
      };
    }),
  );
  const headingAbove = (el) => {
    let last = '';
    for (const h of document.querySelectorAll('h1, h2, h3')) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = text(h);
    }
    return last;
  };
  const numbersIn = (value) =>
    (value ?? '').split(/[\s,]+/).filter((part) => part !== '').map(Number);
  const attributes = ['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'width', 'height'];
  const plots = [...document.querySelectorAll('svg, canvas')].map((el) => {
    const box = el.getBoundingClientRect();
    const isCanvas = el instanceof HTMLCanvasElement;
    let marks = 0;
    let lines = 0;
    let badCoordinates = 0;
    if (isCanvas) {
      const pixels = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data ?? [];
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) marks++;
    } else {
      for (const mark of el.querySelectorAll('polyline, line, rect, circle, path')) {
        const tag = mark.tagName.toLowerCase();
        const coordinates =
          tag === 'polyline'
            ? numbersIn(mark.getAttribute('points'))
            : tag === 'path'
              ? numbersIn((mark.getAttribute('d') ?? '').replace(/[a-zA-Z]/g, ' '))
              : attributes
                  .filter((name) => mark.hasAttribute(name))
                  .map((name) => Number(mark.getAttribute(name)));
        const bad = coordinates.filter((c) => !Number.isFinite(c)).length;
        badCoordinates += bad;
        if (bad === 0 && coordinates.length > 0) marks++;
        if (tag === 'polyline' && bad === 0 && coordinates.length >= 4) lines++;
      }
    }
    return {
      kind: isCanvas ? 'canvas' : 'svg',
      heading: headingAbove(el),
      width: box.width,
      height: box.height,
      marks,
      lines,
      badCoordinates,
    };
  });
  return {
    sections: [...document.querySelectorAll('h2')].map(text),
    subsections: [...document.querySelectorAll('h3')].map(text),
    images,
    plots,
    confusionCells: document.querySelectorAll('table.confusion td').length,
    scrollWidth: document.documentElement.scrollWidth,
  };
})()`;

/**
 * Turns findings into the sentences a reader needs: one per problem, none when the page is
 * whole.
 * @param findings - What {@link inspectReportPage} found.
 * @returns The problems; empty when every section, image and plot is there.
 */
export function reportPageProblems(findings: ReportPageFindings): string[] {
  const problems: string[] = [];
  for (const message of findings.consoleErrors)
    problems.push(`console error: ${message}`);
  for (const url of findings.refusedRequests)
    problems.push(`request off the page: ${url}`);
  for (const section of REPORT_SECTIONS) {
    if (!findings.sections.includes(section))
      problems.push(`section missing: ${section}`);
  }
  if (findings.images.length === 0) problems.push('no images');
  for (const img of findings.images) {
    if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0)
      problems.push(`image did not load: ${img.alt || '(no alt text)'}`);
  }
  if (findings.plots.length === 0) problems.push('no plots');
  for (const plot of findings.plots) {
    const name = `${plot.kind} under "${plot.heading}"`;
    if (plot.width === 0 || plot.height === 0) problems.push(`plot has no size: ${name}`);
    if (plot.marks === 0) problems.push(`plot is empty: ${name}`);
    if (plot.kind === 'svg' && plot.lines === 0)
      problems.push(`plot has no line: ${name}`);
    if (plot.badCoordinates > 0)
      problems.push(`plot has ${plot.badCoordinates} non-finite coordinates: ${name}`);
  }
  if (findings.confusionCells === 0) problems.push('confusion matrix has no cells');
  if (findings.overflowPx > 0)
    problems.push(
      `page is ${findings.overflowPx} px wider than a ${findings.viewport.width} px window`,
    );
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { screenshot: { type: 'string' }, width: { type: 'string' } },
  });
  const htmlPath = positionals[0] ?? 'out/report.html';
  if (findChromium() === undefined) {
    console.error(
      `No Chromium at ${DEBIAN_CHROMIUM}: apt-get install chromium, or set CALVARIA_CHROMIUM.`,
    );
    process.exit(2);
  }
  const findings = await inspectReportPage(htmlPath, {
    screenshotPath: values.screenshot,
    viewportWidth: values.width !== undefined ? Number(values.width) : undefined,
  });
  const problems = reportPageProblems(findings);
  console.log(
    `${htmlPath}: ${findings.sections.length} sections, ${findings.images.length} images, ` +
      `${findings.plots.length} plots` +
      (values.screenshot !== undefined ? `; screenshot ${values.screenshot}` : ''),
  );
  for (const problem of problems) console.log(`PROBLEM: ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
