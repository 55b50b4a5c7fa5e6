/**
 * The demo's report page: one self-contained HTML file (images embedded as data URLs, plots
 * as inline SVG, no scripts), so that it opens anywhere, offline, and can be archived with a run.
 */

/** One receiver-operating-characteristic curve, for one class against the rest. */
export interface RocSeries {
  className: string;
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  auc: number;
}

/** One example slice shown in the report's grid. */
export interface ReportExample {
  id: string;
  trueClass: string;
  predictedClass: string;
  probability: number;
  originalPngUrl: string;
  preprocessedPngUrl: string;
}

/** Everything the report shows. */
export interface ReportInput {
  title: string;
  /** Facts about the run, shown first: weights, engine, cohort size, timings. */
  facts: Array<[string, string]>;
  /** Warnings a reader must see (for example: random weights, not ImageNet). */
  warnings: string[];
  metrics: Array<{ name: string; value: number; note?: string }>;
  classNames: string[];
  /** Rows are true classes, columns predicted, in `classNames` order. */
  confusion: number[][];
  roc: RocSeries[];
  /** Loss per boosting round, one series per part watched (the demo: validation). */
  trainingCurve: { metric: string; series: Array<{ name: string; values: number[] }> };
  classificationReportText: string;
  examples: ReportExample[];
}

const PALETTE = ['#d95f02', '#1b9e77', '#7570b3', '#e7298a'];

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Axis ticks at round values: a step of 1, 2, 2.5 or 5 times a power of ten, the one nearest
 * to a quarter of the range; the axis is widened to the ticks on either side of the data.
 */
function niceTicks(lo: number, hi: number): { ticks: number[]; lo: number; hi: number } {
  const raw = (hi - lo) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = power;
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (
      Math.abs(Math.log(m * power) - Math.log(raw)) <
      Math.abs(Math.log(step) - Math.log(raw))
    )
      step = m * power;
  }
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= last + step / 2; t += step) ticks.push(Number(t.toFixed(10)));
  return { ticks, lo: first, hi: last };
}

type Corner = 'top-right' | 'bottom-right' | 'top-left' | 'bottom-left';

/** How much of the lines (in pixels, sampled every pixel) runs through a box. */
function lengthInside(
  lines: ReadonlyArray<ReadonlyArray<[number, number]>>,
  x: number,
  y: number,
  width: number,
  height: number,
): number {
  let inside = 0;
  for (const points of lines) {
    for (let i = 0; i < points.length; i++) {
      const [x0, y0] = points[i];
      const [x1, y1] = points[Math.min(i + 1, points.length - 1)];
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
      for (let t = 0; t < steps; t++) {
        const sx = x0 + ((x1 - x0) * t) / steps;
        const sy = y0 + ((y1 - y0) * t) / steps;
        if (sx >= x && sx <= x + width && sy >= y && sy <= y + height) inside++;
      }
    }
  }
  return inside;
}

