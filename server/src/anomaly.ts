// Crowd anomaly detection: pure functions, no I/O (peers.md §5.2). The method, in one place:
//
//   observation  k = distinct reporters of a cell (kind × model family × tier, or the total) in the
//                last 15 minutes. Distinct, never raw reports: one reporter sending 100 reports is 1.
//   baseline     λ = expected distinct reporters per 15 minutes at this UTC hour of the week: for
//                each past week still in the aggregates (≤ 4 with 30-day retention) the mean over the
//                hour's four 15-minute blocks, then the MEDIAN across weeks, so one past outage in
//                the same hour does not inflate next week's baseline. In a deployment's first week
//                (no same-hour sample yet) the mean over the stored history so far stands in.
//   floor        λ ≥ lambdaFloor (0.5): a cell that is usually silent cannot alarm on 2 reports.
//   test         one-sided Poisson tail p = P(X ≥ k | λ). Anomalous when p ≤ alpha (1e-4) AND
//                k ≥ minReporters (5). With ~20–40 cells evaluated each 15 minutes, 1e-4 means
//                about one false alarm in ten days (1e-3 would be ~3 a day).
//   score        −log10 p (0 when k = 0; ≥ 4 at the default alpha). Reported for every cell so the
//                extension can rank "elevated" below the anomaly threshold if it wants.
//
// Why Poisson and not a z-score: for small λ a z-score overstates significance (k = 3 at λ = 0.25 is
// z = 5.5 but p ≈ 0.002). Why a distinct-reporter minimum: the tail test alone would call 6 reporters
// at λ = 0.5 a spike; the minimum is a population floor in the spirit of IHR/Disco publishing only
// with ≥ 10 probes. Together they keep "sympathy spikes" (a few people picking a related kind
// while another cell is really down) below the line.

import { floorTo, HOUR, MINUTE, WEEK } from './clock.ts'
import type { AnomalyParams } from './config.ts'

export const BLOCK_MS = 15 * MINUTE
export const BLOCKS_PER_HOUR = 4

// ---- Poisson tail -------------------------------------------------------------------------------

const LN10 = Math.log(10)
const LN_FACT_TABLE: number[] = [0]
for (let n = 1; n < 1024; n++) LN_FACT_TABLE[n] = (LN_FACT_TABLE[n - 1] as number) + Math.log(n)

/** ln(n!) for integers n ≥ 0: a table below 1024, Stirling's series above (error < 1e-12). */
export function lnFactorial(n: number): number {
  if (n < 0 || !Number.isInteger(n))
    throw new RangeError(`lnFactorial needs a non-negative integer, got ${n}`)
  const exact = LN_FACT_TABLE[n]
  if (exact !== undefined) return exact
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3)
}

function lnPmf(i: number, lambda: number): number {
  return -lambda + i * Math.log(lambda) - lnFactorial(i)
}

/**
 * log10 P(X ≥ k) for X ~ Poisson(λ). Computed in log space so that tiny tails (a large outage has
 * p far below 1e-300) still give a finite score instead of underflowing to 0.
 */
export function poissonLog10Tail(k: number, lambda: number): number {
  if (!Number.isInteger(k)) throw new RangeError(`k must be an integer, got ${k}`)
  if (k <= 0) return 0
  if (!(lambda > 0)) return Number.NEGATIVE_INFINITY // X is always 0
  if (k <= lambda + 1) {
    // Near or below the mean the tail is not small: 1 − P(X < k) is accurate in linear space.
    let below = 0
    for (let i = 0; i < k; i++) below += Math.exp(lnPmf(i, lambda))
    return Math.log10(Math.max(1 - below, Number.MIN_VALUE))
  }
  // Above the mean the terms shrink (ratio λ/(i+1) < 1): sum them relative to the first one.
  const first = lnPmf(k, lambda)
  let sum = 1
  let term = 1
  for (let i = k + 1; i < k + 1_000_000; i++) {
    term *= lambda / i
    sum += term
    if (term < sum * 1e-17) break
  }
  return (first + Math.log(sum)) / LN10
}

// ---- Baseline -----------------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A time range [from, to) in epoch ms. */
export interface TimeRange {
  from: number
  to: number
}

