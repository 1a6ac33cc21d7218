// Serving the summary to millions means the database must see a handful of computations a minute,
// whatever the request rate. Three layers:
//   1. a CDN honours Cache-Control (max-age=30, stale-while-revalidate) and revalidates with ETag;
//   2. each instance keeps the last computed summary in memory for summaryCacheMs (5 s), and
//      concurrent misses share one computation (single flight);
//   3. the summary is computed "as of" the clock rounded down to summaryCacheMs, so instances that
//      see the same data produce the same bytes and the same strong ETag.
// When the database fails, the last good summary is served for summaryStaleIfErrorMs, then 503.
import { createHash } from 'node:crypto'
import { planBaseline } from './anomaly.ts'
import { type Clock, floorTo } from './clock.ts'
import type { Config } from './config.ts'
import type { Metrics } from './metrics.ts'
import type { Store } from './store/types.ts'
import { BUCKET_MS, buildSummary, windowFor } from './summary.ts'

export interface SummarySnapshot {
  body: string
  /** Strong validator: a hash of the exact bytes. */
  etag: string
  asOf: number
  /** True when the database failed and this is an older snapshot. */
  stale: boolean
}

export class SummaryService {
  readonly #store: Store
  readonly #clock: Clock
  readonly #config: Config
  readonly #metrics: Metrics
  #cached: SummarySnapshot | null = null
  #inflight: { asOf: number; promise: Promise<SummarySnapshot> } | null = null
  #startedAt: number | null = null

  constructor(store: Store, clock: Clock, config: Config, metrics: Metrics) {
    this.#store = store
    this.#clock = clock
    this.#config = config
    this.#metrics = metrics
  }

  async get(): Promise<SummarySnapshot> {
    const now = this.#clock.now()
    const quantum = this.#config.summaryCacheMs
    const asOf = quantum > 0 ? floorTo(now, quantum) : now
    // summaryCacheMs = 0 turns the in-memory cache off (every request computes; tests, debugging).
    const cacheable = quantum > 0
    if (cacheable && this.#cached && this.#cached.asOf === asOf) return this.#cached
    let promise: Promise<SummarySnapshot>
    if (cacheable && this.#inflight?.asOf === asOf) {
      promise = this.#inflight.promise
    } else {
      promise = this.#compute(asOf)
      if (cacheable) {
        const flight = promise
        this.#inflight = { asOf, promise: flight }
        const clear = () => {
          if (this.#inflight?.promise === flight) this.#inflight = null
        }
        flight.then(clear, clear)
      }
    }
    try {
      return await promise
    } catch (err) {
      const last = this.#cached
      if (last && now - last.asOf <= this.#config.summaryStaleIfErrorMs) return { ...last, stale: true }
      throw err
    }
  }

  async #compute(asOf: number): Promise<SummarySnapshot> {
    const started = performance.now()
    try {
      this.#startedAt ??= Number(await this.#store.ensureMeta('started_at', String(this.#clock.now())))
      const plan = planBaseline(asOf, this.#startedAt, this.#config.retention.aggregateMs)
      const ranges = plan.fallback ? [...plan.weeks, plan.fallback] : plan.weeks
      const w = windowFor(asOf)
      const [stats, sums] = await Promise.all([
        this.#store.windowStats({ from: w.from, to: w.to, from15: w.from15, bucketMs: BUCKET_MS }),
        this.#store.sumAggregates(ranges),
      ])
      const summary = buildSummary({
        asOf,
        stats,
        plan,
        sums,
        params: this.#config.anomaly,
        maxCells: this.#config.maxCells,
      })
      const body = JSON.stringify(summary)
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
      const snapshot: SummarySnapshot = { body, etag, asOf, stale: false }
      // A slow computation must not replace a newer one that finished first.
      if (!this.#cached || this.#cached.asOf <= asOf) this.#cached = snapshot
      this.#metrics.inc('crowd_summary_computations_total')
      return snapshot
    } catch (err) {
      this.#metrics.inc('crowd_db_errors_total', { op: 'summary' })
      throw err
    } finally {
      this.#metrics.set('crowd_summary_compute_seconds', (performance.now() - started) / 1000)
    }
  }
}

/** RFC 9110 §13.1.2: If-None-Match is a list of entity tags, or `*`; weak comparison. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare)
}