function linePlot(
  series: Array<{ name: string; xs: ArrayLike<number>; ys: ArrayLike<number> }>,
  options: {
    xLabel: string;
    yLabel: string;
    xMax?: number;
    yMax?: number;
    diagonal?: boolean;
    /** Corners for the legend, best first; it goes in the one the lines cross least. */
    legendCorners: readonly Corner[];
  },
): string {
  const w = 420;
  const h = 320;
  const m = { left: 56, right: 12, top: 12, bottom: 44 };
  let xMax = options.xMax ?? 0;
  let yMax = options.yMax ?? 0;
  let yMin = 0;
  if (options.xMax === undefined || options.yMax === undefined) {
    yMin = Infinity;
    for (const s of series) {
      for (let i = 0; i < s.xs.length; i++) {
        if (!Number.isFinite(s.xs[i]) || !Number.isFinite(s.ys[i])) continue;
        xMax = Math.max(xMax, s.xs[i]);
        yMax = Math.max(yMax, s.ys[i]);
        yMin = Math.min(yMin, s.ys[i]);
      }
    }
    if (!Number.isFinite(yMin)) yMin = 0;
    yMin = Math.min(0, yMin);
  }
  if (xMax <= 0) xMax = 1;
  if (yMax <= yMin) yMax = yMin + 1;
  const xAxis = niceTicks(0, xMax);
  const yAxis = niceTicks(yMin, yMax);
  xMax = xAxis.hi;
  yMin = yAxis.lo;
  yMax = yAxis.hi;

  const px = (x: number) => m.left + (x / xMax) * (w - m.left - m.right);
  const py = (y: number) =>
    h - m.bottom - ((y - yMin) / (yMax - yMin)) * (h - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${w - m.left - m.right}" ` +
      `height="${h - m.top - m.bottom}" fill="#fff" stroke="#999"/>`,
  );
  for (const xv of xAxis.ticks) {
    parts.push(
      `<text x="${px(xv)}" y="${h - m.bottom + 16}" font-size="11" ` +
        `text-anchor="middle">${xv}</text>`,
    );
  }
  for (const yv of yAxis.ticks) {
    parts.push(
      `<text x="${m.left - 6}" y="${py(yv) + 4}" font-size="11" ` +
        `text-anchor="end">${yv}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.left + w - m.right) / 2}" y="${h - 8}" font-size="12" ` +
      `text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
  );
  parts.push(
    `<text x="14" y="${(m.top + h - m.bottom) / 2}" font-size="12" text-anchor="middle" ` +
      `transform="rotate(-90 14 ${(m.top + h - m.bottom) / 2})">${escapeHtml(options.yLabel)}</text>`,
  );
  if (options.diagonal) {
    parts.push(
      `<line x1="${px(0)}" y1="${py(0)}" x2="${px(xMax)}" y2="${py(yMax)}" ` +
        `stroke="#bbb" stroke-dasharray="4 4"/>`,
    );
  }
  const lines = series.map((s) => {
    const points: Array<[number, number]> = [];
    for (let i = 0; i < s.xs.length; i++) {
      if (!Number.isFinite(s.xs[i]) || !Number.isFinite(s.ys[i])) continue;
      points.push([px(s.xs[i]), py(s.ys[i])]);
    }
    return points;
  });
  lines.forEach((points, k) => {
    const text = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2" ` +
        `points="${text}"/>`,
    );
  });

  // The legend, on a white box in the corner the lines cross least.
  const longest = Math.max(0, ...series.map((s) => s.name.length));
  const boxW = Math.round(26 + 6.3 * longest);
  const boxH = 8 + 16 * series.length;
  const placed = options.legendCorners.map((corner) => {
    const x = corner.endsWith('right') ? w - m.right - 8 - boxW : m.left + 8;
    const y = corner.startsWith('top') ? m.top + 8 : h - m.bottom - 8 - boxH;
    return { x, y, covered: lengthInside(lines, x, y, boxW, boxH) };
  });
  const { x: boxX, y: boxY } = placed.reduce((best, p) =>
    p.covered < best.covered ? p : best,
  );
  if (series.length > 0) {
    parts.push(
      `<rect x="${boxX}" y="${boxY}" width="${boxW}" height="${boxH}" fill="#fff" ` +
        `fill-opacity="0.9" stroke="#ddd"/>`,
    );
  }
  series.forEach((s, k) => {
    const y = boxY + 6 + k * 16;
    parts.push(
      `<rect x="${boxX + 6}" y="${y}" width="10" height="10" ` +
        `fill="${PALETTE[k % PALETTE.length]}"/><text x="${boxX + 21}" y="${y + 9}" ` +
        `font-size="11">${escapeHtml(s.name)}</text>`,
    );
  });
  return (
    `<svg class="plot" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
    `viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`
  );
}

function confusionTable(classNames: string[], confusion: number[][]): string {
  const max = Math.max(1, ...confusion.flat());
  const head = classNames.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = confusion
    .map((row, i) => {
      const cells = row
        .map((v) => {
          const shade = Math.round(255 - (200 * v) / max);
          const text = v / max > 0.6 ? '#fff' : '#000';
          return `<td style="background:rgb(${shade},${shade},255);color:${text}">${v}</td>`;
        })
        .join('');
      return `<tr><th>${escapeHtml(classNames[i])}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="confusion"><tr><th>true \\ predicted</th>${head}</tr>${rows}</table>`;
}

/**
 * Renders the report page.
 * @param input - What to show.
 * @returns The HTML text of a self-contained page.
 */
export function renderReport(input: ReportInput): string {
  const facts = input.facts
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const warnings = input.warnings
    .map((w) => `<p class="warning">${escapeHtml(w)}</p>`)
    .join('');
  const metrics = input.metrics
    .map(
      (m) =>
        `<tr><th>${escapeHtml(m.name)}</th><td>${m.value.toFixed(4)}</td>` +
        `<td>${escapeHtml(m.note ?? '')}</td></tr>`,
    )
    .join('');
  const roc = linePlot(
    input.roc.map((r) => ({
      name: `${r.className} (AUC ${r.auc.toFixed(3)})`,
      xs: r.fpr,
      ys: r.tpr,
    })),
    {
      xLabel: 'false positive rate',
      yLabel: 'true positive rate',
      xMax: 1,
      yMax: 1,
      diagonal: true,
      legendCorners: ['bottom-right', 'top-left', 'top-right', 'bottom-left'],
    },
  );
  const curve = linePlot(
    input.trainingCurve.series.map((s) => ({
      name: s.name,
      xs: s.values.map((_, i) => i + 1),
      ys: s.values,
    })),
    {
      xLabel: 'boosting round',
      yLabel: input.trainingCurve.metric,
      legendCorners: ['top-right', 'bottom-right', 'top-left', 'bottom-left'],
    },
  );
  const byClass = new Map<string, ReportExample[]>();
  for (const e of input.examples) {
    byClass.set(e.trueClass, [...(byClass.get(e.trueClass) ?? []), e]);
  }
  const grid = [...byClass.entries()]
    .map(([cls, examples]) => {
      const cells = examples
        .map((e) => {
          const right = e.trueClass === e.predictedClass;
          return (
            `<figure class="${right ? 'right' : 'wrong'}"><div>` +
            `<img src="${e.originalPngUrl}" alt="original slice ${escapeHtml(e.id)}">` +
            `<img src="${e.preprocessedPngUrl}" alt="preprocessed slice ${escapeHtml(e.id)}">` +
            `</div>` +
            `<figcaption>${escapeHtml(e.id)}<br>predicted <b>${escapeHtml(e.predictedClass)}</b> ` +
            `(${(100 * e.probability).toFixed(1)}%)</figcaption></figure>`
          );
        })
        .join('');
      return `<h3>true class: ${escapeHtml(cls)}</h3><div class="grid">${cells}</div>`;
    })
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:0.5rem 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}
.confusion td{text-align:right;min-width:4rem}.warning{background:#fff3cd;border:1px solid #e0c060;padding:8px}
.plots{display:flex;gap:2rem;flex-wrap:wrap}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
figure{margin:0;border:3px solid #ccc;padding:4px;text-align:center;font-size:12px}
figure.right{border-color:#1b9e77}figure.wrong{border-color:#d95f02}
figure div{display:flex;gap:4px}
figure img{width:50%;min-width:0;aspect-ratio:1;object-fit:contain;background:#000}
pre{background:#f6f6f6;padding:8px}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
${warnings}
<h2>Run</h2><table>${facts}</table>
<h2>Metrics on the test part</h2><table><tr><th>metric</th><th>value</th><th>note</th></tr>${metrics}</table>
<h2>Confusion matrix</h2>${confusionTable(input.classNames, input.confusion)}
<h2>Curves</h2><div class="plots"><div><h3>ROC, one class against the rest</h3>${roc}</div>
<div><h3>Training curve</h3>${curve}</div></div>
<h2>Per-class report</h2><pre>${escapeHtml(input.classificationReportText)}</pre>
<h2>Example slices</h2><p>Each figure: the slice in a bone window, then what the CNN saw;
green border: predicted right, orange: wrong.</p>${grid}
</body></html>
`;
}
