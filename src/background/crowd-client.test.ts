// The crowd client against the in-memory browser and a scripted server edge.

import { describe, expect, it, vi } from 'vitest'
import { testObservation } from '../../test/unit/observation.ts'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { requestCrowdConsent } from '../platform/consent-ui.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import { ReportSchema } from '../shared/crowd/report.ts'
import {
  type CrowdDeps,
  crowdDisabled,
  markActive,
  maybeAutoReport,
  pollSummary,
  reportManually,
} from './crowd-client.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const SERVER = 'http://127.0.0.1:8787'

const failure = (n: number, secondsAgo: number): Observation =>
  testObservation(n, {
    errorType: 'api_error',
    requestId: 'req_011CZAZLDXQdVKwgHDw6GTiN',
    at: NOW - secondsAgo * 1000,
  })

interface Sent {
  url: string
  method: string
  body: unknown
  headers: Record<string, string>
}

function server(respond: (s: Sent) => Response) {
  const sent: Sent[] = []
  let clock = NOW
  const deps: CrowdDeps = {
    now: () => clock,
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((v, k) => {
        headers[k] = v
      })
      const s = {
        url: String(url),
        method: init?.method ?? 'GET',
        body: init?.body ? JSON.parse(String(init.body)) : null,
        headers,
      }
      sent.push(s)
      return respond(s)
    }) as typeof fetch,
  }
  return { sent, deps, advance: (ms: number) => (clock += ms) }
}

async function setup(enabled: boolean, log: Observation[]) {
  const b = fakeBrowser()
  await b.storage.sync.set({ settings: { crowd: { enabled, serverUrl: SERVER } } })
  await b.storage.local.set({ observations: log, account: { tier: 'pro', availableModels: [], at: NOW } })
  return b
}

const summaryBody = JSON.stringify({
  v: 1,
  generatedAt: new Date(NOW).toISOString(),
  windowMinutes: 60,
  bucketMinutes: 5,
  cells: [],
  total: {
    kind: 'all',
    model: 'all',
    tier: 'all',
    reports: 3,
    reporters: 3,
    baseline: 1,
    anomalous: false,
    score: 0.2,
    last15: { reports: 3, reporters: 3, baseline15: 0.5, ratio: 6 },
    buckets: Array.from({ length: 12 }, (_, i) => ({
      start: new Date(NOW - (12 - i) * 300_000).toISOString(),
      reports: 0,
      reporters: 0,
    })),
  },
})

describe('crowd client', () => {
  it('off: sends and stores nothing, whatever happens', async () => {
    const b = await setup(false, [failure(1, 30), failure(2, 5)])
    const s = server(() => new Response('{}', { status: 202 }))
    expect(await maybeAutoReport(s.deps)).toBe(false)
    expect(await reportManually(s.deps)).toBe(false)
    await pollSummary({ force: true }, s.deps)
    expect(s.sent).toEqual([])
    expect(Object.keys(b.storage.local._dump()).filter((k) => k.startsWith('crowd'))).toEqual([])
  })

  it('on: one valid report for a confirmed failure, then none of that kind for 5 minutes', async () => {
    await setup(true, [failure(1, 30), failure(2, 5)])
    const s = server((r) =>
      r.method === 'POST' ? new Response('{"ok":true}', { status: 202 }) : new Response(summaryBody),
    )
    expect(await maybeAutoReport(s.deps)).toBe(true)
    const posts = s.sent.filter((r) => r.method === 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.url).toBe(`${SERVER}/v1/reports`)
    expect(ReportSchema.safeParse(posts[0]!.body).success).toBe(true)
    expect(posts[0]!.body).toMatchObject({ kind: 'server_error', model: 'sonnet', tier: 'pro', status: 500 })
    expect(await maybeAutoReport(s.deps)).toBe(false)
    s.advance(5 * 60_000)
    expect(await maybeAutoReport(s.deps)).toBe(true)
  })

  it('honours Retry-After from a 429', async () => {
    await setup(true, [failure(1, 30), failure(2, 5)])
    const s = server((r) =>
      r.method === 'POST'
        ? new Response('{}', { status: 429, headers: { 'retry-after': '120' } })
        : new Response(summaryBody),
    )
    expect(await reportManually(s.deps)).toBe(false)
    const count = s.sent.length
    s.advance(60_000)
    expect(await reportManually(s.deps)).toBe(false)
    expect(s.sent.length).toBe(count) // not even attempted
    s.advance(61_000)
    await reportManually(s.deps)
    expect(s.sent.length).toBe(count + 1)
  })

  it('reads the summary with its ETag, keeps the view on 304, and an invalid summary is not stored', async () => {
    const b = await setup(true, [])
    let call = 0
    const s = server(() => {
      call++
      if (call === 1) return new Response(summaryBody, { headers: { etag: 'W/"s1"' } })
      if (call === 2) return new Response(null, { status: 304 })
      return new Response('{"v":1,"cells":"nope"}')
    })
    await pollSummary({ force: true }, s.deps)
    const view = (await b.storage.local.get('crowdView')).crowdView
    expect(view).toMatchObject({ reporters15: 3, ratio: 6, anomalous: false })
    await pollSummary({ force: true }, s.deps)
    expect(s.sent[1]!.headers['if-none-match']).toBe('W/"s1"')
    await pollSummary({ force: true }, s.deps)
    expect((await b.storage.local.get('crowdView')).crowdView).toEqual(view)
    expect((await b.storage.local.get('crowdState')).crowdState).toMatchObject({ error: 'invalid' })
  })

  it('the reporter token rotates each UTC day; turning crowd off deletes it and the rest', async () => {
    const b = await setup(true, [failure(1, 30), failure(2, 5)])
    const s = server((r) =>
      r.method === 'POST' ? new Response('{}', { status: 202 }) : new Response(summaryBody),
    )
    await reportManually(s.deps)
    await reportManually(s.deps)
    s.advance(24 * 3_600_000)
    await reportManually(s.deps)
    const tokens = s.sent
      .filter((r) => r.method === 'POST')
      .map((r) => (r.body as { reporter: string }).reporter)
    expect(tokens[0]).toBe(tokens[1])
    expect(tokens[2]).not.toBe(tokens[0])
    await crowdDisabled()
    expect(Object.keys(b.storage.local._dump()).filter((k) => k.startsWith('crowd'))).toEqual([])
  })
})

