// Slices of 512 x 512 written per second by @calvaria/phantom's generateCohort, next to a
// Python reference (numpy + scipy render a simpler analytic head, pydicom writes it) in the
// same run.
//
//   pnpm bench:phantom        (PATIENTS=6 SLICES=40 by default; ROUNDS=2 alternating)
//
// Reports wall-clock slices/s (what the target of 50 slices/s is about), CPU ms per
// slice, and the machine's load average, since the machine is shared. Prints Markdown.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root workspace does not depend on the packages; load the build that `tsc -b` made.
import { generateCohort } from '../../packages/phantom/dist/index.js';

const PATIENTS = Number(process.env.PATIENTS ?? 6);
const SLICES = Number(process.env.SLICES ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const reference = fileURLToPath(new URL('./reference.py', import.meta.url));

interface Run {
  slicesPerSecond: number;
  cpuMsPerSlice: number;
}

async function calvaria(workers: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-phantom-'));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await generateCohort({
      patients: PATIENTS,
      slicesPerSeries: SLICES,
      seed: 'bench',
      outDir: dir,
      workers,
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    // Worker threads' CPU time is part of this process's usage.
    return {
      slicesPerSecond: summary.slices / seconds,
      cpuMsPerSlice: (cpu.user + cpu.system) / 1000 / summary.slices,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function python(count: number): Run {
  const dir = mkdtempSync(join(tmpdir(), 'bench-phantom-py-'));
  try {
    const out = spawnSync('/usr/bin/python3', [reference, dir, String(count)], {
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`reference.py failed: ${out.stderr}`);
    const r = JSON.parse(out.stdout) as {
      slices: number;
      seconds: number;
      cpuSeconds: number;
    };
    return {
      slicesPerSecond: r.slices / r.seconds,
      cpuMsPerSlice: (1000 * r.cpuSeconds) / r.slices,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const best = (runs: Run[]): Run =>
  runs.reduce((a, b) => (b.slicesPerSecond > a.slicesPerSecond ? b : a));

const load0 = loadavg()[0];
const results: Record<string, Run[]> = { w2: [], w0: [], py: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.w2.push(await calvaria(2));
  results.w0.push(await calvaria(0));
  results.py.push(python(Math.min(PATIENTS * SLICES, 120)));
}
const load1 = loadavg()[0];
const w2 = best(results.w2);
const w0 = best(results.w0);
const py = best(results.py);
const fmt = (r: Run): string =>
  `${r.slicesPerSecond.toFixed(1)} | ${r.cpuMsPerSlice.toFixed(1)}`;
console.log(
  `${PATIENTS} patients x ${SLICES} slices of 512x512, best of ${ROUNDS} alternating rounds; ` +
    `${availableParallelism()} CPUs, load average ${load0.toFixed(1)} before, ` +
    `${load1.toFixed(1)} after.\n`,
);
console.log('| generator | slices/s (wall) | CPU ms per slice | vs Python reference |');
console.log('|---|---|---|---|');
console.log(
  `| Python reference (numpy + scipy + pydicom, 1 process) | ${fmt(py)} | 1.0 |`,
);
console.log(
  `| calvaria generateCohort, 1 thread | ${fmt(w0)} | ` +
    `${(w0.slicesPerSecond / py.slicesPerSecond).toFixed(2)} |`,
);
console.log(
  `| calvaria generateCohort, 2 worker threads | ${fmt(w2)} | ` +
    `${(w2.slicesPerSecond / py.slicesPerSecond).toFixed(2)} |`,
);
