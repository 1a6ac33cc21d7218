// Shared test fixtures: the backends the store suite runs on, report builders, request helpers.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { ReportInput } from '../../src/shared/crowd/report.ts'
import { type AppDeps, createApp } from '../src/app.ts'
import { type ManualClock, manualClock } from '../src/clock.ts'
import { type Config, defaultConfig } from '../src/config.ts'
import { silentLogger } from '../src/log.ts'
import { Metrics } from '../src/metrics.ts'
import { openPostgresStore } from '../src/store/postgres.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import type { Store } from '../src/store/types.ts'

/** PostgreSQL for the suite, e.g. postgres://postgres@127.0.0.1:5432/test. Unset: SQLite only. */
export const PG_URL = process.env.TEST_DATABASE_URL?.trim() || undefined

let announced = false
/** Says plainly, once per file, that the PostgreSQL pass did not run (it is not "skipped"). */
export function announcePostgres(file: string): void {
  if (PG_URL || announced) return
  announced = true
  console.log(
    `[${file}] PostgreSQL pass NOT RUN: TEST_DATABASE_URL is not set. ` +
      'Set it (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test) to run these tests on PostgreSQL too.',
  )
}

export interface Backend {
  name: 'sqlite' | 'postgres'
  /** A fresh, empty, migrated store (its own file or schema). */
  open(): Promise<Store>
  /** A second handle on the same database (another "instance"). */
  reopen(store: Store): Promise<Store>
  /** Drops what open() created. */
  cleanup(): Promise<void>
}

export function sqliteBackend(): Backend {
  const dirs: string[] = []
  const files = new WeakMap<Store, string>()
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'crowd-test-'))
      dirs.push(dir)
      const file = join(dir, 'crowd.sqlite')
      const store = openSqliteStore(file)
      files.set(store, file)
      return store
    },
    async reopen(store) {
      const file = files.get(store)
      if (!file) throw new Error('reopen needs a store from open()')
      const again = openSqliteStore(file)
      files.set(again, file)
      return again
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function uniqueSchema(): string {
  return `crowd_test_${process.pid}_${randomBytes(4).toString('hex')}`
}

export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
  } finally {
    await client.end()
  }
}

export function postgresBackend(url: string): Backend {
  const schemas: string[] = []
  const schemaOf = new WeakMap<Store, string>()
  return {
    name: 'postgres',
    async open() {
      const schema = uniqueSchema()
      schemas.push(schema)
      const store = await openPostgresStore({ connectionString: url, schema, poolMax: 4 })
      schemaOf.set(store, schema)
      return store
    },
    async reopen(store) {
      const schema = schemaOf.get(store)
      if (!schema) throw new Error('reopen needs a store from open()')
      const again = await openPostgresStore({ connectionString: url, schema, poolMax: 4 })
      schemaOf.set(again, schema)
      return again
    },
    async cleanup() {
      await dropSchemas(url, schemas.splice(0))
    },
  }
}

/** The backends the parameterised suite runs on: SQLite always, PostgreSQL when configured. */
export function backends(): Backend[] {
  return PG_URL ? [sqliteBackend(), postgresBackend(PG_URL)] : [sqliteBackend()]
}

/** A deterministic valid reporter token for reporter number `i`. */
export function token(i: number | string): string {
  return `reporter-${String(i).padStart(6, '0')}-abcdefghijklmnopqrstuvwxyz`
}

/** A valid report; `overrides` may also add unknown keys or set `undefined` to drop a field. */
export function report(
  overrides: Partial<Record<keyof ReportInput, unknown>> & Record<string, unknown> = {},
) {
  return {
    v: 1,
    kind: 'server_error',
    status: 500,
    surface: 'claude.ai',
    model: 'sonnet',
    tier: 'pro',
    region: 'europe',
    client: '0.3.0',
    reporter: token(1),
    ...overrides,
  }
}

/** Limits high enough to stay out of the way of tests that are not about them. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return defaultConfig({
    rateLimit: { perTokenPerMinute: 1_000_000, perAddressPerMinute: 1_000_000, maxKeys: 200_000 },
    summaryCacheMs: 0,
    // Tests look at single reporters; the privacy threshold has its own test (summary.test.ts).
    minCellReporters: 1,
    ...overrides,
  })
}

/** 2026-03-03 (a Tuesday) 12:00 UTC: an arbitrary fixed "now". */
export const T0 = Date.UTC(2026, 2, 3, 12, 0, 0)

export function testApp(store: Store, options: Partial<AppDeps> & { clock?: ManualClock } = {}) {
  const clock = options.clock ?? manualClock(T0)
  const metrics = options.metrics ?? new Metrics()
  const config = options.config ?? testConfig()
  const app = createApp({ logger: silentLogger, ...options, store, clock, config, metrics })
  return { app, clock, metrics, config }
}

type App = ReturnType<typeof createApp>

export function postReport(app: App, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request('/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
}

export async function getSummary(app: App, headers: Record<string, string> = {}) {
  const res = await app.request('/v1/summary', { headers })
  return { res, body: res.status === 200 ? await res.json() : null }
}

/**
 * A store whose every call fails while `down` is set, for the paths a real outage takes
 * (PostgreSQL's real outage is covered through a TCP proxy in postgres.test.ts).
 */
export function faultyStore(inner: Store): Store & { down: boolean; calls: Map<string, number> } {
  const wrapper = {
    down: false,
    calls: new Map<string, number>(),
    backend: inner.backend,
  } as Store & { down: boolean; calls: Map<string, number> }
  for (const method of [
    'insertReports',
    'windowStats',
    'rollup',
    'sumAggregates',
    'purge',
    'ensureMeta',
    'ping',
    'close',
  ] as const) {
    const original = inner[method].bind(inner) as (...args: unknown[]) => Promise<unknown>
    ;(wrapper as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      wrapper.calls.set(method, (wrapper.calls.get(method) ?? 0) + 1)
      if (wrapper.down && method !== 'close')
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      return original(...args)
    }
  }
  return wrapper
}

/** Serves an app on a real ephemeral port (for behaviour that needs sockets). */
export async function listen(app: App): Promise<{ url: string; close: () => Promise<void> }> {
  const { serve } = await import('@hono/node-server')
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            ;(server as import('node:http').Server).closeAllConnections?.()
          }),
      })
    })
  })
}

export function httpPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}
