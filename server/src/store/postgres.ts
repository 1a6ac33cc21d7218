// The multi-instance store: any number of stateless servers share one PostgreSQL. Everything an
// instance keeps in memory (rate limits, the summary cache) may differ between instances; everything
// that must agree (reports, aggregates, the reporter-salt secret) lives here.
import pg from 'pg'
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
import type { AggregateSum, PurgeResult, Store, WindowStats } from './types.ts'

export interface PostgresStoreOptions {
  connectionString: string
  /** Schema holding the tables (created if missing); tests give each run its own. */
  schema?: string
  poolMax?: number
  /** How long to wait for a connection before failing the request (and answering 503). */
  connectTimeoutMs?: number
  /** Server-side statement timeout. */
  statementTimeoutMs?: number
  /** Called with errors of idle pooled connections (e.g. the database restarted). */
  onIdleError?: (err: Error) => void
}

export interface PostgresStore extends Store {
  readonly backend: 'postgres'
  readonly pool: pg.Pool
  readonly schema: string
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

// BIGINT (epoch ms, counts) arrives as a string by default; every value we store is far below 2^53.
const INT8_OID = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
}

/** `?` placeholders (shared SQL) to PostgreSQL's `$n`. Our SQL has no `?` inside literals. */
function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'public'
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`)
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    // Every session sees only this schema; the tables are created unqualified inside it.
    options: `-c search_path=${schema} -c statement_timeout=${options.statementTimeoutMs ?? 10_000}`,
    // Client-side bound as well, for a connection that hangs instead of failing.
    query_timeout: (options.statementTimeoutMs ?? 10_000) + 2000,
    keepAlive: true,
    types,
  })
  // Without a listener, an idle connection dropped by the server would crash the process. The next
  // query simply opens a new connection, which is how the service recovers without a restart.
  pool.on('error', (err) => options.onIdleError?.(err))

  try {
    await migrate(pool, schema)
  } catch (err) {
    await pool.end().catch(() => {})
    throw err
  }

  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> =>
    (await pool.query<R>(numbered(sql), params)).rows

  return {
    backend: 'postgres',
    pool,
    schema,
    async insertReports(rows) {
      if (rows.length === 0) return
      // One statement whatever the batch size (a multi-row VALUES list would hit the 65,535
      // parameter limit at ~7,000 rows); one statement is also one atomic commit.
      await pool.query(
        `INSERT INTO reports (${INSERT_COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::smallint[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[], $9::text[])`,
        [
          rows.map((r) => r.receivedAt),
          rows.map((r) => r.kind),
          rows.map((r) => r.status),
          rows.map((r) => r.surface),
          rows.map((r) => r.model),
          rows.map((r) => r.tier),
          rows.map((r) => r.region),
          rows.map((r) => r.client),
          rows.map((r) => r.reporterHash),
        ],
      )
    },
    async windowStats(q): Promise<WindowStats> {
      const { sql, params } = windowStatsSql(q)
      return windowStatsFromRows(await query<WindowRow & pg.QueryResultRow>(sql, params))
    },
    async rollup(range: TimeRange) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        // One rollup at a time across instances: two transactions upserting the same keys in a
        // different order could deadlock, and the second would only redo the same work.
        const lock = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok',
          [`is-claude-down/crowd/rollup/${schema}`],
        )
        if (lock.rows[0]?.ok) {
          for (const { sql, params } of rollupSql(range)) await client.query(numbered(sql), params)
        }
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    async sumAggregates(ranges): Promise<AggregateSum[]> {
      if (ranges.length === 0) return []
      const { sql, params } = sumAggregatesSql(ranges)
      return aggregateSumsFromRows(
        await query<Parameters<typeof aggregateSumsFromRows>[0][number]>(sql, params),
      )
    },
    async purge(rawBefore, aggregatesBefore): Promise<PurgeResult> {
      const reports = await pool.query('DELETE FROM reports WHERE received_at < $1', [rawBefore])
      const aggregates = await pool.query('DELETE FROM aggregates WHERE start < $1', [aggregatesBefore])
      return { reports: reports.rowCount ?? 0, aggregates: aggregates.rowCount ?? 0 }
    },
    async ensureMeta(key, value) {
      // Two instances racing here both end up with the value of whichever inserted first.
      await pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        value,
      ])
      const rows = await query<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])
      if (!rows[0]) throw new Error(`meta key "${key}" vanished right after being written`)
      return rows[0].value
    },
    async ping() {
      await pool.query('SELECT 1')
    },
    async close() {
      await pool.end()
    },
  }
}

/**
 * Versioned migrations under a session advisory lock keyed by the schema, so instances booting at
 * the same time queue up: the first applies, the others find nothing left to do. The schema itself
 * is created under the lock too (concurrent CREATE SCHEMA IF NOT EXISTS can fail on a unique index).
 */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect()
  const lockKey = `is-claude-down/crowd/migrations/${schema}`
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey])
    try {
      await client.query('BEGIN')
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`)
      const applied = new Set(
        (
          await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`)
        ).rows.map((r) => r.version),
      )
      // search_path was fixed when the session started, possibly before the schema existed.
      await client.query(`SET LOCAL search_path TO "${schema}"`)
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue
        await client.query(m.postgres)
        await client.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [
          m.version,
          m.name,
        ])
      }
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {})
    }
  } finally {
    client.release()
  }
}
