// The status.claude.com poller as a state machine over stored state. It is woken by an alarm every
// 30 s, but decides from stored timestamps whether a request is due, because an MV3 worker may have
// been killed and restarted in between (conventions.md §8):
//
//   due? ──no──► nothing
//    │yes
//    ▼
//   GET summary.json (If-None-Match) ──304──► fresh, keep snapshot ─┐
//    │200 parse ok ──► new snapshot, new ETag ──────────────────────┤ failures = 0, next in 60 s
//    │200 parse fails ──► health invalid, keep last snapshot ──┐     │ (30 s while an incident is
//    │5xx / network / timeout ──► health unreachable ──────────┤     │  open or a watched component
//    ▼                                                          ▼     │  is not operational)
//                                     failures+1, next after backoff ◄┘
import { backoffDelayMs } from '../shared/core/backoff.ts'
import { type Msg, msg } from '../shared/core/message.ts'
import { mergeHistory } from '../shared/core/statuspage/history.ts'
import type { Incident, SourceHealth, StatusSnapshot } from '../shared/core/statuspage/model.ts'
import {
  MAX_INCIDENTS_BYTES,
  MAX_SUMMARY_BYTES,
  parseFailureMessage,
  parseIncidentsText,
  parseSummaryText,
} from '../shared/core/statuspage/normalise.ts'
import type { StatusState } from '../shared/schemas/stored.ts'
import { conditionalGet } from './http.ts'

/** Normal cadence: the page's edge cache is 10 s and it lags by minutes; faster gains nothing. */
export const POLL_NORMAL_MS = 60_000
/** While something is wrong we want recovery (and escalation) quickly. */
export const POLL_INCIDENT_MS = 30_000
/** incidents.json only feeds history and duration estimates. */
export const INCIDENTS_PERIOD_MS = 15 * 60_000
/** Alarms fire roughly every 30 s; a poll due within this slack is taken now rather than 30 s late. */
export const DUE_SLACK_MS = 5_000
export const REQUEST_TIMEOUT_MS = 10_000

export interface PollDeps {
  fetch: typeof fetch
  now: () => number
  random: () => number
  userAgent?: string
  summaryUrl: string
  incidentsUrl: string
}

function withHealth(
  previous: SourceHealth,
  state: SourceHealth['state'],
  reason: Msg | null,
  now: number,
): SourceHealth {
  const same = previous.state === state && JSON.stringify(previous.reason) === JSON.stringify(reason)
  return same ? previous : { state, reason, since: now }
}

export function pollIntervalFor(snapshot: StatusSnapshot | null, watched: readonly string[]): number {
  if (!snapshot) return POLL_NORMAL_MS
  const watchSet = new Set(watched)
  const troubled =
    snapshot.incidents.length > 0 ||
    snapshot.components.some((c) => watchSet.has(c.id) && c.status !== 'operational')
  return troubled ? POLL_INCIDENT_MS : POLL_NORMAL_MS
}

export function isDue(state: StatusState, now: number): boolean {
  return now >= state.nextDueAt - DUE_SLACK_MS
}

export interface SummaryPollResult {
  state: StatusState
  /** The snapshot changed (a 200 that parsed); callers merge its incidents into history. */
  changed: boolean
}

export async function pollSummary(
  state: StatusState,
  watched: readonly string[],
  deps: PollDeps,
): Promise<SummaryPollResult> {
  const now = deps.now()
  const outcome = await conditionalGet(deps.summaryUrl, state.snapshot ? state.etag : null, {
    fetch: deps.fetch,
    timeoutMs: REQUEST_TIMEOUT_MS,
    maxBytes: MAX_SUMMARY_BYTES,
    userAgent: deps.userAgent,
  })
  const base = { ...state, lastAttemptAt: now }
  const succeed = (snapshot: StatusSnapshot, etag: string | null): StatusState => ({
    ...base,
    snapshot,
    etag,
    health: withHealth(state.health, 'ok', null, now),
    lastSuccessAt: now,
    failures: 0,
    nextDueAt: now + pollIntervalFor(snapshot, watched),
  })
  const fail = (health: 'unreachable' | 'invalid', reason: Msg): StatusState => {
    const failures = state.failures + 1
    return {
      ...base,
      // An invalid body must be fetched whole next time, not answered with a 304 for its ETag.
      etag: health === 'invalid' ? null : state.etag,
      health: withHealth(state.health, health, reason, now),
      failures,
      nextDueAt: now + backoffDelayMs(failures, deps.random),
    }
  }
  switch (outcome.kind) {
    case 'not-modified':
      if (!state.snapshot)
        return { state: fail('invalid', msg('healthReasonNotModifiedNoCopy')), changed: false }
      return { state: succeed({ ...state.snapshot, fetchedAt: now }, state.etag), changed: false }
    case 'ok': {
      const parsed = parseSummaryText(outcome.body, now)
      if (!parsed.ok) return { state: fail('invalid', parseFailureMessage(parsed)), changed: false }
      return { state: succeed(parsed.value, outcome.etag), changed: true }
    }
    default:
      return { state: fail(outcome.kind, outcome.reason), changed: false }
  }
}

export function incidentsDue(state: StatusState, now: number): boolean {
  return (
    state.incidentsFetchedAt === null || now - state.incidentsFetchedAt >= INCIDENTS_PERIOD_MS - DUE_SLACK_MS
  )
}

/** Fetches incidents.json and merges it into history. Failures only postpone to the next period. */
export async function pollIncidents(
  state: StatusState,
  history: readonly Incident[],
  deps: PollDeps,
): Promise<{ state: StatusState; history: Incident[] | null }> {
  const now = deps.now()
  const outcome = await conditionalGet(deps.incidentsUrl, state.incidentsEtag, {
    fetch: deps.fetch,
    timeoutMs: REQUEST_TIMEOUT_MS,
    maxBytes: MAX_INCIDENTS_BYTES,
    userAgent: deps.userAgent,
  })
  const next = { ...state, incidentsFetchedAt: now }
  if (outcome.kind !== 'ok') return { state: next, history: null }
  const parsed = parseIncidentsText(outcome.body)
  if (!parsed.ok) return { state: { ...next, incidentsEtag: null }, history: null }
  return {
    state: { ...next, incidentsEtag: outcome.etag },
    history: mergeHistory(history, parsed.value, now),
  }
}
