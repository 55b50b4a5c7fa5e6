import { PNG } from 'pngjs';

/**
 * Encodes a grey or RGB image with values in [0, 1] as PNG bytes, for the examples' pictures.
 * @param values - Row-major values; `channels` per pixel (1 grey, 3 RGB), HWC order.
 * @param width - Columns.
 * @param height - Rows.
 * @param channels - 1 or 3.
 * @returns The PNG file's bytes.
 */
export function encodePng(
  values: Float32Array,
  width: number,
  height: number,
  channels: 1 | 3 = 1,
): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[i * channels + (channels === 1 ? 0 : c)];
      png.data[i * 4 + c] = Math.max(0, Math.min(255, Math.round(v * 255)));
    }
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/**
 * The same PNG as a `data:` URL, to embed in a self-contained HTML page.
 * @returns `data:image/png;base64,...`.
 */
export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
