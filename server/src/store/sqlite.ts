// The default store: one SQLite file, zero set-up. Good for one instance; several instances need
// PostgreSQL (postgres.ts), because a SQLite file cannot be shared across machines.
import Database from 'better-sqlite3'
import type { TimeRange } from '../anomaly.ts'
import {
  aggregateSumsFromRows,
  INSERT_COLUMNS,
  MIGRATIONS,
  rollupSql,
  sumAggregatesSql,
  type WindowRow,
  windowStatsFromRows,
  windowStatsSql,
} from './sql.ts'
import type { AggregateSum, PurgeResult, Store, StoredReport, WindowQuery, WindowStats } from './types.ts'

export interface SqliteStore extends Store {
  readonly backend: 'sqlite'
  /** The underlying handle, for tests and the benchmark (file size, direct reads). */
  readonly db: Database.Database
}

/**
 * Opens (creating if needed) the database at `file` (`:memory:` for tests) and migrates it.
 *
 * WAL lets the summary read while reports are written. synchronous=FULL makes each commit survive a
 * power cut, not just a crash of this process: a 2xx promises the report is stored. The cost is one
 * fsync per commit, which the ingest queue (ingest.ts) amortises by committing concurrent reports
 * together.
 */
export function openSqliteStore(file: string): SqliteStore {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  // Another process (a second server on the same file, the sqlite3 shell) may hold the write lock.
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const insert = db.prepare(`INSERT INTO reports (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertMany = db.transaction((rows: readonly StoredReport[]) => {
    for (const r of rows) {
      insert.run(
        r.receivedAt,
        r.kind,
        r.status,
        r.surface,
        r.model,
        r.tier,
        r.region,
        r.client,
        r.reporterHash,
      )
    }
  })
  const rollupStatements = new Map<string, Database.Statement>()
  const prepared = (sql: string): Database.Statement => {
    let stmt = rollupStatements.get(sql)
    if (!stmt) {
      stmt = db.prepare(sql)
      rollupStatements.set(sql, stmt)
    }
    return stmt
  }
  const ensureMetaTx = db.transaction((key: string, value: string): string => {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, value)
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }
    return row.value
  })

  return {
    backend: 'sqlite',
    db,
    async insertReports(rows) {
      if (rows.length > 0) insertMany(rows)
    },
    async windowStats(query: WindowQuery): Promise<WindowStats> {
      const { sql, params } = windowStatsSql(query)
      return windowStatsFromRows(prepared(sql).all(...params) as WindowRow[])
    },
    async rollup(range: TimeRange) {
      const statements = rollupSql(range)
      db.transaction(() => {
        for (const { sql, params } of statements) prepared(sql).run(...params)
      })()
    },
    async sumAggregates(ranges): Promise<AggregateSum[]> {
      if (ranges.length === 0) return []
      const { sql, params } = sumAggregatesSql(ranges)
      return aggregateSumsFromRows(
        prepared(sql).all(...params) as Parameters<typeof aggregateSumsFromRows>[0],
      )
    },
    async purge(rawBefore, aggregatesBefore): Promise<PurgeResult> {
      const reports = db.prepare('DELETE FROM reports WHERE received_at < ?').run(rawBefore).changes
      const aggregates = db.prepare('DELETE FROM aggregates WHERE start < ?').run(aggregatesBefore).changes
      return { reports, aggregates }
    },
    async ensureMeta(key, value) {
      return ensureMetaTx.immediate(key, value)
    },
    async ping() {
      db.prepare('SELECT 1').get()
    },
    async close() {
      if (db.open) db.close()
    },
  }
}

/**
 * Applies pending migrations inside one IMMEDIATE transaction: it takes the write lock first, so two
 * processes opening the same fresh file cannot both apply version 1.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (r) => r.version,
      ),
    )
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue
      db.exec(m.sqlite)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      )
    }
  }).immediate()
}
