// "How long do incidents like this one last?" — from past incidents, never an ETA.
//
// Similar = same kind and impact, overlapping components, and a model named (or not) like this one
// (statuspage.md §4). With fewer than MIN_GROUP such incidents the estimate falls back to broader
// groups, in this order (README.md):
//   exact       kind + impact + overlapping components + model-named-or-not
//   kind+impact kind + impact
//   kind        kind
//   all         every incident with a usable duration
// Percentiles use the nearest rank (as statuspage.md §4), so every figure is a real past duration.

import { type Msg, msg } from '../message.ts'
import type { IncidentScope } from '../scope/types.ts'
import type { Impact, Incident } from '../statuspage/model.ts'
import bundledJson from './bundled-history.json'
import { announcedAt, type DurationRecord, parseHistoryRecords } from './history.ts'

export type { DurationRecord, HistoryRecord } from './history.ts'

export const MIN_GROUP = 8
export const SHARE_LIMITS_MIN = [30, 60, 120, 240, 480] as const
export type ShareLimit = (typeof SHARE_LIMITS_MIN)[number]

export type GroupName = 'exact' | 'kind+impact' | 'kind' | 'all'
export const GROUPS: GroupName[] = ['exact', 'kind+impact', 'kind', 'all']

/** What makes two incidents similar. */
export interface SimilarityKey {
  kind: IncidentScope['kind']
  impact: Impact
  componentIds: string[]
  modelNamed: boolean
}

export interface DurationEstimate {
  /** Past incidents the figures come from. */
  n: number
  group: GroupName
  medianMin: number
  /** The 80 % range: 10th and 90th percentile. */
  p10Min: number
  p90Min: number
  /** Share (0–1) of those incidents resolved within 30 min, 1 h, 2 h, 4 h, 8 h. */
  shareWithin: Record<ShareLimit, number>
  /** Set when only incidents that lasted at least this long were used (see `elapsedMin`). */
  elapsedMin?: number
}

export interface EstimateOptions {
  /** Smallest group used before falling back to a broader one. */
  minGroup?: number
  /**
   * Minutes this incident has been open: only past incidents that lasted at least that long count,
   * so an incident open for 3 h is not told that half were fixed within 45 min.
   */
  elapsedMin?: number
}

export function similarityKey(incident: Incident, scope: IncidentScope): SimilarityKey {
  return {
    kind: scope.kind,
    impact: incident.impact,
    componentIds: scope.components,
    modelNamed: scope.models.length > 0,
  }
}

/** Components overlap when they share an id; unknown (empty) on either side does not overlap. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.some((id) => b.includes(id))
}

const MATCHES: Record<GroupName, (k: SimilarityKey, r: DurationRecord) => boolean> = {
  exact: (k, r) =>
    r.kind === k.kind &&
    r.impact === k.impact &&
    r.modelNamed === k.modelNamed &&
    overlaps(k.componentIds, r.componentIds),
  'kind+impact': (k, r) => r.kind === k.kind && r.impact === k.impact,
  kind: (k, r) => r.kind === k.kind,
  all: () => true,
}

/** Nearest-rank percentile of a sorted list (p in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

export function summarise(durations: readonly number[], group: GroupName): DurationEstimate | null {
  if (!durations.length) return null
  const sorted = [...durations].sort((a, b) => a - b)
  const share = (limit: number) => sorted.filter((d) => d <= limit).length / sorted.length
  return {
    n: sorted.length,
    group,
    medianMin: percentile(sorted, 50),
    p10Min: percentile(sorted, 10),
    p90Min: percentile(sorted, 90),
    shareWithin: {
      30: share(30),
      60: share(60),
      120: share(120),
      240: share(240),
      480: share(480),
    },
  }
}

/**
 * The duration distribution of past incidents similar to `key`, walking the fallback ladder until
 * a group has at least `minGroup` incidents ('all' is used whatever its size). Null when the
 * history has no usable incident.
 */
