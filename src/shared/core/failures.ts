// What counts as Claude failing (rather than the user's limit, connection or a Stop), and how much
// of it is an alarm. Shared by the verdict engine and the crowd client's auto-reports, which must
// agree: a report is sent exactly when this browser alone would raise the local alarm.
import type { ObservationKind } from './observe/observation.ts'

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
