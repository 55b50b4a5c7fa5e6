/**
 * Measures estimateTilt's accuracy, both methods, for docs/preprocess.md:
 * - the real head CT rotated by known angles from -25 to 25 degrees in 2.5-degree steps
 *   (truth: the angle plus the symmetry estimate on the unrotated slice, whose own tilt is not
 *   known otherwise), and
 * - phantom slices from @calvaria/phantom with known tilt (truth.tiltDeg, clockwise positive,
 *   so the counter-clockwise tilt is its negative), as drawn, and with the outline's left-right
 *   asymmetric terms (sin 2A, sin 3A, sin 4A shape, sin A thickness, sagittal suture offset)
 *   set to zero, so that the head's mirror axis is the drawn tilt exactly.
 * Run: pnpm exec tsc -b && pnpm exec tsx tools/preprocess-tilt-accuracy.ts
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  generateSlice,
  patientModel,
  renderPatientSlice,
} from '../packages/phantom/dist/index.js';
import {
  estimateTilt,
  rotateImage,
  type TiltMethod,
} from '../packages/preprocess/dist/index.js';

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (pos - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
}

function summary(errors: number[]): string {
  const abs = errors.map(Math.abs);
  return (
    `n=${abs.length} median ${quantile(abs, 0.5).toFixed(2)} deg, ` +
    `p95 ${quantile(abs, 0.95).toFixed(2)} deg, max ${Math.max(...abs).toFixed(2)} deg`
  );
}

const bytes = gunzipSync(
  readFileSync(
    new URL('../packages/preprocess/test/fixtures/head512-hu.i16.gz', import.meta.url),
  ),
);
const head = {
  pixels: Float32Array.from(
    new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2),
  ),
  width: 512,
  height: 512,
  rowSpacingMm: 0.431,
  columnSpacingMm: 0.431,
};
const reference = estimateTilt(head).tiltDeg;
const angles = Array.from({ length: 21 }, (_, i) => -25 + 2.5 * i);
for (const method of ['symmetry', 'principalAxes'] as TiltMethod[]) {
  const own = estimateTilt(head, { method }).tiltDeg;
  const absolute = angles.map(
    (a) =>
      estimateTilt(rotateImage(head, { angleDeg: a }), { method }).tiltDeg -
      (reference + a),
  );
  console.log(
    `real head CT, ${method}: unrotated slice ${own.toFixed(2)} deg; vs symmetry reference: ${summary(absolute)}`,
  );
}
for (const method of ['symmetry', 'principalAxes'] as TiltMethod[]) {
  const errors: number[] = [];
  for (let seed = 0; seed < 40; seed++) {
    const slice = generateSlice({ seed, width: 256, height: 256, maxTiltDeg: 25 });
    errors.push(estimateTilt(slice.image, { method }).tiltDeg + slice.truth.tiltDeg);
  }
  console.log(`phantom (40 slices, tilt within 25 deg), ${method}: ${summary(errors)}`);
}
for (const method of ['symmetry', 'principalAxes'] as TiltMethod[]) {
  const errors: number[] = [];
  for (let seed = 0; seed < 40; seed++) {
    const drawn = patientModel({
      seed,
      slicesPerSeries: 9,
      fractureClass: 'none',
      maxTiltDeg: 25,
    });
    const [c2, , c3, , c4] = drawn.shapeHarmonics;
    const [t1, , t2] = drawn.thicknessHarmonics;
    const [coronal, , lambdoid] = drawn.sutureJitterDeg;
    const patient = {
      ...drawn,
      shapeHarmonics: [c2, 0, c3, 0, c4, 0],
      thicknessHarmonics: [t1, 0, t2],
      sutureJitterDeg: [coronal, 0, lambdoid],
    };
    const slice = renderPatientSlice(patient, 4, { width: 256, height: 256 });
    errors.push(estimateTilt(slice.image, { method }).tiltDeg + slice.truth.tiltDeg);
  }
  console.log(
    `phantom, left-right symmetric outline (40 slices, tilt within 25 deg), ${method}: ${summary(errors)}`,
  );
}