export function estimateDuration(
  key: SimilarityKey,
  history: readonly DurationRecord[],
  options: EstimateOptions = {},
): DurationEstimate | null {
  const minGroup = options.minGroup ?? MIN_GROUP
  const elapsed = options.elapsedMin
  const pool =
    elapsed !== undefined && Number.isFinite(elapsed) && elapsed > 0
      ? history.filter((r) => r.durationMin >= elapsed)
      : history
  for (const group of GROUPS) {
    const durations = pool.filter((r) => MATCHES[group](key, r)).map((r) => r.durationMin)
    if (durations.length >= minGroup || group === 'all') {
      const est = summarise(durations, group)
      if (est && pool !== history && elapsed !== undefined) est.elapsedMin = Math.round(elapsed)
      return est
    }
  }
  return null
}

/** The real history shipped with the extension (validated; bad entries dropped). */
export const BUNDLED_HISTORY: readonly DurationRecord[] = parseHistoryRecords(bundledJson)

/** Local records first: a local copy of a bundled incident (same id) replaces it. */
export function mergeRecords(
  local: readonly DurationRecord[],
  bundled: readonly DurationRecord[] = BUNDLED_HISTORY,
): DurationRecord[] {
  const ids = new Set(local.map((r) => r.id))
  return [...local, ...bundled.filter((r) => !ids.has(r.id))]
}

// ─── elapsed time ────────────────────────────────────────────────────────────────────────────────

const MINUTE = 60_000
/** An incident open longer than this is a data error, not an incident (the longest real: ~8 days). */
export const MAX_OPEN_MIN = 366 * 24 * 60

/**
 * Whole minutes between `startMs` and `nowMs`: 0 for a start in the future (clock skew, backdated
 * or bogus dates), null when either is not a date or the span is absurd (over a year).
 */
export function minutesBetween(startMs: number | null, nowMs: number): number | null {
  if (startMs === null || !Number.isFinite(startMs) || !Number.isFinite(nowMs)) return null
  const min = Math.floor((nowMs - startMs) / MINUTE)
  if (min > MAX_OPEN_MIN) return null
  return Math.max(0, min)
}

/** Minutes the incident has been open (since its first update, else startedAt or createdAt). */
export function minutesOpen(incident: Incident, nowMs: number): number | null {
  return minutesBetween(announcedAt(incident), nowMs)
}

// ─── phrasing ────────────────────────────────────────────────────────────────────────────────────

/** A message whose substitutions are themselves messages (durations): translate subs first. */
export interface EstimatePhrase {
  key: string
  subs: Msg[]
}

/** Too few past incidents to say anything useful. */
export const MIN_TO_PHRASE = 3

/**
 * A duration for "within …", rounded up so the statement stays true: minutes to the next 5 below
 * 2 h (1 min steps below 10), hours below 2 days, days beyond.
 */
export function roundedDuration(min: number): Msg {
  const m = Math.max(1, Math.ceil(Number.isFinite(min) ? min : 1))
  if (m < 10) return msg('estimateMinutes', String(m))
  if (m < 120) return msg('estimateMinutes', String(Math.ceil(m / 5) * 5))
  if (m < 48 * 60) return msg('estimateHours', String(Math.ceil(m / 60)))
  return msg('estimateDays', String(Math.ceil(m / (24 * 60))))
}

const same = (a: Msg, b: Msg) => a.key === b.key && a.subs?.[0] === b.subs?.[0]

/**
 * The hedged sentence for an estimate, as message keys (README.md lists the English templates):
 * "Similar incidents: half were resolved within 45 min; 8 in 10 within 3 h".
 */
export function phraseEstimate(est: DurationEstimate | null): EstimatePhrase {
  if (!est || est.n < MIN_TO_PHRASE) return { key: 'estimateNone', subs: [] }
  const half = roundedDuration(est.medianMin)
  const most = roundedDuration(est.p90Min)
  const open = est.elapsedMin !== undefined
  if (same(half, most)) return { key: open ? 'estimateOpenMostOnly' : 'estimateMostOnly', subs: [most] }
  return { key: open ? 'estimateOpenHalfMost' : 'estimateHalfMost', subs: [half, most] }
}
