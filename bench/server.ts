// Crowd server benchmark. `run()` returns a Markdown section for bench/RESULTS.md;
// `npx tsx bench/server.ts` prints it. About 70 s on a 2-core machine.
//
//   (a) ingest: POST /v1/reports on one instance with SQLite vs a bare node:http server answering the
//       same requests (read the body, answer 202) — same autocannon settings, 10 s each, run as
//       alternating 5-second rounds (bare, crowd, bare, crowd) so that load from other processes on
//       a shared machine hits both alike; CPU time per request is read from /proc as well;
//   (b) GET /v1/summary latency at a fixed 1,000 requests/s (autocannon overallRate, latencies
//       corrected for coordinated omission), on a database holding the 1M reports of (c);
//   (c) RSS of the server process and database size after inserting one million reports through
//       the store, in batches, with realistic distributions over 72 hours.
//
// Each server runs in its own child process (this file with --child), so autocannon, in this
// process, does not share an event loop with what it measures. Nothing is written outside a
// temporary directory, which is removed at the end.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, get } from 'node:http'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from '../server/src/app.ts'
import { HOUR, MINUTE, systemClock } from '../server/src/clock.ts'
import { defaultConfig } from '../server/src/config.ts'
import { silentLogger } from '../server/src/log.ts'
import { runMaintenance } from '../server/src/maintenance.ts'
import { Metrics } from '../server/src/metrics.ts'
import { ReporterHasher } from '../server/src/reporter-hash.ts'
import { SQLITE_FILE_NAME } from '../server/src/store/index.ts'
import { openSqliteStore } from '../server/src/store/sqlite.ts'
import type { StoredReport } from '../server/src/store/types.ts'
import { KINDS, type Kind, type Region, type Tier } from '../src/shared/crowd/schema.ts'

const SELF = fileURLToPath(import.meta.url)
const ROOT = resolve(import.meta.dirname, '..')
const SEED_REPORTS = 1_000_000
const SEED_BATCH = 10_000
const CONNECTIONS = 50
const INGEST_ROUNDS = 2
const ROUND_SECONDS = 5
const WARMUP_SECONDS = 2
const SUMMARY_RATE = 1000
const SUMMARY_SECONDS = 10
/** 100 requests/s per connection. With many more, autocannon's own pacing adds visible delay. */
const SUMMARY_CONNECTIONS = 10
const SECRET = 'bench-secret-bench-secret-bench-secret'

// ---- autocannon (CommonJS, untyped): only what is used here ---------------------------------------

interface Histogram {
  average: number
  p50: number
  p90: number
  p99: number
  max: number
}
interface CannonResult {
  requests: Histogram & { total: number }
  latency: Histogram
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}
interface CannonOptions {
  url: string
  connections: number
  duration: number
  method?: string
  headers?: Record<string, string>
  requests?: Array<{ body: string }>
  overallRate?: number
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: CannonOptions) => Promise<CannonResult>

// ---- Realistic synthetic reports -----------------------------------------------------------------

/** Seeded PRNG (mulberry32), so every run inserts the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T>(entries: Array<[T, number]>): (u: number) => T {
  const total = entries.reduce((s, [, w]) => s + w, 0)
  return (u) => {
    let x = u * total
    for (const [v, w] of entries) {
      x -= w
      if (x < 0) return v
    }
    return entries[entries.length - 1]![0]
  }
}

const pickKind = weighted<Kind>([
  ['server_error', 35],
  ['overloaded', 25],
  ['gateway', 10],
  ['stall', 10],
  ['slow', 10],
  ['login', 5],
  ['manual', 5],
])
const pickModel = weighted<string | null>([
  ['sonnet', 50],
  ['opus', 25],
  ['haiku', 14],
  ['fable', 5],
  [null, 6],
])
const pickTier = weighted<Tier>([
  ['free', 40],
  ['pro', 35],
  ['max', 15],
  ['team', 5],
  ['enterprise', 3],
  ['unknown', 2],
])
const pickRegion = weighted<Region | null>([
  ['america', 40],
  ['europe', 30],
  ['asia', 20],
  ['australia', 3],
  ['africa', 2],
  ['pacific', 1],
  ['other', 2],
  [null, 2],
])
const STATUS: Record<Kind, Array<number | null>> = {
  server_error: [500],
  overloaded: [529],
  gateway: [502, 503, 504],
  stall: [null],
  slow: [null],
  login: [401, 403, null],
  manual: [null],
}

/**
 * `count` reports over the 72 hours before `now`: a daily cycle (peak ×2.5 over the trough), two
 * 40-minute outages at ×12, reporters drawn from 150,000 installs with a heavy skew (a few report a
 * lot), kinds/models/tiers/regions as weighted above. Yields them in time order, a minute at a time.
 */
