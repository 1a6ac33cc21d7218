// The default store: one SQLite file, zero set-up. Good for one instance; several instances need
// PostgreSQL (postgres.ts), because a SQLite file cannot be shared across machines.
//
// better-sqlite3 is synchronous, and two of its calls are slow enough to hurt an HTTP server that
// runs on one event loop: the commit (an fsync, since a 2xx promises durability) and the summary
// query (tens of ms over a busy hour). So, for a database file, the work runs on two threads
// (sqlite-worker.mjs), each with its own connection, which WAL lets run side by side:
//
//   main thread ──batches, rollup, purge, meta──► writer thread ── commits (fsync) off the loop
//               ──window and aggregate queries──► reader thread ── reads a consistent snapshot
//
// While the writer commits one batch, the next one fills up on the main thread (group commit, see
// ingest.ts). `:memory:` databases cannot be shared between connections and run in-thread.
import { Worker } from 'node:worker_threads'
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
import { batchInserter } from './sqlite-batch.mjs'
import type { AggregateSum, PurgeResult, Store, StoredReport, WindowQuery, WindowStats } from './types.ts'

export interface SqliteStore extends Store {
  readonly backend: 'sqlite'
  /** A main-thread handle on the same database, for tests and the benchmark (direct reads). */
  readonly db: Database.Database
  /** Where the work runs: worker threads for a file, this thread for `:memory:`. */
  readonly threads: 'workers' | 'inline'
}

type Params = ReadonlyArray<string | number | null>
type Statement = { sql: string; params: Params }

/** The few operations a store needs, wherever they run. */
interface Executor {
  /** Runs the one-row INSERT `sql` for every `width` values of `flat`, in one transaction. */
  batch(sql: string, width: number, flat: Params): Promise<void>
  all<T>(sql: string, params: Params): Promise<T[]>
  get<T>(sql: string, params: Params): Promise<T | null>
  run(sql: string, params: Params): Promise<number>
  /** Statements in one IMMEDIATE transaction; resolves with the total of changed rows. */
  tx(statements: readonly Statement[]): Promise<number>
  close(): Promise<void>
}

function inlineExecutor(db: Database.Database): Executor {
  const cache = new Map<string, Database.Statement>()
  const prepared = (sql: string) => {
    let stmt = cache.get(sql)
    if (!stmt) {
      stmt = db.prepare(sql)
      cache.set(sql, stmt)
    }
    return stmt
  }
  const batch = batchInserter(db)
  const tx = db.transaction((list: readonly Statement[]) => {
    let changes = 0
    for (const { sql, params } of list) changes += prepared(sql).run(...params).changes
    return changes
  })
  return {
    async batch(sql, width, flat) {
      batch(sql, width, flat)
    },
    async all<T>(sql: string, params: Params) {
      return prepared(sql).all(...params) as T[]
    },
    async get<T>(sql: string, params: Params) {
      return (prepared(sql).get(...params) as T | undefined) ?? null
    },
    async run(sql, params) {
      return prepared(sql).run(...params).changes
    },
    async tx(statements) {
      return tx.immediate(statements)
    },
    async close() {},
  }
}

const WORKER_URL = new URL('./sqlite-worker.mjs', import.meta.url)

/**
 * A connection on a worker thread. If the thread dies (it should not), pending calls fail and the
 * next call starts a new one, so the store recovers without a restart.
 */
function workerExecutor(file: string, name: string, onThread?: (worker: Worker) => void): Executor {
  let worker: Worker | null = null
  let nextId = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  const start = (): Worker => {
    const w = new Worker(WORKER_URL, { workerData: { file }, name })
    w.on('message', (msg: { id: number; result?: unknown; error?: { message: string; code?: string } }) => {
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }))
      else p.resolve(msg.result)
    })
    w.on('error', (err) => failAll(err))
    w.on('exit', (code) => {
      if (worker === w) worker = null
      failAll(new Error(`SQLite ${name} thread exited (${code})`))
    })
    onThread?.(w)
    return w
  }
  const call = <T>(message: Record<string, unknown>): Promise<T> => {
    worker ??= start()
    const id = nextId++
    const w = worker
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      w.postMessage({ ...message, id })
    })
  }
  return {
    batch: (sql, width, flat) => call({ op: 'batch', sql, width, flat }),
    all: (sql, params) => call({ op: 'all', sql, params }),
    get: (sql, params) => call({ op: 'get', sql, params }),
    run: (sql, params) => call({ op: 'run', sql, params }),
    tx: (statements) => call({ op: 'tx', statements }),
    async close() {
      const w = worker
      if (!w) return
      const exited = new Promise((resolve) => w.once('exit', resolve))
      await call({ op: 'close' }).catch(() => {})
      await exited
    },
  }
}

