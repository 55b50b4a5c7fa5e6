/**
 * # 01 · Read a DICOM file and window it
 *
 * Reads one CT slice, converts its stored values to Hounsfield units with the modality
 * transform, prints what the header says, and saves the slice in four display windows
 * (brain, subdural, stroke, bone) as PNG files.
 *
 * Run (from the repository root):
 *
 *     pnpm build && pnpm exec tsx examples/01-read-and-window.ts [file.dcm] [--out out/01]
 *
 * Without a file it reads the real 512 x 512 head CT in the dicom-hu test fixtures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyWindow, readDicom, toHounsfield, WINDOW_PRESETS } from '@calvaria/dicom-hu';
import type { WindowPresetName } from '@calvaria/dicom-hu';
import { encodePng } from './lib/png.js';

const DEFAULT_FILE = new URL(
  '../packages/dicom-hu/test/fixtures/shared/derived/head512_base_ele.dcm',
  import.meta.url,
);

const { values, positionals } = parseArgs({
  options: { out: { type: 'string', default: 'out/01' } },
  allowPositionals: true,
});
const path = positionals[0] ?? DEFAULT_FILE.pathname;
const outDir = values.out as string;

// 1. Parse the header. Pixel data stay encoded until a frame is asked for.
const file = readDicom(path);
console.log(`file            ${path}`);
console.log(`transfer syntax ${file.transferSyntax.name} (${file.transferSyntax.uid})`);
console.log(
  `modality        ${file.modality}  ${file.columns} x ${file.rows}, ${file.numberOfFrames} frame(s)`,
);
console.log(
  `bits            allocated ${file.bitsAllocated}, stored ${file.bitsStored}, ` +
    `pixel representation ${file.pixelRepresentation}`,
);
console.log(
  `rescale         slope ${file.rescaleSlope}, intercept ${file.rescaleIntercept}`,
);

// 2. Stored values to Hounsfield units (padding pixels set to air).
const hu = await toHounsfield(file, 0, { paddingToAir: true });
let min = Infinity;
let max = -Infinity;
for (const v of hu.pixels) {
  if (v < min) min = v;
  if (v > max) max = v;
}
console.log(
  `HU range        ${min} .. ${max}; pixel spacing ${hu.rowSpacingMm} x ` +
    `${hu.columnSpacingMm} mm`,
);

// 3. One PNG per named window (DICOM PS3.3 C.11.2.1.2 LINEAR function).
await mkdir(outDir, { recursive: true });
for (const name of Object.keys(WINDOW_PRESETS) as WindowPresetName[]) {
  const windowed = applyWindow(hu, WINDOW_PRESETS[name]);
  const target = join(outDir, `window-${name}.png`);
  await writeFile(target, encodePng(windowed.pixels, windowed.width, windowed.height));
  console.log(`wrote           ${target}`);
}