function* syntheticReports(count: number, now: number): Generator<StoredReport[]> {
  const random = rng(20260331)
  const minutes = 72 * 60
  const start = now - minutes * MINUTE
  const outages = [20 * 60, 55 * 60] // minutes after start
  const weights: number[] = []
  let total = 0
  for (let m = 0; m < minutes; m++) {
    const hourOfDay = ((start + m * MINUTE) / HOUR) % 24
    let w = 1.75 + 0.75 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI)
    if (outages.some((o) => m >= o && m < o + 40)) w *= 12
    total += w
    weights.push(total)
  }
  const hasher = new ReporterHasher(SECRET)
  let emitted = 0
  for (let m = 0; m < minutes && emitted < count; m++) {
    // Reports in this minute: its share of the total, the remainder carried forward.
    const upTo = m === minutes - 1 ? count : Math.round((weights[m]! / total) * count)
    const rows: StoredReport[] = []
    for (; emitted < upTo; emitted++) {
      const kind = pickKind(random())
      const statuses = STATUS[kind]
      const reporter = Math.floor(150_000 * random() ** 3)
      const at = start + m * MINUTE + Math.floor(random() * MINUTE)
      rows.push({
        receivedAt: at,
        kind,
        status: statuses[Math.floor(random() * statuses.length)] ?? null,
        surface: 'claude.ai',
        model: pickModel(random()) ?? 'unknown',
        tier: pickTier(random()),
        region: pickRegion(random()),
        client: '0.3.0',
        reporterHash: hasher.hash(`install-${reporter}-0123456789abcdefghijklmnop`, at),
      })
    }
    rows.sort((a, b) => a.receivedAt - b.receivedAt)
    yield rows
  }
}

/** The POST bodies both ingest targets receive, cycled by autocannon. */
function ingestBodies(n: number): Array<{ body: string }> {
  const random = rng(7)
  return Array.from({ length: n }, (_, i) => ({
    body: JSON.stringify({
      v: 1,
      kind: KINDS[i % KINDS.length],
      status: 500,
      surface: 'claude.ai',
      model: pickModel(random()),
      tier: pickTier(random()),
      region: pickRegion(random()),
      client: '0.3.0',
      reporter: `bench-reporter-${String(i).padStart(6, '0')}-abcdefghijklmnopqrstu`,
    }),
  }))
}

// ---- Child processes -----------------------------------------------------------------------------

interface Ready {
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

function startChild(kind: 'bare' | 'crowd', option?: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const args = ['--import', 'tsx', SELF, `--child=${kind}`]
  if (option) args.push(kind === 'crowd' ? `--data-dir=${option}` : `--static-bytes=${option}`)
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  let err = ''
  child.stderr!.on('data', (d) => {
    err += d
  })
  return new Promise((resolvePromise, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /BENCH_READY (.+)\n/.exec(out)
      if (m) resolvePromise({ child, ready: JSON.parse(m[1]!) as Ready })
    })
    child.on('exit', (code) => reject(new Error(`bench child ${kind} exited (${code}): ${err}`)))
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

interface Delay {
  p50: number
  p99: number
  max: number
}

function loopDelay(child: ChildProcess, message: 'delay-reset' | 'delay-report'): Promise<Delay | null> {
  if (message === 'delay-reset') {
    child.send(message)
    return Promise.resolve(null)
  }
  return new Promise((resolvePromise) => {
    child.once('message', (m) => resolvePromise(m as Delay))
    child.send(message)
  })
}

/** Size of the body as sent (undici's fetch would decompress it). */
function encodedBytes(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let n = 0
      res.on('data', (d: Buffer) => {
        n += d.length
      })
      res.on('end', () => resolvePromise(n))
    }).on('error', reject)
  })
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : Number.NaN
}

// ---- The run -------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const ms = (x: number) => `${x.toFixed(2)} ms`
const int = (x: number) => Math.round(x).toLocaleString('en-US')

function ingestOptions(port: number, bodies: Array<{ body: string }>, duration: number): CannonOptions {
  return {
    url: `http://127.0.0.1:${port}/v1/reports`,
    connections: CONNECTIONS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies,
    duration,
  }
}

