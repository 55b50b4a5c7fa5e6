import { describe, expect, it } from 'vitest';
import {
  cropToHead,
  findHeadBox,
  headMask,
  maskArea,
  maskBox,
  skullMask,
  type BinaryMask,
} from '@calvaria/preprocess';
import { loadHead } from './fixtures.js';

const head = loadHead();
const mask = headMask(head);

/**
 * The head rest on the real head CT, found independently of headMask: pixels between -970 and
 * -500 HU (foam and plastic, denser than air, lighter than fat), inside the scanner's field of
 * view (the file stores -2000 outside it), farther than 12 pixels (5 mm) from anything above
 * -500 HU, below row 400 (above it such pixels are air in the sinuses). On this slice that is
 * two side arms (rows 408-468) and a bottom piece (rows 495-511), as labelling the same set
 * with scipy.ndimage.label showed.
 */
function headRest(): BinaryMask {
  const { width, height, pixels } = head;
  const body = new Uint8Array(width * height);
  for (let i = 0; i < body.length; i++) body[i] = pixels[i] > -500 ? 1 : 0;
  const near = new Uint8Array(width * height);
  const r = 12;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (body[y * width + x] === 0) continue;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width) near[yy * width + xx] = 1;
        }
      }
    }
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = pixels[i];
    data[i] = i >= 400 * width && v > -970 && v <= -500 && near[i] === 0 ? 1 : 0;
  }
  return { data, width, height };
}

describe('headMask on the real head CT', () => {
  it('is one filled region with the cross-section of a head', () => {
    const areaCm2 = (maskArea(mask) * head.rowSpacingMm * head.columnSpacingMm) / 100;
    // A skull-base slice of an adult head: roughly 14 x 19 cm, so 150-260 cm^2.
    expect(areaCm2).toBeGreaterThan(150);
    expect(areaCm2).toBeLessThan(260);
    // The frontal sinuses (air, about -1000 HU) near row 80 are holes, filled.
    expect(head.pixels[75 * 512 + 300]).toBeLessThan(-900);
    expect(mask.data[75 * 512 + 300]).toBe(1);
  });

  it('leaves out the head rest', () => {
    const rest = headRest();
    expect(maskArea(rest)).toBeGreaterThan(1000);
    for (let i = 0; i < rest.data.length; i++)
      if (rest.data[i] === 1) expect(mask.data[i]).toBe(0);
  });

  it('skullMask keeps only pixels at or above 300 HU inside the head', () => {
    const skull = skullMask(head, { head: mask });
    const area = maskArea(skull);
    expect(area).toBeGreaterThan(5000);
    for (let i = 0; i < skull.data.length; i++) {
      if (skull.data[i] === 1) {
        expect(mask.data[i]).toBe(1);
        expect(head.pixels[i]).toBeGreaterThanOrEqual(300);
      }
    }
  });
});

describe('cropToHead on the real head CT', () => {
  const box = findHeadBox(head, { head: mask });
  const rest = headRest();

  it('keeps the whole head mask inside the crop box', () => {
    const m = maskBox(mask);
    expect(m).toBeDefined();
    expect(box.x0).toBeLessThanOrEqual(m!.x0);
    expect(box.y0).toBeLessThanOrEqual(m!.y0);
    expect(box.x1).toBeGreaterThanOrEqual(m!.x1);
    expect(box.y1).toBeGreaterThanOrEqual(m!.y1);
  });

  it('puts the box edge below the head and above the head rest under it', () => {
    // The lowest head pixel is on row 487 and the bottom piece of the head rest starts on
    // row 495; a 3 mm margin is 7 pixels at 0.431 mm.
    expect(maskBox(mask)!.y1).toBe(488);
    expect(box.y1).toBe(495);
    let restInBox = 0;
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) restInBox += rest.data[y * 512 + x];
    }
    // The side arms reach into the box beside the neck; the crop sets them to air below.
    expect(restInBox).toBeGreaterThan(0);
  });

  it('leaves no head rest in the cropped image', () => {
    const cropped = cropToHead(head);
    expect([cropped.width, cropped.height]).toEqual([box.x1 - box.x0, box.y1 - box.y0]);
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        if (rest.data[y * 512 + x] === 1) {
          expect(cropped.pixels[(y - box.y0) * cropped.width + x - box.x0]).toBe(-1000);
        }
      }
    }
  });

  it('keeps every head pixel unchanged', () => {
    const cropped = cropToHead(head);
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        if (mask.data[y * 512 + x] === 1) {
          expect(cropped.pixels[(y - box.y0) * cropped.width + x - box.x0]).toBe(
            head.pixels[y * 512 + x],
          );
        }
      }
    }
  });
});
