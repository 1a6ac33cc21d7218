// Past incidents reduced to what duration statistics need: when, how long, how bad, what kind,
// which components, whether a model was named, and the stated impact window. The extension ships
// such records for the real 2023–2025 history (bundled-history.json, made by
// scripts/build-history.ts) and derives the same records from its local history.

import { extractScope, type IncidentScope, learnFamilies } from '../scope/extract.ts'
import type { ImpactWindow, IncidentKind } from '../scope/types.ts'
import { INCIDENT_KINDS } from '../scope/types.ts'
import type { Impact, Incident } from '../statuspage/model.ts'
import { z } from '../zod.ts'

export interface HistoryRecord {
  id: string
  /** ISO: the stated window's start, else the first update (or startedAt). */
  startedAt: string
  /** ISO: the stated window's end, else resolvedAt. */
  resolvedAt: string
  /** Whole minutes, ≥ 0. */
  durationMin: number
  impact: Impact
  kind: IncidentKind
  componentIds: string[]
  /** The text names at least one model. */
  modelNamed: boolean
  window: ImpactWindow | null
}

/**
 * What the duration estimate needs of a past incident. The bundled history holds only this: the
 * dates and windows that produced each duration are not needed at run time, and leaving them out
 * of the shipped file keeps about 2 KB gzip out of the service worker's 40 KB budget.
 */
export type DurationRecord = Pick<
  HistoryRecord,
  'id' | 'durationMin' | 'impact' | 'kind' | 'componentIds' | 'modelNamed'
>

const MINUTE = 60_000
/** Longer than this is not a duration but a data error (the longest real one is ~8 days). */
export const MAX_DURATION_MIN = 60 * 24 * 60
/** Announce → resolve spans this short, with no stated window, are after-the-fact posts. */
export const AFTER_THE_FACT_MIN = 1

const ms = (s: string | null | undefined): number | null => {
  if (!s) return null
  const t = Date.parse(s)
  return Number.isFinite(t) ? t : null
}

/** When the incident was first announced: its oldest update, else startedAt, else createdAt. */
export function announcedAt(i: Incident): number | null {
  let first: number | null = null
  for (const u of i.updates ?? []) {
    const t = ms(u.at ?? u.createdAt)
    if (t !== null && (first === null || t < first)) first = t
  }
  return first ?? ms(i.startedAt) ?? ms(i.createdAt)
}

/**
 * The record for one resolved incident, or null when it has no usable duration: still open,
 * retroactive (a "[retroactive]" post or an impact-none zero-length one, statuspage.md §3), an
 * after-the-fact post whose announce → resolve span is under a minute and states no window, or an
 * absurd span. A stated window is preferred over announce → resolve, which misses the time before
 * the announcement and includes monitoring after the fix. Negative spans (backdated resolutions)
 * clamp to 0.
 */
export function toHistoryRecord(i: Incident, scope: IncidentScope): HistoryRecord | null {
  if (i.retroactive || i.isMaintenance) return null
  const w = scope.window
  const wStart = ms(w?.start)
  const wEnd = ms(w?.end)
  let start: number | null
  let end: number | null
  if (wStart !== null && wEnd !== null) {
    start = wStart
    end = wEnd
  } else {
    start = announcedAt(i)
    end = ms(i.resolvedAt)
    if (start === null || end === null || end - start < AFTER_THE_FACT_MIN * MINUTE) return null
  }
  const durationMin = Math.max(0, Math.round((end - start) / MINUTE))
  if (durationMin > MAX_DURATION_MIN) return null
  return {
    id: i.id,
    startedAt: new Date(start).toISOString(),
    resolvedAt: new Date(Math.max(start, end)).toISOString(),
    durationMin,
    impact: i.impact,
    kind: scope.kind,
    componentIds: [...scope.components].sort(),
    modelNamed: scope.models.length > 0,
    window: w && wStart !== null && wEnd !== null ? { start: w.start, end: w.end } : null,
  }
}

/** Records for every incident with a usable duration, oldest first, ties by id: deterministic. */
export function buildHistory(incidents: readonly Incident[]): HistoryRecord[] {
  const families = learnFamilies(incidents)
  const out: HistoryRecord[] = []
  for (const i of incidents) {
    const r = toHistoryRecord(i, extractScope(i, { families }))
    if (r) out.push(r)
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id))
}

/** The project formatter's line width (biome.json): the file is written already formatted. */
const LINE_WIDTH = 110

/** A value inline (`["a", "b"]`, `{ "k": "v" }`) as the formatter writes it when it fits. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
    return entries.length ? `{ ${entries.join(', ')} }` : '{}'
  }
  return JSON.stringify(v)
}

/** One field at `indent`, inline if the line fits, else one element per line. */
function field(k: string, v: unknown, indent: string): string {
  const line = `${indent}${JSON.stringify(k)}: ${inline(v)}`
  if (line.length <= LINE_WIDTH || v === null || typeof v !== 'object') return line
  const inner = `${indent}  `
  if (Array.isArray(v))
    return `${indent}${JSON.stringify(k)}: [\n${v.map((x) => inner + inline(x)).join(',\n')}\n${indent}]`
  const body = Object.entries(v).map(([kk, x]) => field(kk, x, inner))
  return `${indent}${JSON.stringify(k)}: {\n${body.join(',\n')}\n${indent}}`
}

/**
 * Deterministic JSON, laid out exactly as the project's formatter (biome) lays it out, so that
 * `biome check` leaves the generated file alone and regenerating it gives the same bytes.
 */
export function serialiseHistory(records: readonly DurationRecord[]): string {
  if (!records.length) return '[]\n'
  const blocks = records.map((r) => {
    const fields: [string, unknown][] = [
      ['id', r.id],
      ['durationMin', r.durationMin],
      ['impact', r.impact],
      ['kind', r.kind],
      ['componentIds', r.componentIds],
      ['modelNamed', r.modelNamed],
    ]
    return `  {\n${fields.map(([k, v]) => field(k, v, '    ')).join(',\n')}\n  }`
  })
  return `[\n${blocks.join(',\n')}\n]\n`
}

const RecordSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  durationMin: z.int().check(z.gte(0), z.lte(MAX_DURATION_MIN)),
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance', 'unknown']),
  kind: z.enum(INCIDENT_KINDS),
  componentIds: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50)),
  modelNamed: z.boolean(),
})

/**
 * Validates bundled records; invalid entries are dropped, never fatal. Fields beyond a
 * DurationRecord (a full HistoryRecord's dates) are dropped too.
 */
export function parseHistoryRecords(json: unknown): DurationRecord[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((r) => {
    const p = RecordSchema.safeParse(r)
    return p.success ? [p.data] : []
  })
}
