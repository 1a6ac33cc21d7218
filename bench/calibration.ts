// Leave-one-out calibration of the duration estimator on the real history bundled with the
// extension. `run()` returns a Markdown section for bench/RESULTS.md; `npx tsx bench/calibration.ts`
// prints it.

import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { leaveOneOut } from '../src/shared/core/duration/calibrate.ts'
import { BUNDLED_HISTORY, GROUPS, MIN_GROUP } from '../src/shared/core/duration/estimate.ts'
import { percentile } from './stats.ts'

const pct = (x: number) => `${(x * 100).toFixed(1)} %`

export async function run(): Promise<string> {
  const records = BUNDLED_HISTORY
  const loo = leaveOneOut(records)
  const lines = [
    '## Duration estimate: leave-one-out calibration',
    '',
    `For each of the ${records.length} real 2023–2025 incidents with a usable duration ` +
      '(`src/shared/core/duration/bundled-history.json`), the estimator was given all the others and ' +
      'asked for the 80 % range (10th–90th percentile, nearest rank) of similar incidents; the row ' +
      `counts how often that range contained the incident's real duration. Groups fall back from ` +
      `exact to broader ones below ${MIN_GROUP} incidents. Target coverage: 70–90 %.`,
    '',
    '| group | cases | coverage |',
    '|---|---|---|',
    ...GROUPS.filter((g) => loo.byGroup[g].n > 0).map(
      (g) => `| ${g} | ${loo.byGroup[g].n} | ${pct(loo.byGroup[g].coverage)} |`,
    ),
    `| **all** | **${loo.cases.length}** | **${pct(loo.coverage)}** |`,
    '',
    `Median absolute error of the median estimate: ${loo.medianAbsErrorMin} min ` +
      `(real durations: median ${percentile(
        records.map((r) => r.durationMin),
        50,
      )} min).`,
    '',
  ]
  return lines.join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run().then((s) => process.stdout.write(`${s}\n`))
}