export interface BaselinePlan {
  /** The same UTC hour of the week in past weeks, newest first; each fully observed and retained. */
  weeks: TimeRange[]
  /**
   * Only when `weeks` is empty (a deployment's first week): the stored history before the current
   * hour, up to a week, whole 15-minute blocks only; null when shorter than one hour.
   */
  fallback: TimeRange | null
}

/**
 * Which stored aggregate ranges the baseline of the hour containing `asOf` is built from.
 * `startedAt` is when the database started collecting: hours before it were not observed, and
 * counting them as zero would make every cell look anomalous after a fresh deployment.
 */
export function planBaseline(asOf: number, startedAt: number, aggregateRetentionMs: number): BaselinePlan {
  const hour = floorTo(asOf, HOUR)
  const oldestKept = asOf - aggregateRetentionMs
  const weeks: TimeRange[] = []
  for (let from = hour - WEEK; from >= oldestKept && from >= startedAt; from -= WEEK) {
    weeks.push({ from, to: from + HOUR })
  }
  if (weeks.length > 0) return { weeks, fallback: null }
  const from = Math.max(floorTo(startedAt + BLOCK_MS - 1, BLOCK_MS), hour - WEEK)
  return { weeks, fallback: hour - from >= HOUR ? { from, to: hour } : null }
}

/** Distinct-reporter sums of one cell over one planned range, as read from the aggregates. */
export interface RangeSums {
  /** Sum over the range's 15-minute blocks of each block's distinct reporters. */
  reporters15: number
  /** Sum over the range's whole hours of each hour's distinct reporters. */
  reporters60: number
}

export interface Baseline {
  /** Expected distinct reporters per 15 minutes before the floor (what history says). */
  raw15: number
  /** λ of the test: raw15 raised to the floor. */
  lambda15: number
  /** Expected distinct reporters per 60 minutes (median of the hourly counts; not floored). */
  expected60: number
}

/**
 * The baseline of one cell. `weekly[i]` belongs to `plan.weeks[i]` (missing cells are zeros: the
 * hour was observed and nobody reported); `fallback` to `plan.fallback`.
 */
export function baselineFor(
  plan: BaselinePlan,
  weekly: readonly (RangeSums | undefined)[],
  fallback: RangeSums | undefined,
  params: AnomalyParams,
): Baseline {
  let raw15 = 0
  let expected60 = 0
  if (plan.weeks.length > 0) {
    raw15 = median(plan.weeks.map((_, i) => (weekly[i]?.reporters15 ?? 0) / BLOCKS_PER_HOUR))
    expected60 = median(plan.weeks.map((_, i) => weekly[i]?.reporters60 ?? 0))
  } else if (plan.fallback) {
    const span = plan.fallback.to - plan.fallback.from
    raw15 = (fallback?.reporters15 ?? 0) / (span / BLOCK_MS)
    // Whole hours only: the fallback range can start mid-hour, and partial hours are not rolled up.
    const hours = Math.floor(span / HOUR)
    expected60 = hours > 0 ? (fallback?.reporters60 ?? 0) / hours : 0
  }
  return { raw15, lambda15: Math.max(raw15, params.lambdaFloor), expected60 }
}

// ---- Decision -----------------------------------------------------------------------------------

export interface Assessment {
  /** −log10 p, ≥ 0. */
  score: number
  anomalous: boolean
  /** k ÷ λ: "X× the usual". */
  ratio: number
}

/** The test for one cell: `reporters15` distinct reporters in the last 15 min against `lambda15`. */
export function assess(reporters15: number, lambda15: number, params: AnomalyParams): Assessment {
  const log10p = poissonLog10Tail(reporters15, lambda15)
  const score = log10p === 0 ? 0 : -log10p
  return {
    score,
    anomalous: reporters15 >= params.minReporters && log10p <= Math.log10(params.alpha),
    ratio: lambda15 > 0 ? reporters15 / lambda15 : 0,
  }
}

/** Smallest distinct-reporter count that is anomalous at λ (for docs and the extension's wording). */
export function threshold(lambda15: number, params: AnomalyParams): number {
  let k = params.minReporters
  while (!assess(k, Math.max(lambda15, params.lambdaFloor), params).anomalous) k++
  return k
}
