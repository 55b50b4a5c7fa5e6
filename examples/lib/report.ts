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
  /** Loss per boosting round on the training and validation parts. */
  trainingCurve: { metric: string; series: Array<{ name: string; values: number[] }> };
  classificationReportText: string;
  examples: ReportExample[];
}

const PALETTE = ['#d95f02', '#1b9e77', '#7570b3', '#e7298a'];

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function linePlot(
  series: Array<{ name: string; xs: ArrayLike<number>; ys: ArrayLike<number> }>,
  options: {
    xLabel: string;
    yLabel: string;
    xMax?: number;
    yMax?: number;
    diagonal?: boolean;
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
  const px = (x: number) => m.left + (x / xMax) * (w - m.left - m.right);
  const py = (y: number) =>
    h - m.bottom - ((y - yMin) / (yMax - yMin)) * (h - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${w - m.left - m.right}" ` +
      `height="${h - m.top - m.bottom}" fill="#fff" stroke="#999"/>`,
  );
  for (let t = 0; t <= 4; t++) {
    const xv = (xMax * t) / 4;
    const yv = yMin + ((yMax - yMin) * t) / 4;
    parts.push(
      `<text x="${px(xv)}" y="${h - m.bottom + 16}" font-size="11" ` +
        `text-anchor="middle">${Number(xv.toPrecision(3))}</text>`,
    );
    parts.push(
      `<text x="${m.left - 6}" y="${py(yv) + 4}" font-size="11" ` +
        `text-anchor="end">${Number(yv.toPrecision(3))}</text>`,
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
  series.forEach((s, k) => {
    const points: string[] = [];
    for (let i = 0; i < s.xs.length; i++) {
      points.push(`${px(s.xs[i]).toFixed(1)},${py(s.ys[i]).toFixed(1)}`);
    }
    const colour = PALETTE[k % PALETTE.length];
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" ` +
        `points="${points.join(' ')}"/>`,
    );
    parts.push(
      `<rect x="${w - m.right - 170}" y="${m.top + 8 + k * 16}" width="10" height="10" ` +
        `fill="${colour}"/><text x="${w - m.right - 155}" y="${m.top + 17 + k * 16}" ` +
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
    },
  );
  const curve = linePlot(
    input.trainingCurve.series.map((s) => ({
      name: s.name,
      xs: s.values.map((_, i) => i + 1),
      ys: s.values,
    })),
    { xLabel: 'boosting round', yLabel: input.trainingCurve.metric },
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
            `<figure class="${right ? 'right' : 'wrong'}">` +
            `<img src="${e.originalPngUrl}" alt="original slice ${escapeHtml(e.id)}">` +
            `<img src="${e.preprocessedPngUrl}" alt="preprocessed slice ${escapeHtml(e.id)}">` +
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
.plots{display:flex;gap:2rem;flex-wrap:wrap}.grid{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;border:3px solid #ccc;padding:4px;text-align:center;font-size:12px}
figure.right{border-color:#1b9e77}figure.wrong{border-color:#d95f02}
figure img{width:160px;height:160px;display:inline-block;image-rendering:auto;background:#000}
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
