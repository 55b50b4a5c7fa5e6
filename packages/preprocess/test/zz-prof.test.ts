import { it } from 'vitest';
import { estimateTilt, headMask, rotateImage } from '@calvaria/preprocess';
import { loadHead } from './fixtures.js';
it('prof', () => {
  const head = loadHead();
  let t = performance.now();
  for (let i = 0; i < 3; i++) headMask(head);
  console.log('headMask ms', ((performance.now() - t) / 3).toFixed(1));
  const m = headMask(head);
  for (const gridMm of [1, 1.5, 2, 3]) {
    t = performance.now();
    const base = estimateTilt(head, { head: m, gridMm });
    const ms = performance.now() - t;
    const errs: number[] = [];
    for (let a = -25; a <= 25; a += 5) {
      const r = rotateImage(head, { angleDeg: a, fill: 'constant', fillValue: -1000 });
      errs.push(estimateTilt(r, { gridMm }).tiltDeg - a);
    }
    console.log(
      'grid',
      gridMm,
      'ms',
      ms.toFixed(0),
      'base',
      base.tiltDeg.toFixed(3),
      'rotated minus angle',
      errs.map((e) => e.toFixed(2)).join(' '),
    );
  }
});
