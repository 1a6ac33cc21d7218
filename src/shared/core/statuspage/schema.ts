// Lenient schemas for Atlassian Statuspage v2 payloads (statuspage.md §1, §3). Identity fields
// (ids) are required; everything else is optional with a safe default, unknown enum values become
// 'unknown' instead of failing the whole summary, and unknown keys are stripped. Text is capped so a
// hostile or runaway payload cannot blow up storage.
import { z } from '../zod.ts'

export const MAX_TEXT = 20_000
export const MAX_NAME = 300
export const MAX_UPDATES_PER_INCIDENT = 200
export const MAX_COMPONENTS = 300
export const MAX_INCIDENTS = 200

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const
export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const
export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const

export type ComponentStatus = (typeof COMPONENT_STATUSES)[number] | 'unknown'
export type Indicator = (typeof INDICATORS)[number] | 'unknown'
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | 'unknown'
export type Impact = (typeof IMPACTS)[number] | 'unknown'

function lenientEnum<const T extends readonly string[]>(values: T) {
  const known = new Set<string>(values)
  return z
    .unknown()
    .optional()
    .transform((v): T[number] | 'unknown' =>
      typeof v === 'string' && known.has(v) ? (v as T[number]) : 'unknown',
    )
}

const id = z.string().min(1).max(64)
const text = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.slice(0, max) : ''))
const optionalText = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.slice(0, max) : null))
/** ISO-8601 with any offset, or null when absent or unparsable (never throws). */
const timestamp = z
  .unknown()
  .optional()
  .transform((v) => {
    if (typeof v !== 'string') return null
    const t = Date.parse(v)
    return Number.isFinite(t) ? new Date(t).toISOString() : null
  })
const optionalNumber = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null))

export const RawComponentSchema = z.object({
  id,
  name: text(MAX_NAME),
  status: lenientEnum(COMPONENT_STATUSES),
  position: optionalNumber,
  description: optionalText(MAX_NAME * 4),
  group: z
    .unknown()
    .optional()
    .transform((v) => v === true),
  group_id: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && v ? v : null)),
  only_show_if_degraded: z
    .unknown()
    .optional()
    .transform((v) => v === true),
  updated_at: timestamp,
})

const AffectedComponentSchema = z.object({
  code: id,
  name: text(MAX_NAME),
  old_status: lenientEnum(COMPONENT_STATUSES),
  new_status: lenientEnum(COMPONENT_STATUSES),
})

export const RawIncidentUpdateSchema = z.object({
  id: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.slice(0, 64) : '')),
  status: lenientEnum(INCIDENT_STATUSES),
  body: text(MAX_TEXT),
  created_at: timestamp,
  display_at: timestamp,
  // null means "no change" (statuspage.md §3); malformed entries are ignored, not fatal.
  affected_components: z
    .unknown()
    .optional()
    .transform((v) =>
      Array.isArray(v)
        ? v.flatMap((c) => {
            const r = AffectedComponentSchema.safeParse(c)
            return r.success ? [r.data] : []
          })
        : [],
    ),
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
  shortlink: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && /^https:\/\/[^\s"<>]{1,200}$/.test(v) ? v : null)),
  components: z
    .unknown()
    .optional()
    .transform((v) =>
      Array.isArray(v)
        ? v.flatMap((c) =>
            c && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string' ? [c] : [],
          )
        : [],
    )
    .pipe(z.array(z.object({ id, name: text(MAX_NAME), status: lenientEnum(COMPONENT_STATUSES) }))),
  incident_updates: z
    .unknown()
    .optional()
    .transform((v) => (Array.isArray(v) ? v.slice(0, MAX_UPDATES_PER_INCIDENT * 5) : []))
    .pipe(z.array(z.unknown()))
    .transform((list) =>
      list.flatMap((u) => {
        const r = RawIncidentUpdateSchema.safeParse(u)
        return r.success ? [r.data] : []
      }),
    ),
})

export const RawSummarySchema = z.object({
  page: z
    .object({
      id: z.string().max(64).catch(''),
      name: z.string().max(MAX_NAME).catch(''),
      url: z.string().max(300).catch(''),
      updated_at: timestamp,
    })
    .optional(),
  status: z.object({ indicator: lenientEnum(INDICATORS), description: text(MAX_NAME) }).optional(),
  components: z.array(RawComponentSchema).max(MAX_COMPONENTS),
  // incident.io's Statuspage-compatible subset omits these keys (statuspage.md §6).
  incidents: z.array(RawIncidentSchema).max(MAX_INCIDENTS).optional().default([]),
  scheduled_maintenances: z.array(RawIncidentSchema).max(MAX_INCIDENTS).optional().default([]),
})

export const RawIncidentsSchema = z.object({
  incidents: z.array(RawIncidentSchema).max(1000),
})

export type RawIncident = z.output<typeof RawIncidentSchema>
export type RawSummary = z.output<typeof RawSummarySchema>
