// Multi-instance behaviour. On a real PostgreSQL (registered only when TEST_DATABASE_URL is set):
// concurrent boots, two servers sharing one database, a database that goes away and comes back.
// Always: the salt secret that instances must agree on.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { SummarySchema } from '../../src/shared/crowd/schema.ts'
import { manualClock } from '../src/clock.ts'
import { parseEnv } from '../src/env.ts'
import { silentLogger } from '../src/log.ts'
import { readOrCreateSecretFile, resolveReporterSecret, SECRET_FILE_NAME } from '../src/secret.ts'
import { openPostgresStore, type PostgresStore } from '../src/store/postgres.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import {
  announcePostgres,
  dropSchemas,
  httpPost,
  listen,
  PG_URL,
  report,
  T0,
  testApp,
  testConfig,
  token,
  uniqueSchema,
} from './helpers.ts'

announcePostgres('instances.test.ts')

/** A TCP proxy in front of PostgreSQL that the test can cut (refusing and dropping) and restore. */
class CuttableProxy {
  readonly #target: { host: string; port: number }
  #server: net.Server | null = null
  readonly #sockets = new Set<net.Socket>()
  port = 0

  constructor(target: { host: string; port: number }) {
    this.#target = target
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.#target.port, this.#target.host)
      for (const s of [client, upstream]) {
        this.#sockets.add(s)
        s.on('close', () => this.#sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as net.AddressInfo).port
    this.#server = server
  }

  /** New connections are refused and open ones are dropped: the database is "down". */
  async cut(): Promise<void> {
    const server = this.#server
    this.#server = null
    for (const s of this.#sockets) s.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  async stop(): Promise<void> {
    await this.cut()
  }
}

if (PG_URL) {
  const url = PG_URL
  describe('PostgreSQL, several instances', () => {
    const schemas: string[] = []
    const cleanups: Array<() => Promise<unknown>> = []
    const schema = () => {
      const s = uniqueSchema()
      schemas.push(s)
      return s
    }
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => {})
    })
    afterAll(async () => {
      await dropSchemas(url, schemas)
    })

    it('instances booting at the same moment migrate once (advisory lock), all succeed', async () => {
      const s = schema()
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => openPostgresStore({ connectionString: url, schema: s, poolMax: 2 })),
      )
      cleanups.push(...stores.map((st) => () => st.close()))
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      cleanups.push(() => client.end())
      const rows = await client.query(`SELECT version FROM "${s}".schema_migrations ORDER BY version`)
      expect(rows.rows).toEqual([{ version: 1 }])
      const tables = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [s],
      )
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'aggregates',
        'meta',
        'reports',
        'schema_migrations',
      ])
    })

    it('two HTTP servers on one database: a report sent to one is in the summary of the other', async () => {
      const s = schema()
      const env = parseEnv({ DATABASE_URL: url, DATABASE_SCHEMA: s })
      const [storeA, storeB] = await Promise.all([
        openPostgresStore({ connectionString: url, schema: s }),
        openPostgresStore({ connectionString: url, schema: s }),
      ])
      cleanups.push(
        () => storeA.close(),
        () => storeB.close(),
      )
      // No REPORTER_SALT_SECRET: the instances agree on one generated secret through the database.
      const [secretA, secretB] = await Promise.all([
        resolveReporterSecret(env, storeA),
        resolveReporterSecret(env, storeB),
      ])
      expect(secretA).toBe(secretB)
      expect(secretA.length).toBeGreaterThanOrEqual(32)

      const clock = manualClock(T0)
      const a = testApp(storeA, { clock, config: testConfig({ reporterSecret: secretA }) })
      const b = testApp(storeB, { clock, config: testConfig({ reporterSecret: secretB }) })
      const [serverA, serverB] = await Promise.all([listen(a.app), listen(b.app)])
      cleanups.push(serverA.close, serverB.close)

      expect((await httpPost(serverA.url, report({ reporter: token(1) }))).status).toBe(202)
      expect((await httpPost(serverA.url, report({ reporter: token(2), kind: 'overloaded' }))).status).toBe(
        202,
      )
      // The same reporter through the other instance is still one reporter (shared secret).
      expect((await httpPost(serverB.url, report({ reporter: token(1) }))).status).toBe(202)
      clock.advance(1)

      const fromB = SummarySchema.parse(await (await fetch(`${serverB.url}/v1/summary`)).json())
      expect(fromB.total).toMatchObject({ reports: 3, reporters: 2 })
      expect(fromB.cells.find((c) => c.kind === 'server_error')).toMatchObject({ reports: 2, reporters: 1 })
      const fromA = await fetch(`${serverA.url}/v1/summary`)
      // Same data, same moment: byte-identical, so a CDN can revalidate against either instance.
      const etagB = (await fetch(`${serverB.url}/v1/summary`)).headers.get('etag')
      expect(fromA.headers.get('etag')).toBe(etagB)
    })

    it('database down: 503 with a clear error, then recovery without a restart', async () => {
      const target = new URL(url)
      const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) })
      await proxy.start()
      cleanups.push(() => proxy.stop())
      const viaProxy = new URL(url)
      viaProxy.hostname = '127.0.0.1'
      viaProxy.port = String(proxy.port)

      const idleErrors: Error[] = []
      const store: PostgresStore = await openPostgresStore({
        connectionString: viaProxy.toString(),
        schema: schema(),
        connectTimeoutMs: 1000,
        onIdleError: (err) => idleErrors.push(err),
      })
      cleanups.push(() => store.close())
      const clock = manualClock(T0)
      const { app, metrics } = testApp(store, { clock, logger: silentLogger })
      const server = await listen(app)
      cleanups.push(server.close)

      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect((await httpPost(server.url, report({ reporter: token(1) }))).status).toBe(202)

      await proxy.cut()
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(503)
      const body = (await health.json()) as { ok: boolean; error: string; message: string }
      expect(body.ok).toBe(false)
      expect(body.error).toBe('database_unavailable')
      expect(body.message).toMatch(
        /^database unavailable: (connection refused|connection lost) \(postgres\)$/,
      )

      const refused = await httpPost(server.url, report({ reporter: token(2) }))
      expect(refused.status).toBe(503)
      expect(await refused.json()).toMatchObject({
        error: 'database_unavailable',
        message: expect.stringMatching(
          /^the report was not stored \(database (connection refused|connection lost)\)/,
        ),
      })
      clock.advance(1)
      expect((await fetch(`${server.url}/v1/summary`)).status).toBe(503)

      // The same process, the same pool: it reconnects once the database is back.
      await proxy.start()
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect((await httpPost(server.url, report({ reporter: token(3) }))).status).toBe(202)
      clock.advance(1)
      const summary = SummarySchema.parse(await (await fetch(`${server.url}/v1/summary`)).json())
      // The report refused with 503 is not there; the two acknowledged ones are.
      expect(summary.total).toMatchObject({ reports: 2, reporters: 2 })
      expect(metrics.get('crowd_db_errors_total', { op: 'insert' })).toBe(1)
    })
  })
}

