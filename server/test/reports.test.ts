// POST /v1/reports in process: validation of every field, size and media type, strictness, rate
// limits, CORS, privacy of what is stored, and the typed client.
import { hc } from 'hono/client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from '../../src/shared/core/zod.ts'
import { ErrorBodySchema, ReportSchema } from '../../src/shared/crowd/report.ts'
import type { AppType } from '../src/app.ts'
import { manualClock } from '../src/clock.ts'
import { defaultConfig } from '../src/config.ts'
import { ReporterHasher } from '../src/reporter-hash.ts'
import { compiledReportSchema } from '../src/routes/reports.ts'
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.ts'
import { postReport, report, T0, testApp, testConfig, token } from './helpers.ts'

let store: SqliteStore

beforeEach(() => {
  store = openSqliteStore(':memory:')
})
afterEach(async () => {
  await store.close()
})

function storedCount(): number {
  return (store.db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n
}

async function expectFieldError(body: unknown, field: string | null, message?: RegExp) {
  const { app } = testApp(store)
  const res = await postReport(app, body)
  expect(res.status, JSON.stringify(body)).toBe(400)
  const json = ErrorBodySchema.parse(await res.json())
  expect(json.error).toBe('invalid_report')
  expect(json.field, JSON.stringify(body)).toBe(field)
  if (message) expect(json.message).toMatch(message)
  return json
}

async function expectAccepted(body: unknown) {
  const { app } = testApp(store)
  const res = await postReport(app, body)
  expect(res.status, JSON.stringify(body)).toBe(202)
  expect(await res.json()).toEqual({ ok: true })
}

describe('POST /v1/reports validation', () => {
  it('accepts the documented example, and the minimal form without optional fields', async () => {
    await expectAccepted(report())
    await expectAccepted({ v: 1, kind: 'manual', surface: 'claude.ai', client: '0.3.0', reporter: token(2) })
    await expectAccepted(report({ status: null, model: null, tier: null, region: null }))
    expect(storedCount()).toBe(3)
  })

  it('v', async () => {
    await expectFieldError(report({ v: 2 }), 'v', /v must be 1/)
    await expectFieldError(report({ v: undefined }), 'v', /v is required/)
    await expectFieldError(report({ v: '1' }), 'v')
  })

  it('kind: only the fixed vocabulary', async () => {
    for (const kind of ['server_error', 'overloaded', 'gateway', 'stall', 'slow', 'login', 'manual']) {
      await expectAccepted(report({ kind, reporter: token(kind) }))
    }
    await expectFieldError(report({ kind: 'outage' }), 'kind', /kind must be one of server_error/)
    await expectFieldError(report({ kind: 'SERVER_ERROR' }), 'kind')
    await expectFieldError(report({ kind: undefined }), 'kind', /kind is required/)
  })

  it('status: an integer HTTP status or null', async () => {
    for (const status of [100, 529, 599]) await expectAccepted(report({ status }))
    for (const status of [99, 600, 500.5, '500', -1, true]) {
      await expectFieldError(report({ status }), 'status', /status must be an integer HTTP status/)
    }
  })

  it('surface', async () => {
    await expectFieldError(report({ surface: 'claude.com' }), 'surface', /surface must be one of claude\.ai/)
    await expectFieldError(report({ surface: undefined }), 'surface', /surface is required/)
  })

  it('model: any lowercase family word, not a list', async () => {
    for (const model of ['sonnet', 'opus', 'haiku', 'fable', 'mythos2'])
      await expectAccepted(report({ model }))
    for (const model of ['Sonnet', 's', 'a'.repeat(21), 'son net', 'sonnet-4', '4sonnet', 42, 'all']) {
      await expectFieldError(report({ model }), 'model')
    }
    await expectFieldError(report({ model: 'all' }), 'model', /reserved/)
  })

  it('tier', async () => {
    for (const tier of ['free', 'pro', 'max', 'team', 'enterprise', 'unknown'])
      await expectAccepted(report({ tier }))
    await expectFieldError(report({ tier: 'gold' }), 'tier', /tier must be one of free, pro/)
  })

  it('region: a continent, never finer', async () => {
    await expectAccepted(report({ region: 'australia' }))
    for (const region of ['Europe/Paris', 'mars', 'eu', 3])
      await expectFieldError(report({ region }), 'region')
  })

  it('client: a bounded semver-ish version', async () => {
    for (const client of ['0.3.0', '12.0.1', '1.2.3-beta.1', '1.2.3-rc1'])
      await expectAccepted(report({ client }))
    for (const client of [
      '0.3',
      'v0.3.0',
      '0.3.0 hello',
      '1.2.3-beta.1.2',
      `1.2.3-${'a'.repeat(13)}`,
      '',
      3,
    ]) {
      await expectFieldError(report({ client }), 'client', /client must be a version/)
    }
  })

  it('reporter: 32–64 URL-safe characters', async () => {
    await expectAccepted(report({ reporter: 'a'.repeat(32) }))
    await expectAccepted(report({ reporter: `${'A-_'.repeat(21)}z` }))
    for (const reporter of ['a'.repeat(31), 'a'.repeat(65), `${'a'.repeat(40)}+/=`, `${'a'.repeat(40)} `]) {
      await expectFieldError(report({ reporter }), 'reporter', /reporter must be a random token/)
    }
    await expectFieldError(report({ reporter: undefined }), 'reporter', /reporter is required/)
  })

  it('is strict: an unknown key is refused and named, never stored', async () => {
    const json = await expectFieldError(
      { ...report(), prompt: 'my secret prompt' },
      'prompt',
      /unknown field "prompt"/,
    )
    expect(JSON.stringify(json)).not.toContain('my secret prompt')
    await expectFieldError({ ...report(), requestId: 'req_011C' }, 'requestId')
    expect(storedCount()).toBe(0)
  })

  it('lists every problem, the first one as `field`', async () => {
    const json = await expectFieldError(report({ kind: 'x', tier: 'y', extra: 1 }), 'kind')
    expect(json.issues?.map((i) => i.field)).toEqual(['kind', 'tier', 'extra'])
  })

  it('a body that is not an object, or not JSON', async () => {
    await expectFieldError([report()], null, /must be a JSON object/)
    await expectFieldError('"hello"', null, /must be a JSON object/)
    const { app } = testApp(store)
    const res = await postReport(app, '{"v":1,')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'invalid_json', message: 'the body is not valid JSON' })
  })

  it('415 for a body that is not declared as JSON', async () => {
    const { app } = testApp(store)
    const res = await app.request('/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(report()),
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' })
    expect(storedCount()).toBe(0)
  })

  it('413 above 2 KB, whether announced by Content-Length or streamed', async () => {
    const { app, metrics } = testApp(store)
    const big = JSON.stringify({ ...report(), pad: 'x'.repeat(2100) })
    const announced = await postReport(app, big)
    expect(announced.status).toBe(413)
    expect(await announced.json()).toMatchObject({
      error: 'too_large',
      message: 'the body must be at most 2048 bytes',
    })

    const streamed = await app.request('/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(500)))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(metrics.get('crowd_reports_rejected_total', { reason: 'too_large' })).toBe(2)
    // Just under the limit is fine (and then judged on content).
    const padded = JSON.stringify(report({ client: '0.3.0' }))
    expect(padded.length).toBeLessThan(2048)
    expect((await postReport(app, padded)).status).toBe(202)
  })

  it('stores only the vocabulary and a salted hash: no token, no address', async () => {
    const { app } = testApp(store, { config: testConfig({ trustedProxyHeader: 'x-forwarded-for' }) })
    const res = await postReport(app, report({ reporter: token(77) }), { 'x-forwarded-for': '203.0.113.9' })
    expect(res.status).toBe(202)
    const row = store.db.prepare('SELECT * FROM reports').get() as Record<string, unknown>
    expect(Object.keys(row).sort()).toEqual(
      [
        'client',
        'id',
        'kind',
        'model',
        'received_at',
        'region',
        'reporter',
        'status',
        'surface',
        'tier',
      ].sort(),
    )
    const hash = new ReporterHasher(testConfig().reporterSecret).hash(token(77), T0)
    expect(row).toMatchObject({
      kind: 'server_error',
      status: 500,
      model: 'sonnet',
      tier: 'pro',
      reporter: hash,
    })
    expect(JSON.stringify(row)).not.toContain(token(77))
    expect(JSON.stringify(row)).not.toContain('203.0.113')
  })

  it('absent model and tier are stored as "unknown", so they form their own cell', async () => {
    const { app } = testApp(store)
    await postReport(app, report({ model: null, tier: undefined }))
    expect(store.db.prepare('SELECT model, tier FROM reports').get()).toEqual({
      model: 'unknown',
      tier: 'unknown',
    })
  })
})

describe('the compiled report schema', () => {
  it('compiles (zod would otherwise fall back to the slower schema without a word)', () => {
    expect(() => z.compile(ReportSchema, { strict: true })).not.toThrow()
  })

  it('agrees with the shared schema on valid and invalid reports, issues included', () => {
    const inputs: unknown[] = [
      report(),
      report({ status: null, model: null, tier: null, region: null }),
      { v: 1, kind: 'manual', surface: 'claude.ai', client: '0.3.0', reporter: token(2) },
      report({ model: 'opus-4' }),
      report({ status: 99 }),
      report({ status: 500.5 }),
      report({ status: '500' }),
      report({ kind: 'x', tier: 'y', extra: 1 }),
      report({ model: 'Opus' }),
      report({ model: 'all' }),
      report({ client: 'x'.repeat(40) }),
      report({ reporter: 'short' }),
      report({ region: 'paris' }),
      report({ v: 2 }),
      { ...report(), prompt: 'secret' },
      [report()],
      'hello',
      null,
      {},
    ]
    for (const input of inputs) {
      const compiled = compiledReportSchema.safeParse(input)
      const reference = ReportSchema.safeParse(input)
      expect(compiled.success, JSON.stringify(input)).toBe(reference.success)
      expect(compiled.data, JSON.stringify(input)).toEqual(reference.data)
      expect(compiled.error?.issues, JSON.stringify(input)).toEqual(reference.error?.issues)
    }
  })
})

describe('acknowledgement', () => {
  it('answers 202 only after the commit returns, and commits concurrent reports together', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const batches: number[] = []
    const slow: typeof store = {
      ...store,
      insertReports: async (rows) => {
        await gate
        batches.push(rows.length)
        return store.insertReports(rows)
      },
    }
    const { app } = testApp(slow)
    let answered = 0
    const pending = Array.from({ length: 10 }, (_, i) =>
      postReport(app, report({ reporter: token(i) })).then((res) => {
        answered++
        return res
      }),
    )
    await new Promise((r) => setTimeout(r, 50))
    expect(answered).toBe(0) // nothing acknowledged while the commit is outstanding
    expect(storedCount()).toBe(0)
    release()
    const statuses = (await Promise.all(pending)).map((r) => r.status)
    expect(statuses).toEqual(Array(10).fill(202))
    expect(storedCount()).toBe(10)
    expect(batches).toEqual([10]) // one commit for the ten
  })
})

