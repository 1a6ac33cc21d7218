// The normalised status model: everything keyed by component id (names change, statuspage.md §2),
// camelCase, and free of the payload's quirks. Stored in extension storage, so plain JSON only.
import type { Msg } from '../message.ts'
import type { ComponentStatus, Impact, IncidentStatus, Indicator } from './schema.ts'

export type { ComponentStatus, Impact, IncidentStatus, Indicator }

export interface Component {
  id: string
  name: string
  status: ComponentStatus
  position: number
  /** The group this component belongs to; groups themselves are not drawn as rows. */
  groupId: string | null
  isGroup: boolean
}

export interface ComponentTransition {
  componentId: string
  /** Name at the time of the update (historical). */
  name: string
  from: ComponentStatus
  to: ComponentStatus
}

export interface IncidentUpdate {
  id: string
  status: IncidentStatus
  body: string
  /** display_at, falling back to created_at (backdated updates, statuspage.md §3). */
  at: string | null
  createdAt: string | null
  /** Real transitions only: entries whose old and new status are equal are dropped. */
  transitions: ComponentTransition[]
}

export interface Incident {
  id: string
  name: string
  status: IncidentStatus
  impact: Impact
  createdAt: string | null
  startedAt: string | null
  monitoringAt: string | null
  resolvedAt: string | null
  updatedAt: string | null
  shortlink: string | null
  /** Union of incident.components and every update's affected_components (either may be empty). */
  componentIds: string[]
  /** Newest first, ordered by display time then creation time. */
  updates: IncidentUpdate[]
  /** "[retroactive]" posts and impact-none zero-length posts: history only, never "current". */
  retroactive: boolean
  isMaintenance: boolean
  scheduledFor: string | null
  scheduledUntil: string | null
}

export interface StatusSnapshot {
  pageName: string
  pageUrl: string
  pageUpdatedAt: string | null
  indicator: Indicator
  description: string
  /** Ordered by position. */
  components: Component[]
  /** Unresolved, non-retroactive incidents. */
  incidents: Incident[]
  /** Upcoming and in-progress maintenances. */
  maintenances: Incident[]
  /** Our own fetch time (epoch ms): page.updated_at is the provider's last edit, not freshness. */
  fetchedAt: number
}

export type SourceHealthState = 'ok' | 'stale' | 'unreachable' | 'invalid'

export interface SourceHealth {
  state: SourceHealthState
  /** Why it is not ok, as a message the UI translates (technical detail, if any, as a substitution). */
  reason: Msg | null
  /** When the current state began (epoch ms). */
  since: number
}