/** utime + stime of a process in seconds (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

interface IngestTotals {
  requests: number
  seconds: number
  cpu: number
  p50: number[]
  p99: number[]
  failures: number
}

async function ingestRound(
  child: ChildProcess,
  port: number,
  bodies: Array<{ body: string }>,
  totals: IngestTotals,
) {
  const cpuBefore = cpuSeconds(child.pid)
  const r = await autocannon(ingestOptions(port, bodies, ROUND_SECONDS))
  totals.cpu += cpuSeconds(child.pid) - cpuBefore
  totals.requests += r['2xx']
  totals.seconds += r.duration
  totals.p50.push(r.latency.p50)
  totals.p99.push(r.latency.p99)
  totals.failures += r.non2xx + r.errors
}

export async function run(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crowd-bench-'))
  const children: ChildProcess[] = []
  try {
    const bodies = ingestBodies(1000)
    const loadBefore = loadavg()[0] ?? 0

    const crowd = await startChild('crowd', dataDir)
    children.push(crowd.child)
    const port = crowd.ready.port
    const summaryUrl = `http://127.0.0.1:${port}/v1/summary`
    const summaryOptions = {
      url: summaryUrl,
      connections: SUMMARY_CONNECTIONS,
      overallRate: SUMMARY_RATE,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    }
    await autocannon({ ...summaryOptions, duration: WARMUP_SECONDS })
    await loopDelay(crowd.child, 'delay-reset')
    const summary = await autocannon({ ...summaryOptions, duration: SUMMARY_SECONDS })
    const summaryDelay = await loopDelay(crowd.child, 'delay-report')
    const computeSeconds = await metric(port, 'crowd_summary_compute_seconds')
    const computations = await metric(port, 'crowd_summary_computations_total')
    const identity = await (await fetch(summaryUrl, { headers: { 'accept-encoding': 'identity' } })).text()
    const snapshot = JSON.parse(identity) as { total: { reports: number }; cells: unknown[] }
    const brotliBytes = await encodedBytes(summaryUrl, 'br')

    const bare = await startChild('bare', String(brotliBytes))
    children.push(bare.child)
    // The same rate and connections against a server that only writes a fixed body: what the
    // client and the machine add on their own.
    const reference = await autocannon({
      ...summaryOptions,
      url: `http://127.0.0.1:${bare.ready.port}/`,
      duration: SUMMARY_SECONDS,
    })
    await autocannon(ingestOptions(bare.ready.port, bodies, WARMUP_SECONDS))
    await autocannon(ingestOptions(port, bodies, WARMUP_SECONDS))
    const empty = (): IngestTotals => ({ requests: 0, seconds: 0, cpu: 0, p50: [], p99: [], failures: 0 })
    const bareTotals = empty()
    const crowdTotals = empty()
    for (let round = 0; round < INGEST_ROUNDS; round++) {
      await ingestRound(bare.child, bare.ready.port, bodies, bareTotals)
      await ingestRound(crowd.child, port, bodies, crowdTotals)
    }
    await stopChild(bare.child)
    const rssEnd = await metric(port, 'process_resident_memory_bytes')
    const accepted = await metric(port, 'crowd_reports_accepted_total')
    const batches = await metric(port, 'crowd_insert_batches_total')
    await stopChild(crowd.child)

    const rate = (t: IngestTotals) => t.requests / t.seconds
    const ratio = rate(crowdTotals) / rate(bareTotals)
    const r = crowd.ready
    const seededPerSecond = (r.seeded ?? 0) / ((r.seedMs ?? 1) / 1000)
    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
    const row = (name: string, t: IngestTotals) =>
      `| ${name} | ${int(rate(t))} | ${t.p50.map(ms).join(', ')} | ${t.p99.map(ms).join(', ')} | ` +
      `${Number.isFinite(t.cpu) ? `${((t.cpu / t.requests) * 1e6).toFixed(1)} µs` : 'n/a'} | ${t.failures} |`
    return [
      '## Crowd server',
      '',
      `Measured on ${cpus().length} × ${cpu}, Node ${process.version}; each server in its own process, ` +
        'autocannon in the parent on the same machine. SQLite in WAL mode with synchronous=FULL ' +
        '(every 2xx is on disk), reports committed in groups on a writer thread (server/src/ingest.ts, ' +
        `server/src/store/sqlite.ts). Load average from other processes when the run started: ${loadBefore.toFixed(2)}.`,
      '',
      `### (a) Ingest, ${CONNECTIONS} connections, ${INGEST_ROUNDS} × ${ROUND_SECONDS} s each, alternating, ` +
        `after ${WARMUP_SECONDS} s warm-up`,
      '',
      '| server | req/s | p50 per round | p99 per round | server CPU per request | errors + non-2xx |',
      '|---|---|---|---|---|---|',
      row('bare `node:http` (read body, answer 202)', bareTotals),
      row('crowd server, SQLite (validate, limit, hash, commit, 202)', crowdTotals),
      '',
      `Crowd server at **${(ratio * 100).toFixed(0)} %** of bare in requests/s (target ≥ 50 %). ` +
        `${int(accepted)} reports stored in ${int(batches)} commits ` +
        `(${(accepted / Math.max(batches, 1)).toFixed(1)} per commit on average, warm-up included); ` +
        'the database already held the 1M reports of (c).',
      '',
      `### (b) \`GET /v1/summary\` at ${int(SUMMARY_RATE)} requests/s, ${SUMMARY_SECONDS} s`,
      '',
      '| target | achieved req/s | p50 | p90 | p99 | max | errors + non-2xx |',
      '|---|---|---|---|---|---|---|',
      `| crowd server \`GET /v1/summary\` | ${int(summary.requests.average)} | ${ms(summary.latency.p50)} | ` +
        `${ms(summary.latency.p90)} | **${ms(summary.latency.p99)}** | ${ms(summary.latency.max)} | ` +
        `${summary.non2xx + summary.errors} |`,
      `| reference: bare \`node:http\`, fixed body of the same size | ${int(reference.requests.average)} | ` +
        `${ms(reference.latency.p50)} | ${ms(reference.latency.p90)} | ${ms(reference.latency.p99)} | ` +
        `${ms(reference.latency.max)} | ${reference.non2xx + reference.errors} |`,
      '',
      `${SUMMARY_CONNECTIONS} connections; latencies are corrected for coordinated omission (measured from ` +
        'when each request was due). ' +
        `Target p99 ≤ 10 ms. The summary is recomputed from the database once per 5-second quantum ` +
        `(${int(computations)} computations over the warm-up and run; the last took ` +
        `${ms(computeSeconds * 1000)} over ${int(snapshot.total.reports)} reports in the window, ` +
        `${snapshot.cells.length} cells) on the reader thread, the previous one being served meanwhile; ` +
        'every request is answered from memory, ' +
        `pre-compressed (${int(identity.length)} bytes of JSON, ${int(brotliBytes)} with brotli, ` +
        'which the requests here accept, as browsers and CDNs do). ' +
        (summaryDelay
          ? `Event-loop delay inside the server during the run: p50 ${ms(summaryDelay.p50)}, ` +
            `p99 ${ms(summaryDelay.p99)}, max ${ms(summaryDelay.max)} — what the server itself adds; ` +
            'latency beyond that is the machine (client, other processes).'
          : ''),
      '',
      `### (c) One million reports`,
      '',
      '| | |',
      '|---|---|',
      `| inserted through the store | ${int(r.seeded ?? 0)} over 72 h in batches of ${int(SEED_BATCH)}: ` +
        `${((r.seedMs ?? 0) / 1000).toFixed(1)} s (${int(seededPerSecond)} reports/s, hashing included) |`,
      `| boot rollup of all 72 h (15-min and hourly aggregates) | ${((r.rollupMs ?? 0) / 1000).toFixed(1)} s |`,
      `| database file after checkpoint | ${mb(r.dbBytes ?? 0)} (${((r.dbBytes ?? 0) / (r.seeded || 1)).toFixed(0)} bytes/report, indexes and aggregates included) |`,
      `| server RSS after the insert | ${mb(r.rssAfterSeed ?? 0)} |`,
      `| server RSS after (a) and (b) | ${mb(rssEnd)} |`,
      '',
      'Distributions: a daily cycle (×2.5 peak to trough), two 40-minute outages at ×12, 150,000 ' +
        'installs with a heavy skew, kinds/models/tiers/regions weighted as in bench/server.ts.',
      '',
    ].join('\n')
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const child = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length)
  if (child) {
    const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
    childMain(child, arg('data-dir'), arg('static-bytes')).catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
      process.exit(1)
    })
  } else {
    run().then((s) => process.stdout.write(`${s}\n`))
  }
}
