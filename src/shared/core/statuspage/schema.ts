// Lenient schemas for Atlassian Statuspage v2 payloads (statuspage.md §1, §3). Identity fields
// (ids) are required; everything else is optional with a safe default, unknown enum values become
// 'unknown' instead of failing the whole summary, and unknown keys are stripped. Text is capped so a
// hostile or runaway payload cannot blow up storage.
import { z } from '../zod.ts'
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS } from './vocab.ts'

export const MAX_TEXT = 20_000
export const MAX_NAME = 300
export const MAX_UPDATES_PER_INCIDENT = 200
export const MAX_COMPONENTS = 300
export const MAX_INCIDENTS = 200

export {
  COMPONENT_STATUSES,
  type ComponentStatus,
  IMPACTS,
  type Impact,
  INCIDENT_STATUSES,
  INDICATORS,
  type IncidentStatus,
  type Indicator,
} from './vocab.ts'

/** Any value (or a missing key) mapped by `fn`: lenient fields never fail the whole payload. */
function lenient<T>(fn: (v: unknown) => T) {
  return z.pipe(z.optional(z.unknown()), z.transform(fn))
}

function lenientEnum<const T extends readonly string[]>(values: T) {
  const known = new Set<string>(values)
  return lenient((v): T[number] | 'unknown' =>
    typeof v === 'string' && known.has(v) ? (v as T[number]) : 'unknown',
  )
}

const id = z.string().check(z.minLength(1), z.maxLength(64))
const text = (max: number) => lenient((v) => (typeof v === 'string' ? v.slice(0, max) : ''))
const optionalText = (max: number) => lenient((v) => (typeof v === 'string' ? v.slice(0, max) : null))
/** ISO-8601 with any offset, or null when absent or unparsable (never throws). */
const timestamp = lenient((v) => {
  if (typeof v !== 'string') return null
  const t = Date.parse(v)
  return Number.isFinite(t) ? new Date(t).toISOString() : null
})
const optionalNumber = lenient((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null))

/** Keeps the entries of a list that parse; drops the rest (a malformed entry is not fatal). */
function lenientList<T>(item: z.ZodMiniType<T>, max: number) {
  return lenient((v) =>
    Array.isArray(v)
      ? v.slice(0, max).flatMap((entry) => {
          const r = item.safeParse(entry)
          return r.success ? [r.data] : []
        })
      : [],
  )
}

export const RawComponentSchema = z.object({
  id,
  name: text(MAX_NAME),
  status: lenientEnum(COMPONENT_STATUSES),
  position: optionalNumber,
  description: optionalText(MAX_NAME * 4),
  group: lenient((v) => v === true),
  group_id: lenient((v) => (typeof v === 'string' && v ? v : null)),
  only_show_if_degraded: lenient((v) => v === true),
  updated_at: timestamp,
})

const AffectedComponentSchema = z.object({
  code: id,
  name: text(MAX_NAME),
  old_status: lenientEnum(COMPONENT_STATUSES),
  new_status: lenientEnum(COMPONENT_STATUSES),
})

export const RawIncidentUpdateSchema = z.object({
  id: lenient((v) => (typeof v === 'string' ? v.slice(0, 64) : '')),
  status: lenientEnum(INCIDENT_STATUSES),
  body: text(MAX_TEXT),
  created_at: timestamp,
  display_at: timestamp,
  // null means "no change" (statuspage.md §3); malformed entries are ignored, not fatal.
  affected_components: lenientList(AffectedComponentSchema, MAX_COMPONENTS),
})

export const RawIncidentSchema = z.object({
  id,
  name: text(MAX_NAME),
  status: lenientEnum(INCIDENT_STATUSES),
  impact: lenientEnum(IMPACTS),
  created_at: timestamp,
  updated_at: timestamp,
  started_at: timestamp,
  monitoring_at: timestamp,
  resolved_at: timestamp,
  scheduled_for: timestamp,
  scheduled_until: timestamp,
  shortlink: lenient((v) => (typeof v === 'string' && /^https:\/\/[^\s"<>]{1,200}$/.test(v) ? v : null)),
  components: lenientList(
    z.object({ id, name: text(MAX_NAME), status: lenientEnum(COMPONENT_STATUSES) }),
    MAX_COMPONENTS,
  ),
  // Bounded before parsing: thousands of updates must not stall the worker.
  incident_updates: lenientList(RawIncidentUpdateSchema, MAX_UPDATES_PER_INCIDENT * 5),
})

export const RawSummarySchema = z.object({
  page: z.optional(
    z.object({
      id: z.catch(z.string().check(z.maxLength(64)), ''),
      name: z.catch(z.string().check(z.maxLength(MAX_NAME)), ''),
      url: z.catch(z.string().check(z.maxLength(300)), ''),
      updated_at: timestamp,
    }),
  ),
  status: z.optional(z.object({ indicator: lenientEnum(INDICATORS), description: text(MAX_NAME) })),
  components: z.array(RawComponentSchema).check(z.maxLength(MAX_COMPONENTS)),
  // incident.io's Statuspage-compatible subset omits these keys (statuspage.md §6).
  incidents: z._default(z.array(RawIncidentSchema).check(z.maxLength(MAX_INCIDENTS)), []),
  scheduled_maintenances: z._default(z.array(RawIncidentSchema).check(z.maxLength(MAX_INCIDENTS)), []),
})

export const RawIncidentsSchema = z.object({
  incidents: z.array(RawIncidentSchema).check(z.maxLength(1000)),
})

export type RawIncident = z.output<typeof RawIncidentSchema>
export type RawSummary = z.output<typeof RawSummarySchema>
