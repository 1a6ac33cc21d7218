// Group commit. Every report waits for a database commit before it is acknowledged (a 2xx means
// "stored"), but one commit per report would cap ingest at the fsync rate. Reports that arrive
// while the event loop is busy are therefore queued and committed together at the next setImmediate,
// and each request is answered when its batch's commit returns. A failed commit fails exactly the
// requests of that batch (they get 503 and may retry); nothing is acknowledged without a commit.
import type { Metrics } from './metrics.ts'
import type { Store, StoredReport } from './store/types.ts'

interface Pending {
  report: StoredReport
  resolve: () => void
  reject: (err: unknown) => void
}

export interface IngestOptions {
  /** Most reports per commit. */
  maxBatch?: number
  /**
   * Batches handed to the store at once. SQLite: 1 — its writer thread commits one at a time, and
   * the next batch fills on the main thread meanwhile. Queuing a second batch on the writer saves a
   * round trip per commit but makes the batches smaller (18 reports per commit against 25 under
   * bench/server.ts's load), and every commit costs the writer a message, a transaction and an
   * fsync: measured side by side, 1 spent ~4 % less CPU per report and served as many reports or
   * more. PostgreSQL: 4 concurrent statements from the pool.
   */
  concurrency?: number
}

export class IngestQueue {
  readonly #store: Store
  readonly #metrics: Metrics
  readonly #maxBatch: number
  readonly #concurrency: number
  #pending: Pending[] = []
  #inFlight = 0
  #scheduled = false
  #idle: Array<() => void> = []

  constructor(store: Store, metrics: Metrics, options: IngestOptions = {}) {
    this.#store = store
    this.#metrics = metrics
    this.#maxBatch = options.maxBatch ?? 1000
    this.#concurrency = options.concurrency ?? (store.backend === 'sqlite' ? 1 : 4)
  }

  /** Resolves once the report is committed; rejects with the database error otherwise. */
  add(report: StoredReport): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ report, resolve, reject })
      this.#schedule()
    })
  }

  /** Reports queued or being committed. */
  get backlog(): number {
    return this.#pending.length + this.#inFlight
  }

  /** Resolves when every queued report has been committed or failed (graceful shutdown). */
  drained(): Promise<void> {
    if (this.#pending.length === 0 && this.#inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#concurrency || this.#pending.length === 0) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0 || this.#inFlight >= this.#concurrency) return
    const batch = this.#pending.splice(0, this.#maxBatch)
    this.#inFlight++
    // More than one batch waiting and room for another commit (PostgreSQL): start it now.
    this.#schedule()
    try {
      await this.#store.insertReports(batch.map((p) => p.report))
      this.#metrics.inc('crowd_insert_batches_total')
      for (const p of batch) p.resolve()
    } catch (err) {
      this.#metrics.inc('crowd_db_errors_total', { op: 'insert' })
      for (const p of batch) p.reject(err)
    } finally {
      this.#inFlight--
      this.#schedule()
      if (this.#pending.length === 0 && this.#inFlight === 0) {
        for (const done of this.#idle.splice(0)) done()
      }
    }
  }
}
