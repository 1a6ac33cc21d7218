import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../test/fixtures.ts'
import { t } from '../platform/i18n.ts'
import { BACKOFF_CAP_MS } from '../shared/core/backoff.ts'
import { INITIAL_STATUS_STATE, type StatusState } from '../shared/schemas/stored.ts'
import {
  DUE_SLACK_MS,
  incidentsDue,
  isDue,
  POLL_INCIDENT_MS,
  POLL_NORMAL_MS,
  type PollDeps,
  pollIncidents,
  pollSummary,
} from './status-poller.ts'

const WATCHED = ['rwppv331jlwc', 'k8w3r06qmzrp', 'yyzkbfz2thpt']
const SUMMARY = 'https://status.claude.com/api/v2/summary.json'
const INCIDENTS = 'https://status.claude.com/api/v2/incidents.json'

interface Call {
  url: string
  headers: Record<string, string>
}

/** The network edge: a scripted fetch that records what the poller sent. */
function scriptedFetch(responses: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = []
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v
    })
    calls.push({ url: String(input), headers })
    const next = responses.shift()
    if (!next) throw new Error('unexpected request')
    const signal = init?.signal
    return await Promise.race([
      next(),
      new Promise<Response>((_, reject) =>
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      ),
    ])
  }
  return { fetch: impl as typeof fetch, calls }
}

const summaryText = () => JSON.stringify(readSharedFixture('statuspage/summary-claude-2026-10-07.json'))
const operationalText = () => {
  const s = readSharedFixture('statuspage/summary-claude-2026-10-07.json') as {
    components: { status: string }[]
    incidents: unknown[]
  }
  for (const c of s.components) c.status = 'operational'
  s.incidents = []
  return JSON.stringify(s)
}
const ok =
  (body: string, etag = 'W/"abc"') =>
  () =>
    new Response(body, { status: 200, headers: { etag } })
const notModified = () => () => new Response(null, { status: 304 })

function deps(fetchImpl: typeof fetch, now = 1_000_000): PollDeps {
  return { fetch: fetchImpl, now: () => now, random: () => 1, summaryUrl: SUMMARY, incidentsUrl: INCIDENTS }
}

describe('pollSummary', () => {
  it('parses, stores the ETag and schedules by state (30 s while an incident is open)', async () => {
    const f = scriptedFetch([ok(summaryText())])
    const { state, changed } = await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))
    expect(changed).toBe(true)
    expect(state.health.state).toBe('ok')
    expect(state.etag).toBe('W/"abc"')
    expect(state.nextDueAt).toBe(1_000_000 + POLL_INCIDENT_MS)
    expect(f.calls[0]?.headers['if-none-match']).toBeUndefined()
  })

  it('60 s when all is quiet', async () => {
    const f = scriptedFetch([ok(operationalText())])
    const { state } = await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))
    expect(state.nextDueAt).toBe(1_000_000 + POLL_NORMAL_MS)
  })

  it('sends If-None-Match and keeps the snapshot on 304', async () => {
    const f = scriptedFetch([ok(summaryText()), notModified()])
    const first = (await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))).state
    const second = await pollSummary(first, WATCHED, deps(f.fetch, 2_000_000))
    expect(f.calls[1]?.headers['if-none-match']).toBe('W/"abc"')
    expect(second.changed).toBe(false)
    expect(second.state.snapshot?.incidents[0]?.id).toBe('978mjkgw6mh7')
    expect(second.state.snapshot?.fetchedAt).toBe(2_000_000)
    expect(second.state.lastSuccessAt).toBe(2_000_000)
  })

  it('identifies itself where the browser allows a User-Agent', async () => {
    const f = scriptedFetch([ok(summaryText())])
    await pollSummary(INITIAL_STATUS_STATE, WATCHED, { ...deps(f.fetch), userAgent: 'X IsClaudeDown/1.2.3' })
    expect(f.calls[0]?.headers['user-agent']).toBe('X IsClaudeDown/1.2.3')
  })

  it.each([
    ['HTTP 503', () => new Response('busy', { status: 503 }), 'unreachable', /503/],
    ['network error', () => Promise.reject(new TypeError('Failed to fetch')), 'unreachable', /network/],
    ['invalid JSON', () => new Response('{"components": [', { status: 200 }), 'invalid', /malformed/],
    ['HTML', () => new Response('<html>oops</html>', { status: 200 }), 'invalid', /a web page instead/],
  ] as const)(
    '%s: keeps the last good snapshot, records the reason, backs off',
    async (_n, response, health, reason) => {
      const f = scriptedFetch([ok(summaryText()), response])
      const good = (await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))).state
      const { state } = await pollSummary(good, WATCHED, deps(f.fetch, 2_000_000))
      expect(state.health.state).toBe(health)
      // A message the popup translates, never English text stored in the state.
      expect(state.health.reason).toMatchObject({ key: expect.stringMatching(/^healthReason/) })
      expect(t(state.health.reason!)).toMatch(reason)
      expect(state.snapshot).toEqual(good.snapshot)
      expect(state.failures).toBe(1)
      expect(state.lastSuccessAt).toBe(1_000_000)
      expect(state.nextDueAt).toBeGreaterThan(2_000_000)
    },
  )

  it('an invalid body is re-fetched whole next time (its ETag is dropped)', async () => {
    const f = scriptedFetch([ok(summaryText()), ok('{"nope"', 'W/"bad"'), ok(summaryText())])
    let state = (await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))).state
    state = (await pollSummary(state, WATCHED, deps(f.fetch))).state
    await pollSummary(state, WATCHED, deps(f.fetch))
    expect(f.calls[2]?.headers['if-none-match']).toBeUndefined()
  })

  it('times out a hanging request', async () => {
    const f = scriptedFetch([() => new Promise<Response>(() => {})])
    const { state } = await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))
    expect(state.health.state).toBe('unreachable')
    expect(t(state.health.reason!)).toBe('no answer within 10 s')
  }, 15_000)

  it('backoff grows with consecutive failures and is capped at 10 minutes', async () => {
    let state: StatusState = INITIAL_STATUS_STATE
    const delays: number[] = []
    for (let i = 0; i < 10; i++) {
      const f = scriptedFetch([() => new Response('', { status: 500 })])
      state = (await pollSummary(state, WATCHED, deps(f.fetch, 0))).state
      delays.push(state.nextDueAt)
    }
    expect(delays[1]! > delays[0]!).toBe(true)
    expect(Math.max(...delays)).toBe(BACKOFF_CAP_MS)
    const f = scriptedFetch([ok(summaryText())])
    expect((await pollSummary(state, WATCHED, deps(f.fetch))).state.failures).toBe(0)
  })

  it('refuses an oversized body without keeping it', async () => {
    const f = scriptedFetch([() => new Response('x'.repeat(2_100_000), { status: 200 })])
    const { state } = await pollSummary(INITIAL_STATUS_STATE, WATCHED, deps(f.fetch))
    expect(state.health.state).toBe('invalid')
  })
})

