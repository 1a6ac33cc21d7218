// The parameterised suite: every test here runs on SQLite and, when TEST_DATABASE_URL is set, on
// PostgreSQL (each test in its own file or schema). It drives the real app and the real store.
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type Cell, type Summary, SummarySchema } from '../../src/shared/crowd/schema.ts'
import { DAY, HOUR, MINUTE, manualClock, WEEK } from '../src/clock.ts'
import { silentLogger } from '../src/log.ts'
import { runMaintenance } from '../src/maintenance.ts'
import { Metrics } from '../src/metrics.ts'
import type { Store, StoredReport } from '../src/store/types.ts'
import {
  announcePostgres,
  backends,
  faultyStore,
  getSummary,
  postReport,
  report,
  testApp,
  testConfig,
  token,
} from './helpers.ts'

announcePostgres('store.test.ts')

/** Tuesday 2026-03-31 14:20 UTC. */
const NOW = Date.UTC(2026, 2, 31, 14, 20)
const HOUR_START = Date.UTC(2026, 2, 31, 14)
const EVERYTHING = { from: 0, to: 2 ** 52, from15: 0, bucketMs: HOUR }

function stored(at: number, reporterHash: string, cell: Partial<StoredReport> = {}): StoredReport {
  return {
    receivedAt: at,
    kind: 'server_error',
    status: 500,
    surface: 'claude.ai',
    model: 'sonnet',
    tier: 'pro',
    region: 'europe',
    client: '0.3.0',
    reporterHash,
    ...cell,
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 2))
  }
}

function cellOf(summary: Summary, kind: string, model = 'sonnet', tier = 'pro'): Cell | undefined {
  return summary.cells.find((c) => c.kind === kind && c.model === model && c.tier === tier)
}

/**
 * `perBlock[b]` distinct reporters in each 15-minute block of the same hour, in each of the 4 past
 * weeks, then rolled up (as the minute-by-minute maintenance would have done at the time).
 */
async function learnHistory(store: Store, perBlock: number[], cell: Partial<StoredReport>, label: string) {
  const rows: StoredReport[] = []
  for (let w = 1; w <= 4; w++) {
    const hour = HOUR_START - w * WEEK
    perBlock.forEach((n, b) => {
      for (let i = 0; i < n; i++)
        rows.push(stored(hour + b * 15 * MINUTE + MINUTE + i, `${label}-w${w}-b${b}-r${i}`, cell))
    })
  }
  await store.insertReports(rows)
  await store.rollup({ from: HOUR_START - 5 * WEEK, to: HOUR_START - WEEK + 2 * HOUR })
}

