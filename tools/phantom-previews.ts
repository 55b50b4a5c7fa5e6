// Writes the bone-window previews of docs/phantom.md: one full slice per class and a 2x crop
// around each fracture, from fixed seeds, with @calvaria/phantom's renderPreview.
//
//   pnpm exec tsc -b packages/phantom && pnpm exec tsx tools/phantom-previews.ts
import { writeFileSync } from 'node:fs';
import {
  generateSlice,
  renderPreview,
  type FractureClass,
  type PhantomSlice,
} from '../packages/phantom/dist/index.js';

const out = new URL('../docs/images/', import.meta.url);

/** A square crop of `size` pixels centred on (column, row), enlarged `zoom` times. */
function crop(
  slice: PhantomSlice,
  column: number,
  row: number,
  size: number,
  zoom: number,
) {
  const { pixels, width, height } = slice.image;
  const c0 = Math.max(0, Math.min(width - size, Math.round(column - size / 2)));
  const r0 = Math.max(0, Math.min(height - size, Math.round(row - size / 2)));
  const n = size * zoom;
  const cropped = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      cropped[y * n + x] =
        pixels[(r0 + Math.floor(y / zoom)) * width + c0 + Math.floor(x / zoom)];
    }
  }
  return { pixels: cropped, width: n, height: n, rowSpacingMm: 1, columnSpacingMm: 1 };
}

const picks: [FractureClass, number][] = [
  ['linear', 11],
  ['depressed', 12],
  ['none', 13],
];
for (const [label, seed] of picks) {
  const slice = generateSlice({ seed, label, width: 512, height: 512, maxTiltDeg: 15 });
  writeFileSync(new URL(`phantom-${label}.png`, out), renderPreview(slice.image));
  const f = slice.truth.fracture;
  const at = f ?? { column: slice.truth.headCentre.column, row: 40 };
  const png = renderPreview(crop(slice, at.column, at.row, 128, 2));
  writeFileSync(new URL(`phantom-${label}-zoom.png`, out), png);
  console.log(label, JSON.stringify(f));
}
