// SQL shared by both backends. It is written with `?` placeholders; postgres.ts numbers them.
// Only plain SQL that SQLite (≥ 3.35) and PostgreSQL (≥ 12) both run is used here, so the two stores
// compute the summary and the aggregates identically; the shared test suite holds them to it.

import type { TimeRange } from '../anomaly.ts'
import { BLOCK_MS } from '../anomaly.ts'
import { floorTo, HOUR } from '../clock.ts'
import type { AggregateSum, WindowQuery, WindowStats } from './types.ts'

/** Versioned schema changes, applied in order at boot, each once (see the runners in each store). */
export interface Migration {
  version: number
  name: string
  sqlite: string
  postgres: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, aggregates, meta',
    sqlite: `
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        status INTEGER,
        surface TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        region TEXT,
        client TEXT NOT NULL,
        reporter TEXT NOT NULL
      );
      CREATE INDEX reports_received_at ON reports (received_at);
      CREATE TABLE aggregates (
        span INTEGER NOT NULL,
        start INTEGER NOT NULL,
        kind TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        reports INTEGER NOT NULL,
        reporters INTEGER NOT NULL,
        PRIMARY KEY (span, start, kind, model, tier)
      ) WITHOUT ROWID;
      CREATE INDEX aggregates_start ON aggregates (start);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
    postgres: `
      CREATE TABLE reports (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        status SMALLINT,
        surface TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        region TEXT,
        client TEXT NOT NULL,
        reporter TEXT NOT NULL
      );
      CREATE INDEX reports_received_at ON reports (received_at);
      CREATE TABLE aggregates (
        span SMALLINT NOT NULL,
        start BIGINT NOT NULL,
        kind TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        reports INTEGER NOT NULL,
        reporters INTEGER NOT NULL,
        PRIMARY KEY (span, start, kind, model, tier)
      );
      CREATE INDEX aggregates_start ON aggregates (start);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
]

export const INSERT_COLUMNS = 'received_at, kind, status, surface, model, tier, region, client, reporter'

/** A trusted integer interpolated into SQL (never user input). */
function int(n: number): string {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`expected a positive integer, got ${n}`)
  return String(n)
}

/**
 * One statement (so one snapshot) for every count of the summary window. `q` tells the rows apart:
 * c = cell × bucket, w = cell over the window, b = bucket total, t = window total.
 */
export function windowStatsSql(q: WindowQuery): { sql: string; params: number[] } {
  const bucket = `received_at - (received_at % ${int(q.bucketMs)})`
  const where = 'FROM reports WHERE received_at >= ? AND received_at < ?'
  const last15 =
    'sum(CASE WHEN received_at >= ? THEN 1 ELSE 0 END), count(DISTINCT CASE WHEN received_at >= ? THEN reporter END)'
  const sql = `
    SELECT 'c' AS q, ${bucket} AS bucket, kind, model, tier,
           count(*) AS reports, count(DISTINCT reporter) AS reporters, 0 AS reports15, 0 AS reporters15
      ${where} GROUP BY 2, 3, 4, 5
    UNION ALL
    SELECT 'w', NULL, kind, model, tier, count(*), count(DISTINCT reporter), ${last15}
      ${where} GROUP BY 3, 4, 5
    UNION ALL
    SELECT 'b', ${bucket}, NULL, NULL, NULL, count(*), count(DISTINCT reporter), 0, 0
      ${where} GROUP BY 2
    UNION ALL
    SELECT 't', NULL, NULL, NULL, NULL, count(*), count(DISTINCT reporter), ${last15}
      ${where}`
  const range = [q.from, q.to]
  return { sql, params: [...range, q.from15, q.from15, ...range, ...range, q.from15, q.from15, ...range] }
}

export interface WindowRow {
  q: 'c' | 'w' | 'b' | 't'
  bucket: number | null
  kind: string | null
  model: string | null
  tier: string | null
  reports: number | null
  reporters: number | null
  reports15: number | null
  reporters15: number | null
}

