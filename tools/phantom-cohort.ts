// Writes a synthetic cohort with @calvaria/phantom's generateCohort, for checking it with
// tools/phantom-check.py or for trying the pipeline by hand.
//
//   pnpm exec tsc -b packages/phantom
//   pnpm exec tsx tools/phantom-cohort.ts OUT_DIR [PATIENTS] [SLICES_PER_SERIES] [SEED]
//
// Defaults: 6 patients, 20 slices each, seed 'check'. Prints the counts per label.
import { generateCohort } from '../packages/phantom/dist/index.js';

const [outDir, patients = '6', slices = '20', seed = 'check'] = process.argv.slice(2);
if (outDir === undefined) {
  process.stderr.write(
    'usage: tsx tools/phantom-cohort.ts OUT_DIR [PATIENTS] [SLICES_PER_SERIES] [SEED]\n',
  );
  process.exit(2);
}

const t0 = performance.now();
const summary = await generateCohort({
  patients: Number(patients),
  slicesPerSeries: Number(slices),
  seed,
  outDir,
});
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${summary.slices} slices of ${summary.patients} patients in ${outDir} ` +
    `(${JSON.stringify(summary.counts)}), ${seconds.toFixed(1)} s\n`,
);
