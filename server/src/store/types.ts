// The storage seam. Two implementations (sqlite.ts, postgres.ts) pass the same test suite
// (server/test/store.test.ts). Everything that decides lives outside; a store only stores, counts
// and forgets. All times are epoch milliseconds from the injected clock, never the database's own.
import type { Kind, Region, Surface, Tier } from '../../../src/shared/crowd/schema.ts'
import type { TimeRange } from '../anomaly.ts'

/** One report as stored: the wire report minus the token, plus the server's receive time. */
export interface StoredReport {
  receivedAt: number
  kind: Kind
  status: number | null
  surface: Surface
  /** Model family, or `unknown`. */
  model: string
  tier: Tier
  region: Region | null
  client: string
  /** Salted daily hash of the reporter token (reporter-hash.ts); the token itself is never stored. */
  reporterHash: string
}

export interface CellKey {
  kind: string
  model: string
  tier: string
}

export interface Counts {
  reports: number
  reporters: number
}

/** Counts of the summary window, all computed in one statement so they agree with each other. */
export interface WindowStats {
  /** Per 5-minute bucket (start ms) and cell; absent when zero. */
  cellBuckets: Array<CellKey & Counts & { bucket: number }>
  /** Per cell over the window, and over its last 15 minutes. */
  cells: Array<CellKey & Counts & { reports15: number; reporters15: number }>
  /** Per bucket across every cell (distinct reporters do not add up across cells). */
  totalBuckets: Array<Counts & { bucket: number }>
  total: Counts & { reports15: number; reporters15: number }
}

export interface WindowQuery {
  from: number
  to: number
  /** Start of the "last 15 minutes" inside [from, to). */
  from15: number
  bucketMs: number
}

/** Distinct-reporter sums of the aggregates per cell (kind/model/tier `all` is the total). */
export interface AggregateSum extends CellKey {
  /** Index into the ranges passed in. */
  range: number
  /** 15: sum of per-block distinct reporters; 60: sum of per-hour distinct reporters. */
  span: 15 | 60
  reporters: number
  reports: number
}

export interface PurgeResult {
  reports: number
  aggregates: number
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres'
  /**
   * Stores a batch atomically. Resolves only once the batch is durable (committed; on SQLite with
   * synchronous=FULL), because the caller acknowledges each report with a 2xx right after.
   */
  insertReports(reports: readonly StoredReport[]): Promise<void>
  windowStats(query: WindowQuery): Promise<WindowStats>
  /**
   * Recomputes the 15-minute and hourly aggregates of every whole block/hour inside [from, to)
   * from the raw reports. Idempotent and safe to run concurrently on several instances.
   */
  rollup(range: TimeRange): Promise<void>
  sumAggregates(ranges: readonly TimeRange[]): Promise<AggregateSum[]>
  /** Deletes raw reports received before `rawBefore` and aggregates starting before `aggregatesBefore`. */
  purge(rawBefore: number, aggregatesBefore: number): Promise<PurgeResult>
  /** Returns the stored value of `key`, storing `value` first if there is none (atomic). */
  ensureMeta(key: string, value: string): Promise<string>
  /** Throws when the database cannot answer. */
  ping(): Promise<void>
  close(): Promise<void>
}
