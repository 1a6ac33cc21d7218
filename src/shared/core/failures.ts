// What counts as Claude failing (rather than the user's limit, connection or a Stop), and how much
// of it is an alarm. Shared by the verdict engine and the crowd client's auto-reports, which must
// agree: a report is sent exactly when this browser alone would raise the local alarm.
import type { Observation, ObservationKind } from './observe/observation.ts'

/** Observations older than this say nothing about "now". */
export const LOCAL_WINDOW_MS = 10 * 60_000
/**
 * Server-side failures in a row (no success in between) before this browser alone raises an alarm.
 * One isolated error is common and meaningless; two consecutive ones within the window are how
 * people describe "it keeps failing", and false alarms are the top complaint about monitors.
 */
export const LOCAL_ALARM_MIN_FAILURES = 2
/** Auth failures in a row before we say "login is failing" (one 401 is usually an expired session). */
export const AUTH_ALARM_MIN_FAILURES = 2
/** Failures that are Claude's, not the user's: they count toward an alarm. */
const SERVER_SIDE: ReadonlySet<ObservationKind> = new Set([
  'server_error',
  'overloaded',
  'gateway',
  'stall',
  'model_unavailable',
])
export function isServerSideFailure(kind: ObservationKind): boolean {
  return SERVER_SIDE.has(kind)
}

/** Outcomes that say nothing about Claude's health either way: a run of failures skips them. */
const NEUTRAL: ReadonlySet<ObservationKind> = new Set([
  'aborted',
  'slow',
  'length_limit',
  'rate_limit',
  'challenge',
])
export function isNeutral(kind: ObservationKind): boolean {
  return NEUTRAL.has(kind)
}

/** Observations that still say something about "now" (a little clock skew tolerated). */
export function recentObservations(observations: readonly Observation[], now: number): Observation[] {
  return observations.filter((o) => o.at <= now + 5_000 && now - o.at <= LOCAL_WINDOW_MS)
}

/** The run of consecutive observations of the given kinds at the end, ignoring neutral ones. */
export function trailingRun(
  list: readonly Observation[],
  kinds: (k: ObservationKind) => boolean,
): Observation[] {
  const run: Observation[] = []
  for (let i = list.length - 1; i >= 0; i--) {
    const o = list[i]!
    if (NEUTRAL.has(o.kind)) continue
    if (!kinds(o.kind)) break
    run.unshift(o)
  }
  return run
}
