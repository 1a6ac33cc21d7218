// Builds the public summary from the store's counts and aggregates. Pure: the I/O (and the cache)
// is in summary-service.ts, so this can be tested on hand-made inputs.
import { ALL, type Cell, type Summary, WIRE_VERSION } from '../../src/shared/crowd/schema.ts'
import { assess, type BaselinePlan, baselineFor, type RangeSums } from './anomaly.ts'
import { floorTo, MINUTE } from './clock.ts'
import type { AnomalyParams } from './config.ts'
import type { AggregateSum, CellKey, Counts, WindowStats } from './store/types.ts'

export const WINDOW_MINUTES = 60
export const BUCKET_MINUTES = 5
export const BUCKET_MS = BUCKET_MINUTES * MINUTE
const BUCKETS = WINDOW_MINUTES / BUCKET_MINUTES
export const LAST15_MS = 15 * MINUTE

/**
 * The window is the 12 five-minute buckets ending with the one containing `asOf` (that one is
 * partial), i.e. [windowStart, asOf). "Last 15 minutes" is exactly [asOf − 15 min, asOf).
 */
export function windowFor(asOf: number): {
  from: number
  to: number
  from15: number
  bucketStarts: number[]
} {
  const from = floorTo(asOf, BUCKET_MS) - (BUCKETS - 1) * BUCKET_MS
  const bucketStarts = Array.from({ length: BUCKETS }, (_, i) => from + i * BUCKET_MS)
  return { from, to: asOf, from15: asOf - LAST15_MS, bucketStarts }
}

export interface SummaryInput {
  asOf: number
  stats: WindowStats
  plan: BaselinePlan
  /** Aggregate sums for plan.weeks (range i) and, after them, plan.fallback (range weeks.length). */
  sums: readonly AggregateSum[]
  params: AnomalyParams
  maxCells: number
  /** Cells with fewer distinct reporters in the window are left out (they still count in the total). */
  minCellReporters: number
}

const keyOf = (c: CellKey): string => `${c.kind}\u0000${c.model}\u0000${c.tier}`
const round = (n: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

export function buildSummary(input: SummaryInput): Summary {
  const { asOf, stats, plan, params } = input
  const { from: windowStart, bucketStarts } = windowFor(asOf)
  const bucketIso = bucketStarts.map((start) => new Date(start).toISOString())

  // Aggregate sums → per cell, per planned range.
  const fallbackIndex = plan.weeks.length
  const byCell = new Map<string, { weekly: RangeSums[]; fallback: RangeSums | undefined }>()
  for (const s of input.sums) {
    const key = keyOf(s)
    let entry = byCell.get(key)
    if (!entry) {
      entry = { weekly: [], fallback: undefined }
      byCell.set(key, entry)
    }
    let target: RangeSums | undefined = s.range === fallbackIndex ? entry.fallback : entry.weekly[s.range]
    if (!target) {
      target = { reporters15: 0, reporters60: 0 }
      if (s.range === fallbackIndex) entry.fallback = target
      else entry.weekly[s.range] = target
    }
    if (s.span === 15) target.reporters15 += s.reporters
    else target.reporters60 += s.reporters
  }

  // Per cell, its counts by position in the window (0 = oldest bucket). Positions rather than maps
  // keyed by start time: this runs once per summary quantum, on the event loop and mostly in V8's
  // interpreter, where every Map created and every object allocated is felt by queued requests.
  const place = (list: Array<Counts | undefined>, b: Counts & { bucket: number }) => {
    const i = (b.bucket - windowStart) / BUCKET_MS
    if (Number.isInteger(i) && i >= 0 && i < BUCKETS) list[i] = b
  }
  const bucketsOf = new Map<string, Array<Counts | undefined>>()
  for (const b of stats.cellBuckets) {
    const key = keyOf(b)
    let list = bucketsOf.get(key)
    if (!list) {
      list = []
      bucketsOf.set(key, list)
    }
    place(list, b)
  }

  const makeCell = (
    key: CellKey,
    id: string,
    counts: { reports: number; reporters: number; reports15: number; reporters15: number },
    buckets: ReadonlyArray<Counts | undefined> | undefined,
  ): Cell => {
    const history = byCell.get(id)
    const baseline = baselineFor(plan, history?.weekly ?? [], history?.fallback, params)
    const verdict = assess(counts.reporters15, baseline.lambda15, params)
    return {
      kind: key.kind,
      model: key.model,
      tier: key.tier,
      reports: counts.reports,
      reporters: counts.reporters,
      baseline: round(baseline.expected60, 3),
      anomalous: verdict.anomalous,
      score: round(verdict.score, 2),
      last15: {
        reports: counts.reports15,
        reporters: counts.reporters15,
        baseline15: round(baseline.lambda15, 3),
        ratio: round(verdict.ratio, 2),
      },
      buckets: bucketIso.map((start, i) => {
        const b = buckets?.[i]
        return { start, reports: b?.reports ?? 0, reporters: b?.reporters ?? 0 }
      }),
    }
  }

  const cells = stats.cells
    .filter((c) => c.reporters >= input.minCellReporters)
    .map((c) => {
      const id = keyOf(c)
      return { key: id, cell: makeCell(c, id, c, bucketsOf.get(id)) }
    })
    // Fully deterministic order: instances computing the same data must produce the same bytes
    // (and so the same ETag) for a CDN in front of several of them. Keys compare by code unit, not
    // localeCompare, so the order cannot depend on an instance's ICU data.
    .sort(
      (a, b) =>
        Number(b.cell.anomalous) - Number(a.cell.anomalous) ||
        b.cell.score - a.cell.score ||
        b.cell.reporters - a.cell.reporters ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .slice(0, input.maxCells)
    .map((c) => c.cell)

  const totalBuckets: Array<Counts | undefined> = []
  for (const b of stats.totalBuckets) place(totalBuckets, b)
  const totalKey: CellKey = { kind: ALL, model: ALL, tier: ALL }
  const total = makeCell(totalKey, keyOf(totalKey), stats.total, totalBuckets)

  return {
    v: WIRE_VERSION,
    generatedAt: new Date(asOf).toISOString(),
    windowMinutes: WINDOW_MINUTES,
    bucketMinutes: BUCKET_MINUTES,
    cells,
    total,
  }
}