/**
 * Opens (creating if needed) the database at `file` (`:memory:` for tests) and migrates it.
 *
 * WAL lets the summary read while reports are written. synchronous=FULL makes each commit survive a
 * power cut, not just a crash of this process: a 2xx promises the report is stored. The cost is one
 * fsync per commit, which group commit (ingest.ts) amortises and the writer thread keeps off the
 * event loop.
 */
export interface SqliteStoreOptions {
  /** Called with each worker thread the store starts (tests use it to make one die). */
  onThread?: (role: 'writer' | 'reader', worker: Worker) => void
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  // Another connection (the other thread, a second process, the sqlite3 shell) may hold the lock.
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const inline = file === ':memory:' || file === ''
  const { onThread } = options
  const writer = inline
    ? inlineExecutor(db)
    : workerExecutor(file, 'crowd-sqlite-writer', onThread && ((w) => onThread('writer', w)))
  const reader = inline
    ? writer
    : workerExecutor(file, 'crowd-sqlite-reader', onThread && ((w) => onThread('reader', w)))
  const insertSql = `INSERT INTO reports (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  let closed = false

  return {
    backend: 'sqlite',
    db,
    threads: inline ? 'inline' : 'workers',
    async insertReports(rows: readonly StoredReport[]) {
      if (rows.length === 0) return
      // One flat array (9 values per row): much cheaper to copy to the writer thread than nested ones.
      const flat: Array<string | number | null> = new Array(rows.length * 9)
      let i = 0
      for (const r of rows) {
        flat[i++] = r.receivedAt
        flat[i++] = r.kind
        flat[i++] = r.status
        flat[i++] = r.surface
        flat[i++] = r.model
        flat[i++] = r.tier
        flat[i++] = r.region
        flat[i++] = r.client
        flat[i++] = r.reporterHash
      }
      await writer.batch(insertSql, 9, flat)
    },
    async windowStats(query: WindowQuery): Promise<WindowStats> {
      const { sql, params } = windowStatsSql(query)
      return windowStatsFromRows(await reader.all<WindowRow>(sql, params))
    },
    async rollup(range: TimeRange) {
      await writer.tx(rollupSql(range))
    },
    async sumAggregates(ranges): Promise<AggregateSum[]> {
      if (ranges.length === 0) return []
      const { sql, params } = sumAggregatesSql(ranges)
      return aggregateSumsFromRows(
        await reader.all<Parameters<typeof aggregateSumsFromRows>[0][number]>(sql, params),
      )
    },
    async purge(rawBefore, aggregatesBefore): Promise<PurgeResult> {
      const reports = await writer.run('DELETE FROM reports WHERE received_at < ?', [rawBefore])
      const aggregates = await writer.run('DELETE FROM aggregates WHERE start < ?', [aggregatesBefore])
      return { reports, aggregates }
    },
    async ensureMeta(key, value) {
      await writer.tx([
        {
          sql: 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
          params: [key, value],
        },
      ])
      const row = await writer.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])
      if (!row) throw new Error(`meta key "${key}" vanished right after being written`)
      return row.value
    },
    async ping() {
      // Through the writer: if it cannot answer, reports cannot be stored either.
      if (closed) throw new Error('the database is not open')
      await writer.get('SELECT 1', [])
    },
    async close() {
      if (closed) return
      closed = true
      await writer.close()
      if (reader !== writer) await reader.close()
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
