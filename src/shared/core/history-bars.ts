// The 90-day picture: for each watched component, one bar per day coloured by the worst state that
// day, from the local incident history. Days before the oldest incident we hold are "no data" —
// incidents.json only ever returns the last 50 incidents, so an empty day there is not a good day.
import { statusSeverity } from './official.ts'
import type { ComponentStatus, Impact, Incident } from './statuspage/model.ts'

export const HISTORY_DAYS = 90
const DAY_MS = 86_400_000

export type DayState = ComponentStatus | 'no-data'

export interface DayBar {
  /** UTC day start, epoch ms. */
  day: number
  state: DayState
  /** Incidents active on this component that day (ids and titles), newest first. */
  incidents: { id: string; title: string }[]
}

/** When an incident gives no component transitions, its impact stands in for the state. */
const IMPACT_STATUS: Record<Impact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
  unknown: 'degraded_performance',
}

function utcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS
}

function time(s: string | null): number | null {
  const t = s ? Date.parse(s) : Number.NaN
  return Number.isFinite(t) ? t : null
}

/** The worst status an incident gave this component, from its updates' transitions. */
function worstFor(incident: Incident, componentId: string): ComponentStatus | null {
  let worst: ComponentStatus | null = null
  for (const u of incident.updates)
    for (const tr of u.transitions)
      if (tr.componentId === componentId && (worst === null || statusSeverity(tr.to) > statusSeverity(worst)))
        worst = tr.to
  return worst
}

export function dailyBars(
  history: readonly Incident[],
  componentId: string,
  now: number,
  days = HISTORY_DAYS,
): DayBar[] {
  const today = utcDay(now)
  const first = today - (days - 1) * DAY_MS
  const starts = history.map((i) => time(i.startedAt ?? i.createdAt)).filter((t): t is number => t !== null)
  const coverage = starts.length ? utcDay(Math.min(...starts)) : today + DAY_MS
  const bars: DayBar[] = []
  for (let day = first; day <= today; day += DAY_MS)
    bars.push({ day, state: day < coverage ? 'no-data' : 'operational', incidents: [] })
  for (const incident of history) {
    if (incident.retroactive && incident.impact === 'none') continue
    if (incident.componentIds.length && !incident.componentIds.includes(componentId)) continue
    if (!incident.componentIds.length) continue // names no component: not drawn on any row
    const start = time(incident.startedAt ?? incident.createdAt)
    if (start === null) continue
    // Open incidents last until now; absurd (backdated) resolutions are clamped to the start.
    const end = Math.max(start, time(incident.resolvedAt) ?? now)
    const state = worstFor(incident, componentId) ?? IMPACT_STATUS[incident.impact]
    for (const bar of bars) {
      if (bar.day + DAY_MS <= start || bar.day > end) continue
      bar.incidents.push({ id: incident.id, title: incident.name })
      if (bar.state === 'no-data' || statusSeverity(state) > statusSeverity(bar.state)) bar.state = state
    }
  }
  return bars
}
