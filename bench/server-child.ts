// The servers bench/server.ts measures, each in its own process: `--child=bare` (node:http that
// reads the body and answers 202), `--child=hono` (the same on Hono and its Node adapter, with the
// crowd server's body reader and reply headers: what the framework alone costs) and `--child=crowd`
// (the real app on SQLite, seeded with a million reports). The parent bundles this file with
// scripts/build-server.mjs, the function that builds `npm run server`, and runs the bundle with
// plain node: it measures the code that ships, not the sources under a TypeScript loader.
import { statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createApp } from '../server/src/app.ts'
import { HOUR, systemClock } from '../server/src/clock.ts'
import { defaultConfig } from '../server/src/config.ts'
import type { AppEnv } from '../server/src/context.ts'
import { readBody } from '../server/src/http-utils.ts'
import { silentLogger } from '../server/src/log.ts'
import { runMaintenance } from '../server/src/maintenance.ts'
import { Metrics } from '../server/src/metrics.ts'
import { acceptedResponse } from '../server/src/routes/reports.ts'
import { SQLITE_FILE_NAME } from '../server/src/store/index.ts'
import { openSqliteStore } from '../server/src/store/sqlite.ts'
import type { StoredReport } from '../server/src/store/types.ts'
import { SECRET, SEED_BATCH, SEED_REPORTS, syntheticReports } from './server-data.ts'

/** What a child prints once it listens (one `BENCH_READY <json>` line on stdout). */
export interface Ready {
  port: number
  seeded?: number
  seedMs?: number
  rollupMs?: number
  rssAfterSeed?: number
  dbBytes?: number
  walBytes?: number
}

async function childMain(
  kind: string,
  dataDir: string | undefined,
  staticBytes: string | undefined,
): Promise<void> {
  const announce = (ready: Ready) => process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`)
  if (kind === 'bare') {
    // The floor. POST: read the body, answer what the real server answers; no parsing, no storage.
    // GET: a fixed body as large as the real (brotli) summary, as the reference for (b).
    const staticBody = Buffer.alloc(Number(staticBytes ?? 0), 'x')
    const server = createServer((req, res) => {
      req.on('data', () => {})
      req.on('end', () => {
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' })
          res.end(staticBody)
          return
        }
        res.writeHead(202, { 'content-type': 'application/json' })
        res.end('{"ok":true}')
      })
    })
    server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as { port: number }).port }))
    return
  }
  if (kind === 'hono') {
    // The framework on its own: the report route on Hono and @hono/node-server, reading the body
    // with the crowd server's reader and answering with its 202 (CORS headers included), but no
    // parsing, no limits, no hash, no storage. Bare → this is what the framework costs; this → the
    // crowd server is what the server's own work costs.
    const config = defaultConfig({ reporterSecret: SECRET })
    const app = new Hono<AppEnv>().post('/v1/reports', async (c) => {
      const read = await readBody(c, config.bodyLimitBytes)
      return read.ok ? acceptedResponse() : new Response(null, { status: 400 })
    })
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announce({ port: info.port }))
    return
  }
  if (!dataDir) throw new Error('--child=crowd needs --data-dir')
  const file = join(dataDir, SQLITE_FILE_NAME)
  const store = openSqliteStore(file)
  const now = systemClock.now()
  await store.ensureMeta('started_at', String(now - 35 * 24 * HOUR))
  const seedStart = performance.now()
  let seeded = 0
  let pending: StoredReport[] = []
  for (const rows of syntheticReports(SEED_REPORTS, now)) {
    pending.push(...rows)
    if (pending.length >= SEED_BATCH) {
      await store.insertReports(pending)
      seeded += pending.length
      pending = []
    }
  }
  await store.insertReports(pending)
  seeded += pending.length
  const seedMs = performance.now() - seedStart
  const config = defaultConfig({
    reporterSecret: SECRET,
    // The benchmark measures the pipeline, not the limiter refusing: limits are set out of reach
    // (the limiter still runs on every request).
    rateLimit: { perTokenPerMinute: 1e9, perAddressPerMinute: 1e9, maxKeys: 200_000 },
  })
  const metrics = new Metrics()
  const rollupStart = performance.now()
  await runMaintenance(
    { store, clock: systemClock, config, metrics, logger: silentLogger },
    { catchUp: true },
  )
  const rollupMs = performance.now() - rollupStart
  store.db.pragma('wal_checkpoint(TRUNCATE)')
  const size = (f: string) => {
    try {
      return statSync(f).size
    } catch {
      return 0
    }
  }
  const app = createApp({ store, clock: systemClock, config, metrics, logger: silentLogger })
  // Event-loop delay, on request of the parent (IPC): tells blocking in this server apart from
  // time lost to other processes on the machine.
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  process.on('message', (msg) => {
    if (msg === 'delay-reset') delay.reset()
    if (msg === 'delay-report') {
      process.send?.({
        p50: delay.percentile(50) / 1e6,
        p99: delay.percentile(99) / 1e6,
        max: delay.max / 1e6,
      })
    }
  })
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    announce({
      port: info.port,
      seeded,
      seedMs,
      rollupMs,
      rssAfterSeed: process.memoryUsage.rss(),
      dbBytes: size(file),
      walBytes: size(`${file}-wal`),
    }),
  )
}

const kind = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length)
if (kind) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  childMain(kind, arg('data-dir'), arg('static-bytes')).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exit(1)
  })
}
