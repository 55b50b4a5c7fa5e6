/**
 * Writes the PNG figures of docs/preprocess.md: the real head CT after each preprocessing step,
 * in a bone window (centre 600, width 2800 HU), plus a brain-window pair before and after
 * denoising. Run: pnpm exec tsc -b packages/preprocess && pnpm exec tsx tools/preprocess-figures.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync, gunzipSync } from 'node:zlib';
import {
  cropToHead,
  correctTilt,
  denoise,
  estimateNoiseSigma,
  estimateTilt,
  headMask,
  padToSquare,
  resize,
  rotateImage,
  skullMask,
  toChannels,
} from '../packages/preprocess/dist/index.js';

type Image = {
  pixels: Float32Array;
  width: number;
  height: number;
  rowSpacingMm: number;
  columnSpacingMm: number;
};

const out = fileURLToPath(new URL('../docs/images/', import.meta.url));
mkdirSync(out, { recursive: true });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), Buffer.from(data)]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, tail]);
}

/** Encodes 8-bit grey (1 channel) or RGB (3 channels) pixels as a PNG. */
function png(bytes: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * channels + 1)] = 0;
    raw.set(
      bytes.subarray(y * width * channels, (y + 1) * width * channels),
      y * (width * channels + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Writes an image in a window as a grey PNG, shrunk (area) so that its longer side <= 256. */
function save(
  name: string,
  image: Image,
  center = 600,
  width = 2800,
  maxSide = 256,
): void {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const shown =
    scale < 1
      ? resize(image, {
          width: Math.round(image.width * scale),
          height: Math.round(image.height * scale),
          method: 'area',
        })
      : image;
  const bytes = new Uint8Array(shown.width * shown.height);
  const lo = center - width / 2;
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Math.round(255 * Math.min(1, Math.max(0, (shown.pixels[i] - lo) / width)));
  }
  writeFileSync(`${out}preprocess-${name}.png`, png(bytes, shown.width, shown.height, 1));
}

const bytes = gunzipSync(
  readFileSync(
    new URL('../packages/preprocess/test/fixtures/head512-hu.i16.gz', import.meta.url),
  ),
);
const head: Image = {
  pixels: Float32Array.from(
    new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2),
  ),
  width: 512,
  height: 512,
  rowSpacingMm: 0.431,
  columnSpacingMm: 0.431,
};

// 1. The slice as stored, and a copy turned 15 degrees to show tilt correction.
save('1-original', head);
const tilted = rotateImage(head, { angleDeg: 15, fillValue: -1000 });
save('2-tilted-15deg', tilted);
const tilt = estimateTilt(tilted);
const upright = correctTilt(tilted, { tiltDeg: tilt.tiltDeg });
save('3-tilt-corrected', upright);

// 2. Masks: head (grey) and skull (white) over the upright slice.
const mask = headMask(upright);
const skull = skullMask(upright, { head: mask });
const overlay = {
  ...upright,
  pixels: upright.pixels.map((_, i) => (skull.data[i] ? 2000 : mask.data[i] ? 0 : -800)),
};
save('4-head-and-skull-masks', overlay);

// 3. Crop, pad, resize.
const cropped = cropToHead(upright);
save('5-cropped', cropped);
const square = padToSquare(cropped);
save('6-padded', square);
const small = resize(square, { width: 224, height: 224, method: 'area' });
save('7-resized-224', small);

// 4. Channels: brain, subdural, bone windows as red, green, blue.
const channels = toChannels(small, {
  kind: 'windows',
  windows: ['brain', 'subdural', 'bone'],
});
const rgb = new Uint8Array(channels.data.length);
for (let i = 0; i < rgb.length; i++) rgb[i] = Math.round(255 * channels.data[i]);
writeFileSync(`${out}preprocess-8-channels-rgb.png`, png(rgb, 224, 224, 3));

// 5. Denoising, brain window (centre 40, width 80), a 160 x 160 patch at full resolution.
const patch = cropToHead(head, { maskOutside: false });
const region = {
  ...patch,
  pixels: new Float32Array(160 * 160).map(
    (_, i) => patch.pixels[(150 + Math.floor(i / 160)) * patch.width + 120 + (i % 160)],
  ),
  width: 160,
  height: 160,
};
const sigma = estimateNoiseSigma(head);
save('9-denoise-before', region, 40, 80, 160);
save(
  '9-denoise-median',
  denoise(region, { method: 'median', radiusMm: 0.5 }),
  40,
  80,
  160,
);
// The wavelet sigma (about 0.5 HU here) sees only the finest, white part of the noise; a flat
// brain patch varies by about 7 HU, so the filters are set from that.
save(
  '9-denoise-nlmeans',
  denoise(region, { method: 'nlMeans', h: 6, sigma: 0 }),
  40,
  80,
  160,
);
save(
  '9-denoise-bilateral',
  denoise(region, { method: 'bilateral', sigmaSpatialMm: 1, sigmaRange: 10 }),
  40,
  80,
  160,
);
console.log(
  JSON.stringify({
    sigmaHu: sigma,
    tiltFoundDeg: tilt.tiltDeg,
    cropped: [cropped.width, cropped.height],
  }),
);
