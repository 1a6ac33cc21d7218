// The real server as a child process (the production bundle `npm run server` runs, on SQLite): a report that got a 2xx is in the database,
// whether the server is stopped gracefully (SIGTERM) under load or killed outright (SIGKILL).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../scripts/build-server.mjs'
import { SQLITE_FILE_NAME } from '../src/store/index.ts'
import { report, token } from './helpers.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const dirs: string[] = []
const children: ChildProcess[] = []
let bundle = ''

beforeAll(async () => {
  bundle = await buildServer()
})

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function startServer(): Promise<{
  child: ChildProcess
  port: number
  dataDir: string
  stderr: () => string
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crowd-shutdown-'))
  dirs.push(dataDir)
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      RATE_LIMIT_PER_TOKEN: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
      SHUTDOWN_TIMEOUT_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let err = ''
  child.stderr!.on('data', (d) => {
    err += d
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${err}`)))
  })
  return { child, port, dataDir, stderr: () => err }
}

/**
 * Keeps `concurrency` reports in flight until the server stops answering. Each report carries a
 * unique client version, which is what the database is then checked for.
 */
function load(port: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const acked = new Set<string>()
  let sent = 0
  let stopped = false
  let signalledAt = Number.POSITIVE_INFINITY
  let ackedAfterSignal = 0
  const one = (client: string) =>
    new Promise<number>((resolve) => {
      const body = JSON.stringify(report({ client, reporter: token(client.replaceAll('.', '_')) }))
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/v1/reports',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', () => resolve(0))
      req.end(body)
    })
  const worker = async (w: number) => {
    let failures = 0
    for (let i = 0; !stopped && failures < 20; i++) {
      const client = `${w}.${Math.floor(i / 1000)}.${i % 1000}`
      sent++
      const status = await one(client)
      if (status >= 200 && status < 300) {
        acked.add(client)
        if (Date.now() >= signalledAt) ackedAfterSignal++
      } else {
        failures++
        await new Promise((r) => setTimeout(r, 10))
      }
    }
  }
  const done = Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)))
  return {
    acked,
    sentCount: () => sent,
    ackedAfterSignal: () => ackedAfterSignal,
    markSignal: () => {
      signalledAt = Date.now()
    },
    stop: async () => {
      stopped = true
      await done
      agent.destroy()
    },
  }
}

function storedClients(dataDir: string): Set<string> {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true })
  try {
    return new Set(
      (db.prepare('SELECT client FROM reports').all() as Array<{ client: string }>).map((r) => r.client),
    )
  } finally {
    db.close()
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('the real server process', () => {
  it('SIGTERM under load: finishes in-flight requests, loses no acknowledged report, exits 0', async () => {
    const { child, port, dataDir, stderr } = await startServer()
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const traffic = load(port, 32)
    await until(() => traffic.acked.size >= 400, 15_000)
    traffic.markSignal()
    child.kill('SIGTERM')
    const code = await exited
    await traffic.stop()

    expect(code, stderr()).toBe(0)
    expect(stderr()).toContain('"message":"stopped"')
    const stored = storedClients(dataDir)
    const lost = [...traffic.acked].filter((c) => !stored.has(c))
    expect(lost).toEqual([])
    expect(traffic.acked.size).toBeGreaterThanOrEqual(400)
    // Requests that were in flight when the signal arrived were still answered (and stored).
    expect(traffic.ackedAfterSignal()).toBeGreaterThan(0)
    // Whatever was stored without an answer reaching the client is bounded by what was sent.
    expect(stored.size).toBeLessThanOrEqual(traffic.sentCount())
  })

  it('SIGKILL under load: every acknowledged report was already committed', async () => {
    const { child, port, dataDir } = await startServer()
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    const traffic = load(port, 32)
    await until(() => traffic.acked.size >= 400, 15_000)
    child.kill('SIGKILL')
    await exited
    await traffic.stop()
    const stored = storedClients(dataDir)
    expect([...traffic.acked].filter((c) => !stored.has(c))).toEqual([])
  })
})