for (const backend of backends()) {
  describe(`store suite on ${backend.name}`, () => {
    const open: Store[] = []
    const fresh = async (): Promise<Store> => {
      const store = await backend.open()
      open.push(store)
      // The database "started" long ago unless a test says otherwise.
      await store.ensureMeta('started_at', String(NOW - 60 * DAY))
      return store
    }
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close().catch(() => {})
    })
    afterAll(async () => {
      await backend.cleanup()
    })

    it('counts the window: buckets, cells, distinct reporters, last 15 minutes, total', async () => {
      const store = await fresh()
      const A = {}
      const B = { kind: 'overloaded' as const, model: 'opus', tier: 'max' as const }
      await store.insertReports([
        stored(Date.UTC(2026, 2, 31, 13, 26), 'r1', A),
        stored(Date.UTC(2026, 2, 31, 13, 27), 'r1', A),
        stored(Date.UTC(2026, 2, 31, 14, 6), 'r2', A),
        stored(NOW - 1, 'r3', A),
        stored(Date.UTC(2026, 2, 31, 14, 10), 'r1', B),
        stored(NOW + MINUTE, 'r4', B), // after "now": not in the window
        stored(Date.UTC(2026, 2, 31, 13, 25) - 1, 'r5', B), // before the first bucket
        stored(NOW, 'r6', { kind: 'manual', model: 'unknown', tier: 'unknown' }), // the window ends before now
      ])
      const { app } = testApp(store, { clock: manualClock(NOW) })
      const { res, body } = await getSummary(app)
      expect(res.status).toBe(200)
      const summary = SummarySchema.parse(body)
      expect(summary).toMatchObject({
        v: 1,
        generatedAt: '2026-03-31T14:20:00.000Z',
        windowMinutes: 60,
        bucketMinutes: 5,
      })

      expect(summary.cells.map((c) => `${c.kind}/${c.model}/${c.tier}`)).toEqual([
        'server_error/sonnet/pro', // higher score first
        'overloaded/opus/max',
      ])
      const a = cellOf(summary, 'server_error')!
      expect(a).toMatchObject({ reports: 4, reporters: 3, last15: { reports: 2, reporters: 2 } })
      expect(a.buckets).toHaveLength(12)
      expect(a.buckets[0]).toEqual({ start: '2026-03-31T13:25:00.000Z', reports: 2, reporters: 1 })
      expect(a.buckets[11]).toEqual({ start: '2026-03-31T14:20:00.000Z', reports: 0, reporters: 0 })
      expect(a.buckets.filter((b) => b.reports > 0).map((b) => b.start.slice(11, 16))).toEqual([
        '13:25',
        '14:05',
        '14:15',
      ])
      const b = cellOf(summary, 'overloaded', 'opus', 'max')!
      expect(b).toMatchObject({ reports: 1, reporters: 1, last15: { reports: 1, reporters: 1 } })
      // r1 reported in both cells: one reporter in the total.
      expect(summary.total).toMatchObject({
        kind: 'all',
        model: 'all',
        tier: 'all',
        reports: 5,
        reporters: 3,
      })
      expect(summary.total.last15).toMatchObject({ reports: 3, reporters: 3 })
      expect(summary.total.buckets.find((x) => x.start === '2026-03-31T14:10:00.000Z')).toEqual({
        start: '2026-03-31T14:10:00.000Z',
        reports: 1,
        reporters: 1,
      })
      // No history: the floor.
      expect(a).toMatchObject({ baseline: 0, anomalous: false, last15: { baseline15: 0.5, ratio: 4 } })
    })

    it('one noisy reporter never makes a spike; twelve distinct ones do', async () => {
      const store = await fresh()
      const clock = manualClock(NOW - 10 * MINUTE)
      const { app } = testApp(store, { clock })
      for (let i = 0; i < 60; i++) {
        expect((await postReport(app, report({ kind: 'stall', reporter: token('noisy') }))).status).toBe(202)
        clock.advance(1000)
      }
      clock.set(NOW)
      let summary = SummarySchema.parse((await getSummary(app)).body)
      expect(cellOf(summary, 'stall')).toMatchObject({ reports: 60, reporters: 1, anomalous: false })
      expect(summary.total).toMatchObject({ reports: 60, reporters: 1, anomalous: false })

      clock.set(NOW - 5 * MINUTE)
      for (let i = 0; i < 12; i++) await postReport(app, report({ kind: 'server_error', reporter: token(i) }))
      clock.set(NOW)
      summary = SummarySchema.parse((await getSummary(app)).body)
      const spike = cellOf(summary, 'server_error')!
      expect(spike).toMatchObject({ reports: 12, reporters: 12, anomalous: true })
      expect(spike.score).toBeGreaterThanOrEqual(4)
      expect(summary.cells[0]).toBe(summary.cells.find((c) => c.anomalous))
      expect(cellOf(summary, 'stall')?.anomalous).toBe(false)
    })

    it('learns the same hour of the week: 9 reporters at λ = 2 is normal, 10 is a spike', async () => {
      const store = await fresh()
      // 2 distinct reporters per 15 minutes in this hour every past week (8 in the hour) ...
      await learnHistory(store, [2, 2, 2, 2], {}, 'usual')
      // ... and a busy neighbouring hour that must not leak into this hour's baseline.
      const rows: StoredReport[] = []
      for (let w = 1; w <= 4; w++) {
        for (let i = 0; i < 50; i++)
          rows.push(stored(HOUR_START - w * WEEK + HOUR + i * 1000, `busy-w${w}-${i}`))
      }
      await store.insertReports(rows)
      await store.rollup({ from: HOUR_START - 5 * WEEK, to: HOUR_START - WEEK + 3 * HOUR })

      await store.insertReports(Array.from({ length: 9 }, (_, i) => stored(NOW - 10 * MINUTE, `now-${i}`)))
      const { app } = testApp(store, { clock: manualClock(NOW) })
      let summary = SummarySchema.parse((await getSummary(app)).body)
      let cell = cellOf(summary, 'server_error')!
      expect(cell).toMatchObject({
        reporters: 9,
        baseline: 8,
        anomalous: false,
        last15: { baseline15: 2, ratio: 4.5 },
      })
      expect(cell.score).toBeGreaterThan(3) // p ≈ 2.4e-4: elevated, not significant at 1e-4
      expect(cell.score).toBeLessThan(4)

      await store.insertReports([stored(NOW - 10 * MINUTE, 'now-9')])
      summary = SummarySchema.parse((await getSummary(app)).body)
      cell = cellOf(summary, 'server_error')!
      expect(cell).toMatchObject({ reporters: 10, anomalous: true, last15: { baseline15: 2, ratio: 5 } })
      expect(summary.total).toMatchObject({ anomalous: true, last15: { baseline15: 2 } })
    })

    it('a sympathy spike in related cells does not cross the line while the real one does', async () => {
      const store = await fresh()
      await learnHistory(store, [1, 1, 1, 1], {}, 'usual') // server_error/sonnet/pro: λ = 1
      await learnHistory(store, [1, 2, 1, 2], { kind: 'slow' }, 'slow') // slow/sonnet/pro: λ = 1.5
      const now = NOW - 5 * MINUTE
      const rows: StoredReport[] = []
      for (let i = 0; i < 30; i++) rows.push(stored(now, `victim-${i}`))
      // Some of the same people also pick another kind for the same model and tier.
      for (let i = 0; i < 4; i++) rows.push(stored(now + 1, `victim-${i}`, { kind: 'overloaded' }))
      for (let i = 0; i < 5; i++) rows.push(stored(now + 2, `victim-${10 + i}`, { kind: 'slow' }))
      await store.insertReports(rows)

      const { app } = testApp(store, { clock: manualClock(NOW) })
      const summary = SummarySchema.parse((await getSummary(app)).body)
      expect(cellOf(summary, 'server_error')).toMatchObject({ reporters: 30, anomalous: true })
      // 4 reporters: below the minimum of 5, whatever the (floored) baseline.
      expect(cellOf(summary, 'overloaded')).toMatchObject({
        reporters: 4,
        anomalous: false,
        last15: { baseline15: 0.5 },
      })
      // 5 reporters against λ = 1.5: p ≈ 0.019, not significant.
      const slow = cellOf(summary, 'slow')!
      expect(slow).toMatchObject({ reporters: 5, anomalous: false, last15: { baseline15: 1.5 } })
      expect(slow.score).toBeLessThan(2)
      expect(summary.total).toMatchObject({ reporters: 30, anomalous: true })
      expect(summary.cells.map((c) => c.anomalous)).toEqual([true, false, false])
    })

    it('in its first week a deployment uses the history so far, not just the floor', async () => {
      const store = await backend.open()
      open.push(store)
      const started = NOW - 2 * DAY
      await store.ensureMeta('started_at', String(started))
      // One reporter in every 15-minute block since the start: λ = 1.
      const rows: StoredReport[] = []
      for (let t = started; t < HOUR_START; t += 15 * MINUTE) rows.push(stored(t + MINUTE, `steady-${t}`))
      await store.insertReports(rows)
      const clock = manualClock(NOW)
      await runMaintenance(
        { store, clock, config: testConfig(), metrics: new Metrics(), logger: silentLogger },
        { catchUp: true },
      )
      await store.insertReports(Array.from({ length: 6 }, (_, i) => stored(NOW - MINUTE, `now-${i}`)))
      const { app } = testApp(store, { clock })
      const cell = cellOf(SummarySchema.parse((await getSummary(app)).body), 'server_error')!
      // With the floor alone (λ = 0.5) 6 reporters would be a spike; against λ = 1 it takes 7.
      expect(cell.last15.baseline15).toBe(1)
      expect(cell.baseline).toBe(4)
      expect(cell.anomalous).toBe(false)
    })

    it('expires raw reports after 72 hours and aggregates after 30 days (injected clock)', async () => {
      const store = await fresh()
      const clock = manualClock(NOW)
      const { app } = testApp(store, { clock })
      expect((await postReport(app, report())).status).toBe(202)
      const deps = { store, clock, config: testConfig(), metrics: new Metrics(), logger: silentLogger }
      const raw = async () => (await store.windowStats(EVERYTHING)).total.reports
      const aggregates = async () =>
        (await store.sumAggregates([{ from: 0, to: 2 ** 52 }]))
          .map((s) => `${s.span}:${s.kind}:${s.reporters}`)
          .sort()

      clock.set(NOW + 2 * HOUR)
      await runMaintenance(deps)
      expect(await raw()).toBe(1)
      // The block 14:15–14:30 and the hour 14:00–15:00, per cell and in total.
      expect(await aggregates()).toEqual(['15:all:1', '15:server_error:1', '60:all:1', '60:server_error:1'])

      clock.set(NOW + 72 * HOUR)
      await runMaintenance(deps)
      expect(await raw()).toBe(1) // exactly 72 h old: still kept
      clock.set(NOW + 72 * HOUR + 1)
      expect(await runMaintenance(deps)).toMatchObject({ reports: 1 })
      expect(await raw()).toBe(0)
      expect(await aggregates()).toHaveLength(4)

      const block = Date.UTC(2026, 2, 31, 14, 15)
      clock.set(block + 30 * DAY)
      expect(await runMaintenance(deps)).toMatchObject({ aggregates: 2 }) // the hourly rows (14:00) went first
      expect(await aggregates()).toEqual(['15:all:1', '15:server_error:1'])
      clock.set(block + 30 * DAY + 1)
      await runMaintenance(deps)
      expect(await aggregates()).toEqual([])
      expect(deps.metrics.get('crowd_purged_rows_total', { table: 'aggregates' })).toBe(4)
    })

    it('rollup is idempotent, and the boot run catches up on all raw history', async () => {
      const store = await fresh()
      const at = NOW - 48 * HOUR
      await store.insertReports([stored(at, 'a'), stored(at + 1, 'a'), stored(at + 2, 'b')])
      const clock = manualClock(NOW)
      const deps = { store, clock, config: testConfig(), metrics: new Metrics(), logger: silentLogger }
      const sums = async () => store.sumAggregates([{ from: at - DAY, to: at + DAY }])
      await runMaintenance(deps) // the minute-by-minute run only looks back 3 hours
      expect(await sums()).toEqual([])
      await runMaintenance(deps, { catchUp: true })
      const once = await sums()
      expect(
        once.filter((s) => s.kind === 'server_error').map((s) => [s.span, s.reports, s.reporters]),
      ).toEqual(
        expect.arrayContaining([
          [15, 3, 2],
          [60, 3, 2],
        ]),
      )
      await runMaintenance(deps, { catchUp: true })
      await store.rollup({ from: at - HOUR, to: at + HOUR })
      expect(await sums()).toEqual(once)
    })

    it('migrations are idempotent: a second instance opens the same database and sees the data', async () => {
      const store = await fresh()
      await store.insertReports([stored(NOW - MINUTE, 'x')])
      const again = await backend.reopen(store)
      open.push(again)
      expect((await again.windowStats(EVERYTHING)).total.reports).toBe(1)
      // Meta is first-writer-wins across handles (the salt secret on PostgreSQL relies on it).
      const [first, second] = await Promise.all([store.ensureMeta('k', 'one'), again.ensureMeta('k', 'two')])
      expect(first).toBe(second)
      expect(await store.ensureMeta('k', 'three')).toBe(first)
    })

    it('summary: strong ETag, 304, Cache-Control, and one computation per time quantum', async () => {
      const store = await fresh()
      const clock = manualClock(NOW)
      const metrics = new Metrics()
      const { app } = testApp(store, { clock, metrics, config: testConfig({ summaryCacheMs: 5000 }) })
      const first = await app.request('/v1/summary')
      const etag = first.headers.get('etag')!
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/)
      expect(first.headers.get('cache-control')).toBe(
        'public, max-age=30, stale-while-revalidate=30, stale-if-error=300',
      )
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8')

      const revalidated = await app.request('/v1/summary', { headers: { 'if-none-match': etag } })
      expect(revalidated.status).toBe(304)
      expect(await revalidated.text()).toBe('')
      expect(revalidated.headers.get('etag')).toBe(etag)
      expect(revalidated.headers.get('cache-control')).toContain('max-age=30')
      expect((await app.request('/v1/summary', { headers: { 'if-none-match': '"other"' } })).status).toBe(200)

      // Compressed once per snapshot; each encoding has its own ETag and revalidates.
      const identity = await first.text()
      const gz = await app.request('/v1/summary', { headers: { 'accept-encoding': 'gzip, deflate' } })
      expect(gz.headers.get('content-encoding')).toBe('gzip')
      expect(gz.headers.get('vary')).toBe('Accept-Encoding')
      expect(gz.headers.get('etag')).toBe(`${etag.slice(0, -1)}-gz"`)
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(identity)
      const br = await app.request('/v1/summary', { headers: { 'accept-encoding': 'gzip, br' } })
      expect(br.headers.get('content-encoding')).toBe('br')
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(identity)
      const gz304 = await app.request('/v1/summary', {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.get('etag')! },
      })
      expect(gz304.status).toBe(304)
      expect(metrics.get('crowd_summary_computations_total')).toBe(1)

      // A report inside the same 5-second quantum is not visible yet (cached) ...
      clock.advance(1000)
      await postReport(app, report())
      const cached = await app.request('/v1/summary')
      expect(cached.headers.get('etag')).toBe(etag)
      expect(metrics.get('crowd_summary_computations_total')).toBe(1)
      // ... and is in the next one: the first request of the new quantum still gets the previous
      // snapshot (stale-while-revalidate, nobody waits for the database) and starts the computation;
      // once it is done, the new snapshot is served.
      clock.advance(4000)
      const during = await app.request('/v1/summary')
      expect(during.headers.get('etag')).toBe(etag)
      await until(() => metrics.get('crowd_summary_computations_total') === 2)
      const next = await app.request('/v1/summary')
      expect(next.headers.get('etag')).not.toBe(etag)
      expect(SummarySchema.parse(await next.json()).total.reports).toBe(1)
      expect(metrics.get('crowd_summary_requests_total', { status: '304' })).toBe(2)
      // A burst in a new quantum: one computation for all of them.
      clock.advance(5000)
      const burst = await Promise.all(Array.from({ length: 20 }, () => app.request('/v1/summary')))
      expect(new Set(burst.map((r) => r.headers.get('etag')))).toEqual(new Set([next.headers.get('etag')]))
      await until(() => metrics.get('crowd_summary_computations_total') === 3)
      const current = (await app.request('/v1/summary')).headers.get('etag')
      expect(metrics.get('crowd_summary_computations_total')).toBe(3)
      // More than one quantum behind, the old snapshot is not served: the request waits instead.
      clock.advance(10_000)
      const late = await app.request('/v1/summary')
      expect(metrics.get('crowd_summary_computations_total')).toBe(4)
      expect(late.headers.get('etag')).not.toBe(current)
      expect(SummarySchema.parse(await late.clone().json()).generatedAt).toBe(
        new Date(clock.now()).toISOString(),
      )

      // Another instance on the same data at the same moment produces the same bytes and ETag.
      const otherStore = await backend.reopen(store)
      open.push(otherStore)
      const other = testApp(otherStore, { clock, config: testConfig({ summaryCacheMs: 5000 }) })
      expect((await other.app.request('/v1/summary')).headers.get('etag')).toBe(late.headers.get('etag'))
    })

    it('database down: 503 with a clear error everywhere, then recovery without a restart', async () => {
      const inner = await fresh()
      const store = faultyStore(inner)
      const clock = manualClock(NOW)
      const metrics = new Metrics()
      const { app } = testApp(store, {
        clock,
        metrics,
        config: testConfig({ summaryCacheMs: 5000, summaryStaleIfErrorMs: 60_000 }),
      })
      expect((await app.request('/healthz')).status).toBe(200)
      const before = await app.request('/v1/summary')
      expect(before.status).toBe(200)

      store.down = true
      const health = await app.request('/healthz')
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({
        ok: false,
        error: 'database_unavailable',
        message: `database unavailable: connection refused (${backend.name})`,
      })
      const post = await postReport(app, report())
      expect(post.status).toBe(503)
      expect(post.headers.get('retry-after')).toBe('30')
      expect(await post.json()).toEqual({
        error: 'database_unavailable',
        message: 'the report was not stored (database connection refused); retry later',
      })
      // The last good summary is served for a while (marked stale) ...
      clock.advance(10_000)
      const stale = await app.request('/v1/summary')
      expect(stale.status).toBe(200)
      expect(stale.headers.get('x-crowd-stale')).toBeTruthy()
      expect(stale.headers.get('etag')).toBe(before.headers.get('etag'))
      // ... then the truth: 503, not cacheable; the database is tried once per quantum, not per request.
      clock.advance(60_000)
      const attempts = store.calls.get('windowStats') ?? 0
      const down = await app.request('/v1/summary')
      for (let i = 0; i < 5; i++) expect((await app.request('/v1/summary')).status).toBe(503)
      expect(store.calls.get('windowStats')).toBe(attempts + 1)
      expect(down.status).toBe(503)
      expect(down.headers.get('cache-control')).toBe('no-store')
      expect(await down.json()).toMatchObject({ error: 'database_unavailable' })

      store.down = false
      expect((await app.request('/healthz')).status).toBe(200)
      expect((await postReport(app, report())).status).toBe(202)
      clock.advance(5000)
      const recovered = await app.request('/v1/summary')
      expect(recovered.status).toBe(200)
      expect(SummarySchema.parse(await recovered.json()).total.reports).toBe(1)
      expect(metrics.get('crowd_db_errors_total', { op: 'insert' })).toBe(1)
      expect(metrics.get('crowd_db_errors_total', { op: 'ping' })).toBe(1)
      expect(metrics.get('crowd_reports_rejected_total', { reason: 'db_error' })).toBe(1)
    })

    it('healthz and metrics', async () => {
      const store = await fresh()
      const { app } = testApp(store, { clock: manualClock(NOW) })
      const health = await app.request('/healthz')
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ ok: true })
      expect(health.headers.get('cache-control')).toBe('no-store')

      await postReport(app, report())
      await postReport(app, report({ kind: 'nope' }))
      await app.request('/v1/summary')
      const res = await app.request('/metrics')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      const text = await res.text()
      expect(text.endsWith('\n')).toBe(true)
      // Exposition format: HELP and TYPE before a family's samples; samples are name{labels} number.
      const typed = new Set<string>()
      for (const line of text.trimEnd().split('\n')) {
        const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line)
        if (meta) {
          if (meta[1] === 'TYPE') {
            expect(['counter', 'gauge']).toContain(meta[3])
            typed.add(meta[2]!)
          }
          continue
        }
        const sample =
          /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? (-?[0-9.e+-]+)$/.exec(
            line,
          )
        expect(sample, line).not.toBeNull()
        expect(typed.has(sample![1]!), `${line} has no TYPE`).toBe(true)
        expect(Number.isFinite(Number(sample![4]))).toBe(true)
      }
      expect(text).toContain('\ncrowd_reports_accepted_total 1\n')
      expect(text).toContain('\ncrowd_reports_rejected_total{reason="invalid"} 1\n')
      expect(text).toContain('\ncrowd_summary_requests_total{status="200"} 1\n')
      expect(text).toMatch(/\nprocess_resident_memory_bytes \d+\n/)
    })
  })
}

describe('metrics access', () => {
  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const { openSqliteStore } = await import('../src/store/sqlite.ts')
    const store = openSqliteStore(':memory:')
    const { app } = testApp(store, { config: testConfig({ metricsToken: 'scrape-me' }) })
    expect((await app.request('/metrics')).status).toBe(401)
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer scrape-me' } })).status).toBe(
      200,
    )
    await store.close()
  })
})
