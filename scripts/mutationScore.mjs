// Checks the mutation report (reports/mutation/mutation.json, written by `stryker run`) against the least
// score each folder that carries PushPull's promises must keep, prints each folder's score, and exits 1
// when one is below its floor. Floors only rise: set each to the score a run reached, at most.
//   node scripts/mutationScore.mjs [report.json]
import { readFileSync } from 'node:fs';

/** Least mutation score (killed + timed out, over all valid mutants, in %) per folder or file. */
export const FLOORS = {
  'src/core/verify/': 92,
  'src/core/hooks/routes.ts': 96,
  'src/core/export/': 92,
};

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

function scores(report) {
  const result = new Map(Object.keys(FLOORS).map((prefix) => [prefix, { detected: 0, counted: 0 }]));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const [prefix, tally] of result) {
      if (!file.startsWith(prefix)) continue;
      for (const mutant of mutants) {
        if (!COUNTED.has(mutant.status)) continue;
        tally.counted++;
        if (DETECTED.has(mutant.status)) tally.detected++;
      }
    }
  }
  return result;
}

const file = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
let failed = false;
for (const [prefix, { detected, counted }] of scores(report)) {
  const score = counted === 0 ? 0 : (100 * detected) / counted;
  const floor = FLOORS[prefix];
  const ok = counted > 0 && score >= floor;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'LOW '} ${prefix.padEnd(28)} ${score.toFixed(1).padStart(5)}% of ${counted} mutants (floor ${floor}%)`,
  );
}
if (failed) {
  console.error('mutation score below its floor: add tests that kill the surviving mutants (see the report).');
  process.exit(1);
}
