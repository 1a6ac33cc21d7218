// Serving the summary to millions means the database must see a handful of computations a minute,
// whatever the request rate. Three layers:
//   1. a CDN honours Cache-Control (max-age=30, stale-while-revalidate) and revalidates with ETag;
//   2. each instance keeps the last computed summary in memory for summaryCacheMs (5 s),
//      concurrent misses share one computation (single flight), and while the next one is being
//      computed the previous one is still served (stale-while-revalidate, one quantum at most);
//   3. the summary is computed "as of" the clock rounded down to summaryCacheMs, so instances that
//      see the same data produce the same bytes and the same strong ETag.
// When the database fails, the last good summary is served for summaryStaleIfErrorMs, then 503.
// Each snapshot is also compressed once (gzip and brotli, off the event loop): with a few hundred
// cells the JSON is ~150 KB, and compressing it per request would cost more than everything else.
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, gzip, constants as zlib } from 'node:zlib'
import { planBaseline } from './anomaly.ts'
import { type Clock, floorTo } from './clock.ts'
import type { Config } from './config.ts'
import type { Metrics } from './metrics.ts'
import type { Store } from './store/types.ts'
import { BUCKET_MS, buildSummary, windowFor } from './summary.ts'

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)
/** Resolves after pending I/O callbacks have run (setImmediate's phase follows the poll phase). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export type Encoding = 'br' | 'gzip' | 'identity'

export interface SummarySnapshot {
  body: string
  gzip: Uint8Array<ArrayBuffer>
  br: Uint8Array<ArrayBuffer>
  /** Strong validator of the identity bytes; encoded forms append -gz / -br (see etagFor). */
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
    const cached = this.#cached
    if (cacheable && cached?.asOf === asOf) return cached
    const promise =
      cacheable && this.#inflight?.asOf === asOf ? this.#inflight.promise : this.#start(asOf, cacheable)
    // Stale-while-revalidate: when a new quantum begins, the previous snapshot is served until the
    // new one is ready, so no request waits for the database (a computation can take tens of ms).
    if (cacheable && cached && cached.asOf === asOf - quantum) {
      promise.catch(() => {}) // its failure is counted in #compute; later requests see it
      return cached
    }
    try {
      return await promise
    } catch (err) {
      const last = this.#cached
      if (last && now - last.asOf <= this.#config.summaryStaleIfErrorMs) return { ...last, stale: true }
      throw err
    }
  }

  #start(asOf: number, shared: boolean): Promise<SummarySnapshot> {
    const promise = this.#compute(asOf)
    if (shared) {
      this.#inflight = { asOf, promise }
      // A failed computation stays in place for the rest of its quantum: while the database is
      // down, each instance tries once per quantum instead of once per request.
      promise.then(
        () => {
          if (this.#inflight?.promise === promise) this.#inflight = null
        },
        () => {},
      )
    }
    return promise
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
      // The CPU-bound steps below run on the event loop that serves requests. A turn of the loop
      // before each lets requests that arrived meanwhile be answered between the steps rather than
      // after all of them (bench/server.ts measures the latency this protects).
      await nextTurn()
      const summary = buildSummary({
        asOf,
        stats,
        plan,
        sums,
        params: this.#config.anomaly,
        maxCells: this.#config.maxCells,
        minCellReporters: this.#config.minCellReporters,
      })
      await nextTurn()
      const body = JSON.stringify(summary)
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
      const [gz, br] = await Promise.all([
        gzipAsync(body, { level: 6 }),
        brotliAsync(body, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
        }),
      ])
      // Plain Uint8Array copies: what Hono's c.body() takes (a Buffer may sit on a pooled ArrayBuffer).
      const snapshot: SummarySnapshot = {
        body,
        gzip: new Uint8Array(gz),
        br: new Uint8Array(br),
        etag,
        asOf,
        stale: false,
      }
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

/**
 * The best encoding the client accepts (Accept-Encoding, RFC 9110 §12.5.3): br, then gzip.
 * A coding listed with q=0 is refused.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  const accepted = new Set<string>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (q && Number(q.slice(2)) === 0) continue
    accepted.add(name.trim())
  }
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip'
  return 'identity'
}

/** One representation per encoding, one strong ETag each (same content, different bytes). */
export function etagFor(baseEtag: string, encoding: Encoding): string {
  if (encoding === 'identity') return baseEtag
  return `${baseEtag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`
}

/**
 * RFC 9110 §13.1.2: If-None-Match is a list of entity tags, or `*`, compared weakly. Any
 * representation of the current snapshot matches: a cache holding the gzip form may revalidate.
 */
export function ifNoneMatchHits(header: string | undefined, baseEtag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const current = new Set((['identity', 'gzip', 'br'] as const).map((e) => etagFor(baseEtag, e)))
  return header.split(',').some((tag) => current.has(tag.trim().replace(/^W\//, '')))
}
