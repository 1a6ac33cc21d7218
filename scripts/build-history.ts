// npx tsx scripts/build-history.ts [incidents.json]
//
// Writes src/shared/core/duration/bundled-history.json: the real 2023–2025 incident history reduced
// to duration records (no text), so the extension ships real durations without the fixture. The
// output is deterministic; estimate.test.ts fails if the committed file is not what this produces.

import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildHistory, serialiseHistory } from '../src/shared/core/duration/history.ts'
import { parseIncidentsText } from '../src/shared/core/statuspage/normalise.ts'
import { SHARED_FIXTURES } from '../test/fixtures.ts'

export const DEFAULT_SOURCE = resolve(SHARED_FIXTURES, 'statuspage/anthropic-incidents-2023-2025.json')
export const OUTPUT = fileURLToPath(
  new URL('../src/shared/core/duration/bundled-history.json', import.meta.url),
)

/** The file's content for an incidents.json text. */
export function buildHistoryFile(incidentsText: string): string {
  const parsed = parseIncidentsText(incidentsText)
  if (!parsed.ok) throw new Error(`not a Statuspage incidents.json: ${parsed.reason}`)
  return serialiseHistory(buildHistory(parsed.value))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = resolve(process.argv[2] ?? DEFAULT_SOURCE)
  const text = buildHistoryFile(readFileSync(source, 'utf8'))
  writeFileSync(OUTPUT, text)
  process.stdout.write(`wrote ${OUTPUT} (${text.length} bytes) from ${source}\n`)
}
