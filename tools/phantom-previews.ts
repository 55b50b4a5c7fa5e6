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
import { patientModel } from '../packages/phantom/dist/generate-patient.js';
import { levelShape } from '../packages/phantom/dist/level-shape.js';
import { headToPixel, sliceGeometry } from '../packages/phantom/dist/slice-geometry.js';
import { surfacePoint } from '../packages/phantom/dist/skull-outline.js';

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

function sutureAt(seed: number, slice: PhantomSlice): { column: number; row: number } {
  const model = patientModel({
    seed,
    slicesPerSeries: 9,
    fractureClass: 'none',
    fractureSlices: { first: 2, last: 6 },
    maxTiltDeg: 15,
  });
  const g = sliceGeometry(model, 4, slice.image.width, slice.image.height);
  const shape = levelShape(model, g.levelMm);
  const p = surfacePoint(
    slice.truth.sutureAzimuthsDeg[0],
    shape.semiAxisLrMm,
    shape.semiAxisApMm,
    model.shapeHarmonics,
  );
  return headToPixel(model, g, p.x, p.y);
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
  // Without a fracture, zoom on the first suture of the slice (same patient model as
  // generateSlice draws: its central slice 4 of 9).
  const at = f ?? sutureAt(seed, slice);
  const png = renderPreview(crop(slice, at.column, at.row, 128, 2));
  writeFileSync(new URL(`phantom-${label}-zoom.png`, out), png);
  console.log(label, JSON.stringify(f));
}
