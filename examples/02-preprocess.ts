/**
 * # 02 · The preprocessing steps on one slice
 *
 * Takes one CT slice through the method's preprocessing, one step at a time, and saves the
 * slice after each step as a PNG in a bone window, so that a person can see what each step
 * does: noise estimate, denoising, tilt correction, crop to the head, pad to a square, resize
 * to the network's 224 x 224 input, and the three windowed channels the CNN sees. It also
 * saves the same steps as a replayable pipeline (`pipeline.json`).
 *
 * Run (from the repository root):
 *
 *     pnpm build && pnpm exec tsx examples/02-preprocess.ts [file.dcm] [--out out/02]
 *
 * Without a file it uses the real 512 x 512 head CT in the dicom-hu test fixtures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyWindow, readDicom, toHounsfield, WINDOW_PRESETS } from '@calvaria/dicom-hu';
import type { Image2D } from '@calvaria/dicom-hu';
import {
  correctTilt,
  createPipeline,
  cropToHead,
  DEFAULT_STEPS,
  denoise,
  estimateNoiseSigma,
  estimateTilt,
  padToSquare,
  resize,
  toChannels,
} from '@calvaria/preprocess';
import { encodePng } from './lib/png.js';

const DEFAULT_FILE = new URL(
  '../packages/dicom-hu/test/fixtures/shared/derived/head512_base_ele.dcm',
  import.meta.url,
);

const { values, positionals } = parseArgs({
  options: { out: { type: 'string', default: 'out/02' } },
  allowPositionals: true,
});
const path = positionals[0] ?? DEFAULT_FILE.pathname;
const outDir = values.out as string;
await mkdir(outDir, { recursive: true });

let step = 0;
async function save(name: string, image: Image2D): Promise<void> {
  const bone = applyWindow(image, WINDOW_PRESETS.bone);
  const target = join(outDir, `${String(step++).padStart(2, '0')}-${name}.png`);
  await writeFile(target, encodePng(bone.pixels, bone.width, bone.height));
  console.log(`${name.padEnd(16)} ${image.width} x ${image.height} -> ${target}`);
}

// The slice in Hounsfield units, padding set to air.
const hu = await toHounsfield(readDicom(path), 0, { paddingToAir: true });
await save('original', hu);

// Noise: the wavelet estimate of scikit-image's estimate_sigma, in HU and on the [0, 1] scale
// the method reports (sigma 0.02 there).
const sigmaHu = estimateNoiseSigma(hu);
const scaled = { ...hu, pixels: hu.pixels.map((v) => (v + 1000) / 4000) };
console.log(
  `noise sigma      ${sigmaHu.toFixed(2)} HU; ${estimateNoiseSigma(scaled).toFixed(4)} ` +
    'on (HU + 1000) / 4000',
);

// Denoise with non-local means (fast mode), strength from the estimate.
const denoised = denoise(hu, { method: 'nlMeans', sigma: sigmaHu });
await save('denoised', denoised);

// Tilt: the in-plane angle of the head's midline, then the rotation that undoes it.
const tilt = estimateTilt(denoised);
console.log(
  `tilt             ${tilt.tiltDeg.toFixed(2)} deg (quality ${tilt.quality.toFixed(2)})`,
);
const upright = correctTilt(denoised, { tiltDeg: tilt.tiltDeg });
await save('tilt-corrected', upright);

// Crop to the head (the head rest removed), pad to a square with air, resize to 224 x 224.
const cropped = cropToHead(upright, { marginMm: 3 });
await save('cropped', cropped);
const square = padToSquare(cropped, { fillHu: -1000 });
await save('padded', square);
const small = resize(square, { width: 224, height: 224, method: 'area' });
await save('resized', small);

// What the CNN sees: brain, subdural and bone windows as three channels in [0, 1].
const channels = toChannels(small, {
  kind: 'windows',
  windows: ['brain', 'subdural', 'bone'],
});
const target = join(outDir, `${String(step++).padStart(2, '0')}-channels-rgb.png`);
await writeFile(target, encodePng(channels.data, channels.width, channels.height, 3));
console.log(
  `channels         ${channels.width} x ${channels.height} x ${channels.channels} -> ${target}`,
);

// The same preprocessing as a pipeline, saved as JSON so an experiment can replay it.
const pipeline = createPipeline(DEFAULT_STEPS);
await writeFile(
  join(outDir, 'pipeline.json'),
  JSON.stringify(pipeline.toJSON(), null, 2),
);
const replay = pipeline.run(hu);
for (const record of replay.records) {
  console.log(
    `pipeline step    ${record.op.padEnd(14)} ${record.width} x ${record.height}, ` +
      `${record.elapsedMs.toFixed(1)} ms`,
  );
}