describe('the reporter-salt secret every instance must share', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('SQLite: generated once into DATA_DIR (mode 0600) and reused by later boots', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crowd-secret-'))
    dirs.push(dir)
    const env = parseEnv({ DATA_DIR: dir })
    const store = openSqliteStore(':memory:')
    const first = await resolveReporterSecret(env, store)
    const second = await resolveReporterSecret(env, store)
    await store.close()
    expect(first).toBe(second)
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const file = join(dir, SECRET_FILE_NAME)
    expect(readFileSync(file, 'utf8').trim()).toBe(first)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('REPORTER_SALT_SECRET wins over anything stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crowd-secret-'))
    dirs.push(dir)
    const secret = 'x'.repeat(40)
    const store = openSqliteStore(':memory:')
    expect(
      await resolveReporterSecret(parseEnv({ DATA_DIR: dir, REPORTER_SALT_SECRET: secret }), store),
    ).toBe(secret)
    await store.close()
    expect(existsSync(join(dir, SECRET_FILE_NAME))).toBe(false)
  })

  it('a damaged secret file stops the boot instead of silently changing every hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crowd-secret-'))
    dirs.push(dir)
    writeFileSync(join(dir, SECRET_FILE_NAME), 'short\n')
    expect(() => readOrCreateSecretFile(join(dir, SECRET_FILE_NAME))).toThrow(/holds no usable secret/)
  })
})