describe('scheduling from stored timestamps', () => {
  it('is due at nextDueAt (with a little slack for alarm jitter), not before', () => {
    const state = { ...INITIAL_STATUS_STATE, nextDueAt: 100_000 }
    expect(isDue(state, 100_000 - DUE_SLACK_MS - 1)).toBe(false)
    expect(isDue(state, 100_000 - DUE_SLACK_MS)).toBe(true)
  })
  it('incidents.json every 15 minutes', () => {
    expect(incidentsDue(INITIAL_STATUS_STATE, 0)).toBe(true)
    expect(incidentsDue({ ...INITIAL_STATUS_STATE, incidentsFetchedAt: 0 }, 10 * 60_000)).toBe(false)
    expect(incidentsDue({ ...INITIAL_STATUS_STATE, incidentsFetchedAt: 0 }, 15 * 60_000)).toBe(true)
  })
})

describe('pollIncidents', () => {
  const incidentsText = () =>
    JSON.stringify(readSharedFixture('statuspage/anthropic-incidents-2023-2025.json'))

  it('merges into history and revalidates with the ETag', async () => {
    const now = Date.parse('2025-09-30T00:00:00Z')
    const f = scriptedFetch([ok(incidentsText(), 'W/"inc"'), notModified()])
    const first = await pollIncidents(INITIAL_STATUS_STATE, [], deps(f.fetch, now))
    expect(first.history?.length).toBeGreaterThan(0)
    const second = await pollIncidents(first.state, first.history ?? [], deps(f.fetch, now + 900_000))
    expect(f.calls[1]?.headers['if-none-match']).toBe('W/"inc"')
    expect(second.history).toBeNull()
  })

  // Regression (found by the bytes benchmark): when every fetched incident was older than the
  // retention window the history stayed empty, and the poller then never sent its ETag again.
  it('revalidates even when the merged history is empty', async () => {
    const now = Date.parse('2027-01-01T00:00:00Z')
    const f = scriptedFetch([ok(incidentsText(), 'W/"inc"'), notModified()])
    const first = await pollIncidents(INITIAL_STATUS_STATE, [], deps(f.fetch, now))
    expect(first.history).toEqual([])
    await pollIncidents(first.state, first.history ?? [], deps(f.fetch, now + 900_000))
    expect(f.calls[1]?.headers['if-none-match']).toBe('W/"inc"')
  })
})
