// The SQLite store's worker threads (store/sqlite.ts): if one dies, the calls waiting on it fail
// (they are answered 503, never left hanging) and the next call starts a new thread, so the server
// recovers without a restart and loses nothing that was committed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.ts'
import type { StoredReport } from '../src/store/types.ts'

const dirs: string[] = []
const stores: SqliteStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'crowd-threads-'))
  dirs.push(dir)
  const threads: Record<'writer' | 'reader', Worker[]> = { writer: [], reader: [] }
  const store = openSqliteStore(join(dir, 'crowd.sqlite'), {
    onThread: (role, worker) => threads[role].push(worker),
  })
  stores.push(store)
  return { store, threads }
}

const report = (receivedAt: number, reporterHash: string): StoredReport => ({
  receivedAt,
  kind: 'server_error',
  status: 500,
  surface: 'claude.ai',
  model: 'sonnet',
  tier: 'pro',
  region: null,
  client: '0.3.0',
  reporterHash,
})

/** Settles within `ms` or fails the test: a call on a dead thread must never hang. */
function settles<T>(promise: Promise<T>, ms = 5000): Promise<PromiseSettledResult<T>> {
  return Promise.race([
    Promise.allSettled([promise]).then(([r]) => r as PromiseSettledResult<T>),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms),
    ),
  ])
}

describe('SQLite worker threads', () => {
  it('runs commits and reads on two threads of their own', async () => {
    const { store, threads } = open()
    expect(store.threads).toBe('workers')
    await store.insertReports([report(1000, 'a')])
    await store.windowStats({ from: 0, to: 2 ** 52, from15: 0, bucketMs: 3_600_000 })
    expect(threads.writer).toHaveLength(1)
    expect(threads.reader).toHaveLength(1)
  })

  it('a writer thread that dies fails its pending call, and the next call starts a new one', async () => {
    const { store, threads } = open()
    await store.insertReports([report(1000, 'a')])
    const first = threads.writer[0] as Worker
    // Killed with a call in flight: that call settles. Fulfilled means committed. Rejected means the
    // client gets a 503 and may retry; the commit may or may not have happened before the thread
    // died (at-least-once: a 2xx is never sent without a commit, never the other way round).
    const inFlight = store.insertReports([report(2000, 'b')])
    await first.terminate()
    const outcome = await settles(inFlight)
    if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/writer thread exited/)
    // The next call works, on a new thread, and everything committed is still there.
    await store.insertReports([report(3000, 'c')])
    expect(threads.writer).toHaveLength(2)
    const rows = store.db.prepare('SELECT received_at AS at FROM reports ORDER BY at').all() as Array<{
      at: number
    }>
    const times = rows.map((r) => r.at)
    expect(times).toEqual(
      outcome.status === 'fulfilled' || times.includes(2000) ? [1000, 2000, 3000] : [1000, 3000],
    )
    await store.ping()
  })

  it('a reader thread that dies is replaced on the next summary query', async () => {
    const { store, threads } = open()
    await store.insertReports([report(1000, 'a'), report(1001, 'b')])
    const range = { from: 0, to: 2 ** 52, from15: 0, bucketMs: 3_600_000 }
    await store.windowStats(range)
    await (threads.reader[0] as Worker).terminate()
    const stats = await store.windowStats(range)
    expect(threads.reader).toHaveLength(2)
    expect(JSON.stringify(stats)).toContain('"reports":2')
  })
})
