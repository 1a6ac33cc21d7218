// Run-time settings of one app instance. env.ts turns the environment into one of these; tests and
// the benchmark build them directly with defaultConfig(overrides).
import { DAY, HOUR } from './clock.ts'

export interface AnomalyParams {
  /** Significance level of the one-sided Poisson test (per cell, per evaluation). */
  alpha: number
  /** Never call a spike with fewer distinct reporters than this in the last 15 minutes. */
  minReporters: number
  /** Floor of the expected distinct reporters per 15 minutes, so a silent cell cannot alarm on 2. */
  lambdaFloor: number
}

export interface Config {
  /** Secret the daily reporter-hash salt is derived from (see reporter-hash.ts). */
  reporterSecret: string
  rateLimit: {
    /** Reports per reporter token per minute (token bucket, burst = this many). */
    perTokenPerMinute: number
    /** POSTs per client address per minute, valid or not. */
    perAddressPerMinute: number
    /** Bound on remembered keys per limiter; the oldest are forgotten first beyond it. */
    maxKeys: number
  }
  /** Lower-case header a trusted load balancer sets to the client address; null: use the socket. */
  trustedProxyHeader: string | null
  /** How many trusted proxies append to that header (x-forwarded-for counts from the right). */
  trustedProxyHops: number
  bodyLimitBytes: number
  /** How long one computed summary is served from memory; also its time quantum. */
  summaryCacheMs: number
  /** Serve the last good summary for this long when the database fails, before answering 503. */
  summaryStaleIfErrorMs: number
  /** Cache-Control of GET /v1/summary (the CDN contract). */
  summaryCacheControl: string
  /** Most cells listed in a summary (the model family is open-ended, so the list must be bounded). */
  maxCells: number
  /**
   * A cell is listed only with at least this many distinct reporters in the window (it still counts
   * in the total). Privacy: a cell with one or two reporters on a rare model and tier could single
   * them out; and such a cell can never be anomalous anyway (minReporters is higher).
   */
  minCellReporters: number
  retention: { rawMs: number; aggregateMs: number }
  anomaly: AnomalyParams
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | null
}

export const DEFAULT_ANOMALY: AnomalyParams = { alpha: 1e-4, minReporters: 5, lambdaFloor: 0.5 }

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    reporterSecret: 'test-secret-not-for-production-000000000000',
    rateLimit: { perTokenPerMinute: 6, perAddressPerMinute: 60, maxKeys: 200_000 },
    trustedProxyHeader: null,
    trustedProxyHops: 1,
    bodyLimitBytes: 2048,
    summaryCacheMs: 5000,
    summaryStaleIfErrorMs: 120_000,
    summaryCacheControl: 'public, max-age=30, stale-while-revalidate=30, stale-if-error=300',
    maxCells: 200,
    minCellReporters: 3,
    retention: { rawMs: 72 * HOUR, aggregateMs: 30 * DAY },
    anomaly: DEFAULT_ANOMALY,
    metricsToken: null,
    ...overrides,
  }
}