describe('crowd client and Firefox’s data-collection consent', () => {
  const ok = (r: Sent) =>
    r.method === 'POST' ? new Response('{}', { status: 202 }) : new Response(summaryBody)

  it('on, but the consent is missing or was taken back: treated as off, nothing is sent', async () => {
    const b = await setup(true, [failure(1, 30), failure(2, 5)])
    b.permissions.dataCollection = new Set() // Firefox, consent not (or no longer) given
    const s = server(ok)
    expect(await maybeAutoReport(s.deps)).toBe(false)
    expect(await reportManually(s.deps)).toBe(false)
    await pollSummary({ force: true }, s.deps)
    await markActive(s.deps)
    expect(s.sent).toEqual([])
  })

  it('checks before every send: revoked between two reports, the second is not sent', async () => {
    const b = await setup(true, [failure(1, 30), failure(2, 5)])
    b.permissions.dataCollection = new Set(['technicalAndInteraction'])
    const s = server(ok)
    expect(await reportManually(s.deps)).toBe(true)
    const count = s.sent.length
    await b.permissions.remove({ data_collection: ['technicalAndInteraction'] })
    expect(await reportManually(s.deps)).toBe(false)
    expect(await maybeAutoReport(s.deps)).toBe(false)
    expect(s.sent.length).toBe(count)
  })

  it('the background turns the setting off (and clears crowd state) when the consent is removed', async () => {
    const b = await setup(true, [])
    b.permissions.dataCollection = new Set(['technicalAndInteraction'])
    await b.storage.local.set({ crowdReporter: { token: 'a'.repeat(43), day: '2026-11-26' } })
    vi.resetModules()
    await import('./index.ts') // registers its listeners on this test's browser
    // Another permission going away changes nothing.
    b.permissions.onRemoved.emit({ origins: ['https://status.claude.com/*'] })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await b.storage.sync.get('settings')).settings).toMatchObject({ crowd: { enabled: true } })
    await b.permissions.remove({ data_collection: ['technicalAndInteraction'] })
    await vi.waitFor(async () => {
      expect((await b.storage.sync.get('settings')).settings).toMatchObject({ crowd: { enabled: false } })
      expect(Object.keys(b.storage.local._dump()).filter((k) => k.startsWith('crowd'))).toEqual([])
    })
  })

  it('consent given from our UI turns crowd reports on even if the popup closed before saving', async () => {
    const b = await setup(false, [])
    b.permissions.dataCollection = new Set()
    vi.resetModules()
    await import('./index.ts') // registers its listeners on this test's browser
    // The popup's click: the pending mark, then Firefox's prompt, answered yes; the popup is gone.
    expect(await requestCrowdConsent()).toBe(true)
    await vi.waitFor(async () => {
      expect((await b.storage.sync.get('settings')).settings).toMatchObject({ crowd: { enabled: true } })
    })
    expect((await b.storage.local.get('crowdConsentPending')).crowdConsentPending).toBeUndefined()
  })

  it('consent given in about:addons without a click of ours changes nothing', async () => {
    const b = await setup(false, [])
    b.permissions.dataCollection = new Set()
    vi.resetModules()
    await import('./index.ts')
    await b.permissions.request({ data_collection: ['technicalAndInteraction'] })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await b.storage.sync.get('settings')).settings).toMatchObject({ crowd: { enabled: false } })
  })
})