export function windowStatsFromRows(rows: readonly WindowRow[]): WindowStats {
  // Runs once per summary quantum on the event loop, so mostly in V8's interpreter: plain object
  // literals here, because spreads of a per-row closure's result cost over ten times as much there
  // (5–15 ms for the ~2,000 rows of a busy hour: a stall felt by every request queued behind it).
  const stats: WindowStats = {
    cellBuckets: [],
    cells: [],
    totalBuckets: [],
    total: { reports: 0, reporters: 0, reports15: 0, reporters15: 0 },
  }
  for (const r of rows) {
    const reports = Number(r.reports ?? 0)
    const reporters = Number(r.reporters ?? 0)
    switch (r.q) {
      case 'c':
        stats.cellBuckets.push({
          kind: String(r.kind),
          model: String(r.model),
          tier: String(r.tier),
          reports,
          reporters,
          bucket: Number(r.bucket),
        })
        break
      case 'w':
        stats.cells.push({
          kind: String(r.kind),
          model: String(r.model),
          tier: String(r.tier),
          reports,
          reporters,
          reports15: Number(r.reports15 ?? 0),
          reporters15: Number(r.reporters15 ?? 0),
        })
        break
      case 'b':
        stats.totalBuckets.push({ reports, reporters, bucket: Number(r.bucket) })
        break
      default:
        stats.total = {
          reports,
          reporters,
          reports15: Number(r.reports15 ?? 0),
          reporters15: Number(r.reporters15 ?? 0),
        }
    }
  }
  return stats
}

/**
 * The rollup statements: per cell and in total, for 15-minute blocks and whole hours. Recomputed from
 * raw rows, so running them twice (or on two instances at once) gives the same aggregates.
 */
export function rollupSql(range: TimeRange): Array<{ sql: string; params: number[] }> {
  const out: Array<{ sql: string; params: number[] }> = []
  for (const [span, step] of [
    [15, BLOCK_MS],
    [60, HOUR],
  ] as const) {
    const from = floorTo(range.from + step - 1, step)
    const to = floorTo(range.to, step)
    if (to <= from) continue
    const start = `received_at - (received_at % ${int(step)})`
    for (const cell of ['kind, model, tier', "'all', 'all', 'all'"]) {
      const groupBy = cell.startsWith("'") ? 'GROUP BY 2' : 'GROUP BY 2, 3, 4, 5'
      out.push({
        sql: `INSERT INTO aggregates (span, start, kind, model, tier, reports, reporters)
              SELECT ${span}, ${start}, ${cell}, count(*), count(DISTINCT reporter)
              FROM reports WHERE received_at >= ? AND received_at < ? ${groupBy}
              ON CONFLICT (span, start, kind, model, tier)
              DO UPDATE SET reports = excluded.reports, reporters = excluded.reporters`,
        params: [from, to],
      })
    }
  }
  return out
}

/** Sums of the aggregates per (range, span, cell), ranges told apart by a CASE. */
export function sumAggregatesSql(ranges: readonly TimeRange[]): { sql: string; params: number[] } {
  const whens = ranges.map((_, i) => `WHEN start >= ? AND start < ? THEN ${i}`).join(' ')
  const ors = ranges.map(() => '(start >= ? AND start < ?)').join(' OR ')
  const bounds = ranges.flatMap((r) => [r.from, r.to])
  return {
    sql: `SELECT CASE ${whens} END AS range_index, span, kind, model, tier,
                 sum(reporters) AS reporters, sum(reports) AS reports
          FROM aggregates WHERE ${ors} GROUP BY 1, 2, 3, 4, 5`,
    params: [...bounds, ...bounds],
  }
}

export function aggregateSumsFromRows(
  rows: ReadonlyArray<{
    range_index: number
    span: number
    kind: string
    model: string
    tier: string
    reporters: number
    reports: number
  }>,
): AggregateSum[] {
  return rows.map((r) => ({
    range: Number(r.range_index),
    span: Number(r.span) === 60 ? 60 : 15,
    kind: r.kind,
    model: r.model,
    tier: r.tier,
    reporters: Number(r.reporters),
    reports: Number(r.reports),
  }))
}
