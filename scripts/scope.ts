// npm run scope -- <incidents.json> [--labels <labels.json>]
//
// Reads a file in the shape of Statuspage's incidents.json and prints one JSON object per incident
// and line on stdout: {"id","components","models","allModels","tiers","kind"}. With --labels (the
// format of the shared labels fixture) it also prints per-field accuracy and the incidents it got
// wrong, on stderr, so stdout stays machine-readable JSON Lines.
//
// Families are learned from the whole file first (learnFamilies), as the extension learns them from
// its local history: a bare "Opus" is recognised because another incident says "Claude 3 Opus".

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ModelRef, modelKey } from '../src/shared/core/models.ts'
import { extractScope, type IncidentScope, learnFamilies } from '../src/shared/core/scope/extract.ts'
import type { Incident } from '../src/shared/core/statuspage/model.ts'
import { parseIncidentsText } from '../src/shared/core/statuspage/normalise.ts'
import { describeZodError, z } from '../src/shared/core/zod.ts'

export interface ScopeLine {
  id: string
  components: string[]
  models: ModelRef[]
  allModels: boolean
  tiers: string[]
  kind: string
}

export function scopeLine(id: string, s: IncidentScope): ScopeLine {
  return {
    id,
    components: s.components,
    models: s.models.map((m) => ({ family: m.family, version: m.version })),
    allModels: s.allModels,
    tiers: s.tiers,
    kind: s.kind,
  }
}

export function scopeAll(incidents: Incident[]): ScopeLine[] {
  const families = learnFamilies(incidents)
  return incidents.map((i) => scopeLine(i.id, extractScope(i, { families })))
}

const LabelSchema = z.looseObject({
  name: z.optional(z.string()),
  models: z.array(z.object({ family: z.string(), version: z.nullable(z.string()) })),
  all_models: z.boolean(),
  tiers: z.array(z.string()),
  kind: z.string(),
})
export const LabelsSchema = z.record(z.string(), LabelSchema)
export type Labels = z.output<typeof LabelsSchema>

export type Field = 'models' | 'allModels' | 'tiers' | 'kind'
export const FIELDS: Field[] = ['models', 'allModels', 'tiers', 'kind']

export interface FieldScore {
  field: Field
  correct: number
  total: number
  /** 0–1. */
  accuracy: number
}

export interface Miss {
  id: string
  field: Field
  expected: string
  got: string
  title: string
}

export interface ScoreReport {
  fields: FieldScore[]
  wrong: Miss[]
  /** Incidents in the input that have no label (not scored). */
  unlabelled: string[]
}

const setOf = (xs: string[]) => [...new Set(xs)].sort().join(', ')
const modelsText = (ms: ModelRef[]) =>
  setOf(ms.map((m) => modelKey({ family: m.family, version: m.version })))

/**
 * Per-field accuracy of `lines` against hand labels: models and tiers as exact sets (order and
 * duplicates ignored), allModels and kind as equal values. Only labelled incidents are scored.
 */
export function scoreAgainstLabels(
  lines: ScopeLine[],
  labels: Labels,
  titles: Record<string, string> = {},
): ScoreReport {
  const correct: Record<Field, number> = { models: 0, allModels: 0, tiers: 0, kind: 0 }
  const wrong: Miss[] = []
  const unlabelled: string[] = []
  let total = 0
  for (const line of lines) {
    const label = labels[line.id]
    if (!label) {
      unlabelled.push(line.id)
      continue
    }
    total++
    const pairs: [Field, string, string][] = [
      ['models', modelsText(label.models), modelsText(line.models)],
      ['allModels', String(label.all_models), String(line.allModels)],
      ['tiers', setOf(label.tiers), setOf(line.tiers)],
      ['kind', label.kind, line.kind],
    ]
    for (const [field, expected, got] of pairs) {
      if (expected === got) correct[field]++
      else wrong.push({ id: line.id, field, expected, got, title: titles[line.id] ?? label.name ?? '' })
    }
  }
  return {
    fields: FIELDS.map((field) => ({
      field,
      correct: correct[field],
      total,
      accuracy: total ? correct[field] / total : 0,
    })),
    wrong,
    unlabelled,
  }
}

/** The report as Markdown: an accuracy table, then the misses. */
export function formatReport(report: ScoreReport): string {
  const out = ['| field | correct | total | accuracy |', '|---|---|---|---|']
  for (const f of report.fields)
    out.push(`| ${f.field} | ${f.correct} | ${f.total} | ${(f.accuracy * 100).toFixed(1)} % |`)
  out.push('')
  if (report.wrong.length) {
    out.push('| id | field | expected | got | title |', '|---|---|---|---|---|')
    for (const w of report.wrong)
      out.push(
        `| ${w.id} | ${w.field} | ${w.expected || '∅'} | ${w.got || '∅'} | ${w.title.replace(/\|/g, '\\|')} |`,
      )
  } else out.push('No incident got a field wrong.')
  if (report.unlabelled.length) out.push('', `Not labelled (not scored): ${report.unlabelled.join(', ')}`)
  return out.join('\n')
}

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message)
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    throw new CliError(`scope: cannot read ${what} ${path} (${code})`, 1)
  }
}

const USAGE = 'usage: npm run scope -- <incidents.json> [--labels <labels.json>]'

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const args = [...argv]
    let labelsPath: string | null = null
    const li = args.indexOf('--labels')
    if (li >= 0) {
      labelsPath = args[li + 1] ?? null
      if (!labelsPath) throw new CliError(`scope: --labels needs a file\n${USAGE}`, 2)
      args.splice(li, 2)
    }
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new CliError(USAGE, 2)
    const path = resolve(args[0]!)
    const parsed = parseIncidentsText(readText(path, 'incidents file'))
    if (!parsed.ok)
      throw new CliError(`scope: ${path} is not a Statuspage incidents.json: ${parsed.reason}`, 1)
    const lines = scopeAll(parsed.value)
    for (const line of lines) out(JSON.stringify(line))
    if (labelsPath) {
      const lp = resolve(labelsPath)
      let json: unknown
      try {
        json = JSON.parse(readText(lp, 'labels file'))
      } catch (e) {
        if (e instanceof CliError) throw e
        throw new CliError(`scope: ${lp} is not JSON`, 1)
      }
      const labels = LabelsSchema.safeParse(json)
      if (!labels.success)
        throw new CliError(`scope: ${lp} is not a labels file: ${describeZodError(labels.error)}`, 1)
      const titles = Object.fromEntries(parsed.value.map((i) => [i.id, i.name]))
      err(formatReport(scoreAgainstLabels(lines, labels.data, titles)))
    }
    return 0
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message)
      return e.code
    }
    throw e
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `npm run scope -- … | head` closes stdout early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
  process.exitCode = main(
    process.argv.slice(2),
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`),
  )
}
