// Schemas for what the background keeps in storage.local. Storage is an input like any other: a
// value written by an older version, or damaged, must not crash the worker. Parse failures degrade
// to "nothing stored" (status unknown), never to "all good".
import type { Incident, SourceHealth, StatusSnapshot } from '../core/statuspage/model.ts'
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS } from '../core/statuspage/schema.ts'
import { z } from '../core/zod.ts'

const componentStatus = z.enum([...COMPONENT_STATUSES, 'unknown']).catch('unknown')
const incidentStatus = z.enum([...INCIDENT_STATUSES, 'unknown']).catch('unknown')
const impact = z.enum([...IMPACTS, 'unknown']).catch('unknown')
const indicator = z.enum([...INDICATORS, 'unknown']).catch('unknown')
const iso = z.string().max(40).nullable()

const TransitionSchema = z.object({
  componentId: z.string(),
  name: z.string(),
  from: componentStatus,
  to: componentStatus,
})
const UpdateSchema = z.object({
  id: z.string(),
  status: incidentStatus,
  body: z.string(),
  at: iso,
  createdAt: iso,
  transitions: z.array(TransitionSchema),
})
export const IncidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: incidentStatus,
  impact,
  createdAt: iso,
  startedAt: iso,
  monitoringAt: iso,
  resolvedAt: iso,
  updatedAt: iso,
  shortlink: z.string().nullable(),
  componentIds: z.array(z.string()),
  updates: z.array(UpdateSchema),
  retroactive: z.boolean(),
  isMaintenance: z.boolean(),
  scheduledFor: iso,
  scheduledUntil: iso,
})
const ComponentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: componentStatus,
  position: z.number(),
  groupId: z.string().nullable(),
  isGroup: z.boolean(),
})
export const SnapshotSchema = z.object({
  pageName: z.string(),
  pageUrl: z.string(),
  pageUpdatedAt: iso,
  indicator,
  description: z.string(),
  components: z.array(ComponentSchema),
  incidents: z.array(IncidentSchema),
  maintenances: z.array(IncidentSchema),
  fetchedAt: z.number(),
})
export const HealthSchema = z.object({
  state: z.enum(['ok', 'stale', 'unreachable', 'invalid']),
  reason: z.string().nullable(),
  since: z.number(),
})

export const StatusStateSchema = z.object({
  snapshot: SnapshotSchema.nullable(),
  health: HealthSchema,
  etag: z.string().max(200).nullable(),
  lastAttemptAt: z.number().nullable(),
  /** Last time the source answered usably (200 parsed, or 304). */
  lastSuccessAt: z.number().nullable(),
  failures: z.number().int().min(0),
  nextDueAt: z.number(),
  incidentsEtag: z.string().max(200).nullable(),
  incidentsFetchedAt: z.number().nullable(),
})

export type StatusState = z.output<typeof StatusStateSchema>

export const INITIAL_STATUS_STATE: StatusState = {
  snapshot: null,
  health: { state: 'stale', reason: null, since: 0 },
  etag: null,
  lastAttemptAt: null,
  lastSuccessAt: null,
  failures: 0,
  nextDueAt: 0,
  incidentsEtag: null,
  incidentsFetchedAt: null,
}

export const HistorySchema = z.array(IncidentSchema).max(2000)

// Compile-time guard: the stored schemas must describe exactly the normalised model.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _checks: [
  Same<z.output<typeof HealthSchema>, SourceHealth>,
  Same<z.output<typeof SnapshotSchema>, StatusSnapshot>,
  Same<z.output<typeof IncidentSchema>, Incident>,
] = [true, true, true]
void _checks

export function parseStored<T>(schema: z.ZodType<T>, raw: unknown, fallback: T): T {
  const r = schema.safeParse(raw)
  return r.success ? r.data : fallback
}
