// Bytes in memory to float32 Hounsfield units, per transfer syntax, on 512 x 512 head CT
// slices: @calvaria/dicom-hu next to pydicom 2.3 (+ gdcm) in the same run.
//
//   pnpm bench:dicom            (ITERATIONS=30 by default; ROUNDS=2 alternating runs)
//
// Each side runs ROUNDS times, alternating; per file the best of the round medians is kept,
// which damps the noise of a shared machine. Prints a Markdown table.
//
// JPEG 2000 is timed three ways: the default (native libopenjp2 on every core, where it is
// installed), native on one thread, and the WebAssembly fallback. The one-thread rows are
// compared with pydicom pinned to one core (taskset -c 0), since gdcm decodes JPEG 2000 on
// every core.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The root workspace does not depend on the packages; load the build that `tsc -b` made.
import {
  configureJpeg2000,
  jpeg2000Decoder,
  readDicom,
  toHounsfield,
  type Jpeg2000Options,
} from '../../packages/dicom-hu/dist/index.js';

const ITERATIONS = Number(process.env.ITERATIONS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const fixtures = fileURLToPath(
  new URL('../../packages/dicom-hu/test/fixtures/shared/derived/', import.meta.url),
);
const reference = fileURLToPath(new URL('./reference.py', import.meta.url));

interface Case {
  readonly label: string;
  readonly file: string;
  /** The JPEG 2000 decoder settings for this row; the default otherwise. */
  readonly jpeg2000?: Jpeg2000Options;
  /** Time the reference pinned to one core. */
  readonly oneCore?: boolean;
}

const J2K = 'head512_j2k_gdcm.dcm';
const CASES: Case[] = (
  [
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
    ['JPEG 2000 lossless (gdcm)', J2K],
  ] as const
)
  .map(([label, file]): Case => ({ label, file }))
  .concat([
    {
      label: 'JPEG 2000, native 1 thread vs pydicom on 1 core',
      file: J2K,
      jpeg2000: { decoder: 'native', threads: 1 },
      oneCore: true,
    },
    {
      label: 'JPEG 2000, WebAssembly vs pydicom',
      file: J2K,
      jpeg2000: { decoder: 'wasm' },
    },
    {
      label: 'JPEG 2000, WebAssembly vs pydicom on 1 core',
      file: J2K,
      jpeg2000: { decoder: 'wasm' },
      oneCore: true,
    },
  ]);

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

function timePydicom(
  paths: string[],
  oneCore: boolean,
): Record<string, number> & { _versions?: unknown } {
  const args = [reference, String(ITERATIONS), ...paths];
  const run = oneCore
    ? spawnSync('taskset', ['-c', '0', '/usr/bin/python3', ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      })
    : spawnSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Whether 'auto' finds the native library here. */
async function nativeAvailable(): Promise<boolean> {
  configureJpeg2000({ decoder: 'auto' });
  return (await jpeg2000Decoder()).kind === 'native';
}

async function main(): Promise<void> {
  const native = await nativeAvailable();
  const cases = CASES.filter((c) => native || c.jpeg2000?.decoder !== 'native');
  const paths = cases.map((c) => `${fixtures}${c.file}`);
  const bytes = paths.map((p) => new Uint8Array(readFileSync(p)));
  const best = { js: paths.map(() => Infinity), py: paths.map(() => Infinity) };
  let versions: unknown;
  const decoders: string[] = [];
  // Warm every path up (JIT, codec loading) before anything is timed.
  for (let i = 0; i < cases.length; i++) {
    configureJpeg2000(cases[i].jpeg2000 ?? {});
    for (let k = 0; k < 3; k++) await toHounsfield(readDicom(bytes[i]), 0);
    if (cases[i].file === J2K) {
      const info = await jpeg2000Decoder();
      decoders.push(
        `${cases[i].label}: ${info.implementation}, ${info.threads} thread(s)`,
      );
    }
  }
  const onAllCores = [...new Set(paths.filter((_, i) => !cases[i].oneCore))];
  const onOneCore = [...new Set(paths.filter((_, i) => cases[i].oneCore))];
  for (let round = 0; round < ROUNDS; round++) {
    const py = timePydicom(onAllCores, false);
    const pinned = onOneCore.length > 0 ? timePydicom(onOneCore, true) : {};
    versions = py._versions;
    paths.forEach((p, i) => {
      const ms = cases[i].oneCore ? (pinned as Record<string, number>)[p] : py[p];
      best.py[i] = Math.min(best.py[i], ms);
    });
    for (let i = 0; i < paths.length; i++) {
      configureJpeg2000(cases[i].jpeg2000 ?? {});
      best.js[i] = Math.min(best.js[i], await timeCalvaria(bytes[i]));
    }
  }
  configureJpeg2000();

  const lines = [
    `Node ${process.version}; reference ${JSON.stringify(versions)}; ${ITERATIONS} iterations x ${ROUNDS} rounds, best round median.`,
    ...decoders.map((d) => `- ${d}`),
    ...(native
      ? []
      : ['- libopenjp2 not found: the native JPEG 2000 rows are left out.']),
    '',
    '| transfer syntax (512 x 512, 13-bit signed) | pydicom + gdcm (ms) | @calvaria/dicom-hu (ms) | speed vs pydicom |',
    '|---|---|---|---|',
  ];
  cases.forEach(({ label }, i) => {
    const ratio = best.py[i] / best.js[i];
    lines.push(
      `| ${label} | ${best.py[i].toFixed(2)} | ${best.js[i].toFixed(2)} | ${ratio.toFixed(2)}x ${ratio >= 1 ? 'faster' : 'slower'} |`,
    );
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