describe('rate limits', () => {
  it('per reporter token: 6 a minute, then 429 with Retry-After; other tokens unaffected', async () => {
    const { app, clock, metrics } = testApp(store, {
      config: testConfig({ rateLimit: { perTokenPerMinute: 6, perAddressPerMinute: 1000, maxKeys: 1000 } }),
    })
    for (let i = 0; i < 6; i++) expect((await postReport(app, report())).status).toBe(202)
    const limited = await postReport(app, report())
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('10')
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', retryAfterSeconds: 10 })
    expect((await postReport(app, report({ reporter: token(2) }))).status).toBe(202)
    clock.advance(10_000)
    expect((await postReport(app, report())).status).toBe(202)
    expect(metrics.get('crowd_rate_limited_total', { scope: 'token' })).toBe(1)
    expect(storedCount()).toBe(8)
  })

  it('per address via the trusted proxy header, counting invalid requests too', async () => {
    const { app, metrics } = testApp(store, {
      config: testConfig({
        trustedProxyHeader: 'x-forwarded-for',
        rateLimit: { perTokenPerMinute: 1000, perAddressPerMinute: 5, maxKeys: 1000 },
      }),
    })
    const from = (ip: string) => ({ 'x-forwarded-for': `198.51.100.1, ${ip}` })
    for (let i = 0; i < 3; i++) {
      expect((await postReport(app, report({ reporter: token(i) }), from('203.0.113.1'))).status).toBe(202)
    }
    for (let i = 0; i < 2; i++)
      expect((await postReport(app, { junk: true }, from('203.0.113.1'))).status).toBe(400)
    const limited = await postReport(app, report({ reporter: token(9) }), from('203.0.113.1'))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBe(12) // 5 per minute: one every 12 s
    expect(await limited.json()).toMatchObject({
      error: 'rate_limited',
      message: expect.stringMatching(/network/),
    })
    // Another client behind the same balancer has its own budget.
    expect((await postReport(app, report({ reporter: token(10) }), from('203.0.113.2'))).status).toBe(202)
    expect(metrics.get('crowd_rate_limited_total', { scope: 'address' })).toBe(1)
  })

  it('ignores X-Forwarded-For when no trusted proxy header is configured', async () => {
    const { app } = testApp(store, {
      config: testConfig({ rateLimit: { perTokenPerMinute: 1000, perAddressPerMinute: 2, maxKeys: 1000 } }),
    })
    // In process there is no socket: all requests share one address, whatever the header claims.
    const spoof = (i: number) => ({ 'x-forwarded-for': `192.0.2.${i}` })
    expect((await postReport(app, report({ reporter: token(1) }), spoof(1))).status).toBe(202)
    expect((await postReport(app, report({ reporter: token(2) }), spoof(2))).status).toBe(202)
    expect((await postReport(app, report({ reporter: token(3) }), spoof(3))).status).toBe(429)
  })

  it('uses the documented defaults: 6 per token and 60 per address per minute', () => {
    expect(defaultConfig().rateLimit).toMatchObject({ perTokenPerMinute: 6, perAddressPerMinute: 60 })
  })
})

