// The crowd client's decisions, pure: which observations become a report, what a report contains,
// how often the summary is read, and what the verdict takes from a summary.
import type { Report } from '../crowd/report.ts'
import type { Tier as CrowdTier, Kind, Summary } from '../crowd/schema.ts'
import { isServerSideFailure, LOCAL_ALARM_MIN_FAILURES, recentObservations, trailingRun } from './failures.ts'
import type { Observation, ObservationKind, Tier } from './observe/observation.ts'
import type { CrowdView } from './verdict/types.ts'

/** At most one automatic report per kind in this time (issue: "one per kind per 5 minutes"). */
export const AUTO_REPORT_MIN_INTERVAL_MS = 5 * 60_000
/** Summary cadence while someone is looking (popup open, banner shown) or errors were just seen. */
export const SUMMARY_ACTIVE_MS = 60_000
/** …and otherwise: enough to keep a baseline picture without load on the server. */
export const SUMMARY_IDLE_MS = 5 * 60_000
/** "Errors were seen": a server-side failure within this window keeps the fast cadence. */
export const RECENT_ERRORS_MS = 15 * 60_000

/**
 * The observation kinds reported AUTOMATICALLY, each under its own name: confirmed server-side
 * failures only, which is exactly what the consent text (`crowdExplainWhen`) promises. Deliberately
 * left out, though the server vocabulary keeps `login` and `slow` (other clients may send them):
 * - `auth` (was sent as `login`): a 401 is almost always the user's own expired session, not Claude
 *   failing, and the consent text says only server-side failures are sent;
 * - `slow`: measured against this user's own median, a weak hint rather than a failure; sending it
 *   would need its own line in the consent text for little signal;
 * - usage and rate limits, offline, stops, account problems: the user's situation, not Claude's.
 * `model_unavailable` counts toward the local alarm but has no report kind, so it is not sent.
 * The popup's "Report a problem" button sends `manual`, whatever was observed.
 */
const AUTO_REPORT_KINDS: readonly Kind[] = [
  'server_error',
  'overloaded',
  'gateway',
  'stall',
] satisfies (Kind & ObservationKind)[]

/**
 * The report kind an observation confirms, or null. "Confirmed" means the verdict's local alarm,
 * by the same code (failures.ts): a trailing run of at least two server-side failures, neutral
 * outcomes (a slow reply, a Stop, a rate limit) skipped rather than breaking the run. One blip is
 * never reported.
 */
export function confirmedReportKind(log: readonly Observation[], now: number): Kind | null {
  const run = trailingRun(recentObservations(log, now), isServerSideFailure)
  // An observation kind; a report kind too when it is one of the list.
  const kind = run.at(-1)?.kind as Kind
  if (run.length < LOCAL_ALARM_MIN_FAILURES || !AUTO_REPORT_KINDS.includes(kind)) return null
  return kind
}

export function mayReport(kind: Kind, lastSent: Readonly<Record<string, number>>, now: number): boolean {
  const last = lastSent[kind]
  return last === undefined || now - last >= AUTO_REPORT_MIN_INTERVAL_MS || last > now
}

export interface ReportContext {
  kind: Kind
  observation: Pick<Observation, 'status' | 'model'> | null
  tier: Tier
  timeZone: string | null
  clientVersion: string
  reporter: string
  region: Report['region']
}

/** The whole report: a fixed vocabulary, nothing else (the server rejects unknown keys). */
export function buildReport(ctx: Omit<ReportContext, 'timeZone'>): Report {
  return {
    v: 1,
    kind: ctx.kind,
    status: ctx.observation?.status ?? null,
    surface: 'claude.ai',
    model: ctx.observation?.model?.family ?? null,
    tier: ctx.tier as CrowdTier,
    region: ctx.region,
    client: ctx.clientVersion,
    reporter: ctx.reporter,
  }
}

export function summaryInterval(active: boolean, log: readonly Observation[], now: number): number {
  const recentErrors = log.some((o) => isServerSideFailure(o.kind) && now - o.at <= RECENT_ERRORS_MS)
  return active || recentErrors ? SUMMARY_ACTIVE_MS : SUMMARY_IDLE_MS
}

/** Failure kinds (everything but the user's manual click counts as "people reported errors"). */
const sumBy = (cells: Summary['cells'], key: 'tier' | 'model') => {
  const out: Record<string, number> = {}
  for (const c of cells) if (c.last15.reporters > 0) out[c[key]] = (out[c[key]] ?? 0) + c.last15.reporters
  return out
}

/**
 * What the verdict and the popup take from a summary: the total over the last 15 minutes with its
 * ratio to the usual, whether the total or the user's own model's cells are anomalous, the last
 * hour as buckets, and the split by tier and by model ("is it only free users?", "only Opus?").
 * Splits add distinct reporters per cell, so a reporter seen in two cells counts in each.
 */
export function crowdViewFromSummary(
  summary: Summary,
  userModel: string | null,
  fetchedAt: number,
): CrowdView {
  const mine = userModel ? summary.cells.filter((c) => c.model === userModel) : []
  return {
    reporters15: summary.total.last15.reporters,
    ratio: summary.total.last15.baseline15 > 0 ? summary.total.last15.ratio : null,
    anomalous: summary.total.anomalous || mine.some((c) => c.anomalous),
    fetchedAt,
    buckets: summary.total.buckets.map((b) => b.reporters),
    byTier: sumBy(summary.cells, 'tier'),
    byModel: sumBy(summary.cells, 'model'),
  }
}

/** A reporter token rotates every UTC day, so reports cannot be linked across days. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}
