// Schemas for what the background keeps in storage.local. Storage is an input like any other: a
// value written by an older version, or damaged, must not crash the worker. Parse failures degrade
// to "nothing stored" (status unknown), never to "all good".

import type { Incident, SourceHealth, StatusSnapshot } from '../core/statuspage/model.ts'
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS } from '../core/statuspage/vocab.ts'
import { z } from '../core/zod.ts'
import { MsgSchema, upgradeLegacyHealthReason } from './message.ts'

const componentStatus = z.catch(z.enum([...COMPONENT_STATUSES, 'unknown']), 'unknown')
const incidentStatus = z.catch(z.enum([...INCIDENT_STATUSES, 'unknown']), 'unknown')
const impact = z.catch(z.enum([...IMPACTS, 'unknown']), 'unknown')
const indicator = z.catch(z.enum([...INDICATORS, 'unknown']), 'unknown')
const iso = z.nullable(z.string().check(z.maxLength(40)))

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
  shortlink: z.nullable(z.string()),
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
  groupId: z.nullable(z.string()),
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
  reason: z.nullable(MsgSchema),
  since: z.number(),
})

export const StatusStateSchema = z.object({
  snapshot: z.nullable(SnapshotSchema),
  health: HealthSchema,
  etag: z.nullable(z.string().check(z.maxLength(200))),
  lastAttemptAt: z.nullable(z.number()),
  /** Last time the source answered usably (200 parsed, or 304). */
  lastSuccessAt: z.nullable(z.number()),
  failures: z.int().check(z.gte(0)),
  nextDueAt: z.number(),
  incidentsEtag: z.nullable(z.string().check(z.maxLength(200))),
  incidentsFetchedAt: z.nullable(z.number()),
})

export type StatusState = z.output<typeof StatusStateSchema>

/** A stored status state from before 0.4.0, upgraded (see upgradeLegacyHealthReason). */
export const upgradeStatusState = upgradeLegacyHealthReason

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

export const HistorySchema = z.array(IncidentSchema).check(z.maxLength(2000))

// Compile-time guard: the stored schemas must describe exactly the normalised model.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _checks: [
  Same<z.output<typeof HealthSchema>, SourceHealth>,
  Same<z.output<typeof SnapshotSchema>, StatusSnapshot>,
  Same<z.output<typeof IncidentSchema>, Incident>,
] = [true, true, true]
void _checks
