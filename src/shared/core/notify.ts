// Which notifications a new official state calls for. The baseline (last notified status per
// watched component) lives in storage, not memory: an MV3 worker restart must neither repeat a
// notification nor invent a recovery (a peer extension shipped false "all operational" recoveries
// because its baseline lived in memory, peers.md §2 JCS).
//
//   operational ──(any other status)──► notify "down"  ──(operational)──► notify "up"
//   degraded ↔ partial ↔ major: no new notification (the badge shows the change)
//   source unknown / stale: no decision at all, baseline untouched
import { type Msg, msg } from './message.ts'
import { type OfficialState, statusMessageKey } from './official.ts'
import type { ComponentStatus } from './statuspage/model.ts'

export type Baseline = Record<string, ComponentStatus>

export interface PlannedNotification {
  id: string
  componentId: string
  direction: 'down' | 'up'
  title: Msg
  message: Msg
}

export function planNotifications(
  baseline: Baseline | null,
  state: OfficialState,
  translate: (m: Msg) => string,
): { notifications: PlannedNotification[]; baseline: Baseline | null } {
  if (!state.fresh) return { notifications: [], baseline }
  const next: Baseline = {}
  for (const c of state.watched) next[c.id] = c.status
  // First sight (fresh install): record silently; the popup and badge already show the state.
  if (baseline === null) return { notifications: [], baseline: next }
  const incidentTitle = (componentId: string) =>
    state.incidents.find((i) => i.componentIds.includes(componentId))?.name ??
    state.incidents[0]?.name ??
    null
  const notifications: PlannedNotification[] = []
  for (const c of state.watched) {
    const before = baseline[c.id]
    if (before === undefined) continue // newly watched: no change to report
    const wasUp = before === 'operational'
    const isUp = c.status === 'operational'
    if (wasUp === isUp) continue
    const title = incidentTitle(c.id)
    notifications.push({
      id: `status:${c.id}:${isUp ? 'up' : 'down'}:${state.health.since}:${c.status}`,
      componentId: c.id,
      direction: isUp ? 'up' : 'down',
      title: isUp
        ? msg('notifyUpTitle', c.name)
        : msg('notifyDownTitle', c.name, translate(msg(statusMessageKey(c.status)))),
      message: isUp
        ? title
          ? msg('notifyUpBodyIncident', title)
          : msg('notifyUpBody')
        : title
          ? msg('notifyDownBodyIncident', title)
          : msg('notifyDownBody'),
    })
  }
  return { notifications, baseline: next }
}

/** "Notify me when this is resolved": one notification, then the request is forgotten. */
export interface ResolveWatch {
  id: string
  title: string
}

/**
 * Which watched incidents are resolved now. Only a fresh read can say so (an unreadable status page
 * is not a resolution); an incident that is no longer open in a fresh summary is resolved.
 */
export function planResolved(
  watch: readonly ResolveWatch[],
  openIncidentIds: readonly string[] | null,
): { resolved: ResolveWatch[]; remaining: ResolveWatch[] } {
  if (openIncidentIds === null) return { resolved: [], remaining: [...watch] }
  const open = new Set(openIncidentIds)
  return { resolved: watch.filter((w) => !open.has(w.id)), remaining: watch.filter((w) => open.has(w.id)) }
}
