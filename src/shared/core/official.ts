// What the official status page says about the components the user watches: one level, a badge
// and a headline. Pure: the background and the popup both call it on stored data.
import { KNOWN_COMPONENT_NAMES } from '../components.ts'
import { type Msg, msg } from './message.ts'
import type {
  Component,
  ComponentStatus,
  Incident,
  SourceHealth,
  StatusSnapshot,
} from './statuspage/model.ts'
import { isIncidentOpen } from './statuspage/normalise.ts'

export type OfficialLevel = 'ok' | 'degraded' | 'outage' | 'maintenance' | 'unknown'

/** No successful read for this long and the data is "stale": 5 missed 60-s polls. */
export const STALE_AFTER_MS = 5 * 60_000

const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
  // An unknown status value is treated as a problem we cannot name, never as "operational".
  unknown: 2,
}

/** Severity rank of a component status, for "worst of" comparisons. */
export function statusSeverity(s: ComponentStatus): number {
  return SEVERITY[s]
}

export interface WatchedComponent {
  id: string
  name: string
  status: ComponentStatus
}

export interface OfficialState {
  level: OfficialLevel
  /** The worst status among watched components (null when there is no data at all). */
  worst: ComponentStatus | null
  watched: WatchedComponent[]
  /** Open incidents touching a watched component, or with no components named at all. */
  incidents: Incident[]
  maintenances: Incident[]
  health: SourceHealth
  /** Age of the data shown, ms since our last successful fetch; null if never fetched. */
  ageMs: number | null
  /** Whether the level rests on fresh data (false: last known state of a failing source). */
  fresh: boolean
}

export function componentName(c: Pick<Component, 'id' | 'name'>): string {
  return c.name || KNOWN_COMPONENT_NAMES[c.id] || c.id
}

/** Health as of `now`: an "ok" source whose last success is too old is "stale". */
export function effectiveHealth(
  health: SourceHealth,
  lastSuccessAt: number | null,
  now: number,
): SourceHealth {
  if (health.state === 'ok' && (lastSuccessAt === null || now - lastSuccessAt > STALE_AFTER_MS))
    return { state: 'stale', reason: null, since: lastSuccessAt ?? health.since }
  return health
}

export function officialState(
  snapshot: StatusSnapshot | null,
  health: SourceHealth,
  watchedIds: readonly string[],
  now: number,
): OfficialState {
  const watchSet = new Set(watchedIds)
  const watched: WatchedComponent[] = snapshot
    ? snapshot.components
        .filter((c) => !c.isGroup && watchSet.has(c.id))
        .map((c) => ({ id: c.id, name: componentName(c), status: c.status }))
    : []
  const touches = (i: Incident) =>
    i.componentIds.length === 0 || i.componentIds.some((id) => watchSet.has(id))
  const incidents = snapshot ? snapshot.incidents.filter((i) => isIncidentOpen(i) && touches(i)) : []
  const maintenances = snapshot ? snapshot.maintenances.filter((m) => touches(m)) : []
  const worst = watched.length
    ? watched.reduce<ComponentStatus>(
        (w, c) => (SEVERITY[c.status] > SEVERITY[w] ? c.status : w),
        'operational',
      )
    : null
  const fresh = health.state === 'ok' && snapshot !== null
  let level: OfficialLevel
  if (!fresh || worst === null) level = 'unknown'
  else if (worst === 'major_outage' || worst === 'partial_outage') level = 'outage'
  else if (worst === 'degraded_performance' || worst === 'unknown') level = 'degraded'
  else if (worst === 'under_maintenance') level = 'maintenance'
  // A model-level incident often leaves every component green (statuspage.md §2): still a problem.
  else if (incidents.some((i) => i.impact !== 'none')) level = 'degraded'
  else level = 'ok'
  return {
    level,
    worst,
    watched,
    incidents,
    maintenances,
    health,
    ageMs: snapshot ? Math.max(0, now - snapshot.fetchedAt) : null,
    fresh,
  }
}

export interface Badge {
  text: string
  color: string
  title: Msg
}

export const BADGE_COLORS = {
  degraded: '#b7791f',
  partial: '#dd6b20',
  major: '#c53030',
  maintenance: '#2b6cb0',
  unknown: '#718096',
  ok: '#2f855a',
} as const

const STATUS_KEY: Record<ComponentStatus, string> = {
  operational: 'componentOperational',
  degraded_performance: 'componentDegraded',
  partial_outage: 'componentPartialOutage',
  major_outage: 'componentMajorOutage',
  under_maintenance: 'componentMaintenance',
  unknown: 'componentUnknown',
}

export function statusMessageKey(s: ComponentStatus): string {
  return STATUS_KEY[s]
}

/** Comma-separated "name: status" for watched components that are not operational. */
function problemList(state: OfficialState, translate: (m: Msg) => string): string {
  return state.watched
    .filter((c) => c.status !== 'operational')
    .map((c) => `${c.name}: ${translate(msg(STATUS_KEY[c.status]))}`)
    .join('; ')
}

/**
 * The toolbar badge. It speaks of Claude's state only: nothing about the user's own usage limit or
 * connection may ever reach it (the verdict keeps those to the banner and popup).
 */
export function badgeFor(state: OfficialState, translate: (m: Msg) => string): Badge {
  if (state.level === 'unknown') {
    const title =
      state.ageMs === null
        ? msg('badgeTitleUnknownNever')
        : {
            key: 'badgeTitleUnknown',
            subs: [translate(state.health.reason ?? msg('healthStale'))],
            duration: state.ageMs,
          }
    return { text: '?', color: BADGE_COLORS.unknown, title }
  }
  const problems = problemList(state, translate)
  switch (state.worst) {
    case 'major_outage':
      return { text: '!!', color: BADGE_COLORS.major, title: msg('badgeTitleProblem', problems) }
    case 'partial_outage':
      return { text: '!', color: BADGE_COLORS.partial, title: msg('badgeTitleProblem', problems) }
    case 'degraded_performance':
    case 'unknown':
      return { text: '!', color: BADGE_COLORS.degraded, title: msg('badgeTitleProblem', problems) }
    case 'under_maintenance':
      return { text: 'M', color: BADGE_COLORS.maintenance, title: msg('badgeTitleMaintenance', problems) }
    default:
      if (state.level === 'degraded')
        return {
          text: '!',
          color: BADGE_COLORS.degraded,
          title: msg('badgeTitleIncident', state.incidents[0]?.name ?? ''),
        }
      return { text: '', color: BADGE_COLORS.ok, title: msg('badgeTitleOk') }
  }
}

/** The popup's one-line headline (binary wording) and the detail line under it. */
export function headlineFor(
  state: OfficialState,
  translate: (m: Msg) => string,
): { headline: Msg; detail: Msg } {
  switch (state.level) {
    case 'unknown':
      return {
        headline: msg('headlineUnknown'),
        detail:
          state.ageMs === null
            ? msg('detailNeverFetched')
            : {
                key: 'detailLastKnown',
                subs: [translate(state.health.reason ?? msg('healthStale'))],
                duration: state.ageMs,
              },
      }
    case 'ok':
      return { headline: msg('headlineUp'), detail: msg('detailAllWatchedOperational') }
    case 'maintenance':
      return {
        headline: msg('headlineMaintenance'),
        detail: msg('detailProblems', problemList(state, translate)),
      }
    default: {
      const problems = problemList(state, translate)
      return {
        headline: msg('headlineProblems'),
        detail: problems
          ? msg('detailProblems', problems)
          : msg('detailIncident', state.incidents[0]?.name ?? ''),
      }
    }
  }
}