describe('HTTP surface', () => {
  it('answers CORS preflights from any extension origin', async () => {
    const { app } = testApp(store)
    const res = await app.request('/v1/reports', {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
    const get = await app.request('/v1/summary', { headers: { origin: 'moz-extension://1234' } })
    expect(get.headers.get('access-control-allow-origin')).toBe('*')
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag')
  })

  it('an unexpected error on a report is a JSON 500 that the extension can still read', async () => {
    // The report route runs ahead of the CORS middleware (app.ts), so the error handler adds them.
    let broken = false
    const clock = manualClock(T0)
    const now = clock.now
    clock.now = () => {
      if (broken) throw new Error('clock broke')
      return now()
    }
    const { app } = testApp(store, { clock })
    broken = true
    const res = await postReport(app, report())
    expect(res.status).toBe(500)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({ error: 'internal', message: 'internal error' })
  })

  it('answers unknown paths with a JSON 404', async () => {
    const { app } = testApp(store)
    const res = await app.request('/v1/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'not_found' })
  })

  it('has a typed client derived from the routes', async () => {
    const { app } = testApp(store)
    const client = hc<AppType>('http://crowd.test', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
    })
    const res = await client.v1.reports.$post({
      json: { v: 1, kind: 'slow', surface: 'claude.ai', client: '0.3.0', reporter: token(5) },
    })
    expect(res.status).toBe(202)
    const summary = await client.v1.summary.$get()
    expect(summary.status).toBe(200)
    expect(storedCount()).toBe(1)
  })
})
