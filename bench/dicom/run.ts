// Bytes in memory to float32 Hounsfield units, per transfer syntax, on 512 x 512 head CT
// slices: @calvaria/dicom-hu next to pydicom 2.3 (+ gdcm) in the same run.
//
//   pnpm bench:dicom            (ITERATIONS=30 by default; ROUNDS=2 alternating runs)
//
// Each side runs ROUNDS times, alternating; per file the best of the round medians is kept,
// which damps the noise of a shared machine. Prints a Markdown table.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The root workspace does not depend on the packages; load the build that `tsc -b` made.
import { readDicom, toHounsfield } from '../../packages/dicom-hu/dist/index.js';

const ITERATIONS = Number(process.env.ITERATIONS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const fixtures = fileURLToPath(
  new URL('../../packages/dicom-hu/test/fixtures/shared/derived/', import.meta.url),
);
const reference = fileURLToPath(new URL('./reference.py', import.meta.url));

const CASES: [string, string][] = [
  ['Explicit VR little endian', 'head512_base_ele.dcm'],
  ['Implicit VR little endian', 'head512_ile.dcm'],
  ['Explicit VR big endian', 'head512_ebe.dcm'],
  ['Deflated explicit VR little endian', 'head512_deflate.dcm'],
  ['RLE lossless (dcmtk)', 'head512_rle_dcmtk.dcm'],
  ['RLE lossless (gdcm)', 'head512_rle_gdcm.dcm'],
  ['JPEG lossless SV1 .70 (dcmtk)', 'head512_jpll_sv1_dcmtk.dcm'],
  ['JPEG lossless SV1 .70 (gdcm)', 'head512_jpll_gdcm.dcm'],
  ['JPEG lossless predictor 6 .57 (dcmtk)', 'head512_jpll_p14_sv6_dcmtk.dcm'],
  ['JPEG-LS lossless (dcmtk)', 'head512_jls_dcmtk.dcm'],
  ['JPEG-LS lossless (gdcm)', 'head512_jls_gdcm.dcm'],
  ['JPEG 2000 lossless (gdcm)', 'head512_j2k_gdcm.dcm'],
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timeCalvaria(bytes: Uint8Array): Promise<number> {
  for (let i = 0; i < 5; i++) await toHounsfield(readDicom(bytes), 0);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await toHounsfield(readDicom(bytes), 0);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function timePydicom(paths: string[]): Record<string, number> & { _versions?: unknown } {
  const run = spawnSync('/usr/bin/python3', [reference, String(ITERATIONS), ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function main(): Promise<void> {
  const paths = CASES.map(([, name]) => `${fixtures}${name}`);
  const bytes = paths.map((p) => new Uint8Array(readFileSync(p)));
  const best = { js: paths.map(() => Infinity), py: paths.map(() => Infinity) };
  let versions: unknown;
  // Warm every path up (JIT, codec loading) before anything is timed.
  for (let k = 0; k < 3; k++) for (const b of bytes) await toHounsfield(readDicom(b), 0);
  for (let round = 0; round < ROUNDS; round++) {
    const py = timePydicom(paths);
    versions = py._versions;
    paths.forEach((p, i) => (best.py[i] = Math.min(best.py[i], py[p])));
    for (let i = 0; i < paths.length; i++) {
      best.js[i] = Math.min(best.js[i], await timeCalvaria(bytes[i]));
    }
  }

  const lines = [
    `Node ${process.version}; reference ${JSON.stringify(versions)}; ${ITERATIONS} iterations x ${ROUNDS} rounds, best round median.`,
    '',
    '| transfer syntax (512 x 512, 13-bit signed) | pydicom + gdcm (ms) | @calvaria/dicom-hu (ms) | speed vs pydicom |',
    '|---|---|---|---|',
  ];
  CASES.forEach(([label], i) => {
    const ratio = best.py[i] / best.js[i];
    lines.push(
      `| ${label} | ${best.py[i].toFixed(2)} | ${best.js[i].toFixed(2)} | ${ratio.toFixed(2)}x ${ratio >= 1 ? 'faster' : 'slower'} |`,
    );
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
