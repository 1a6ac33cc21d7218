// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://claude.ai/new"}
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Observation } from '../shared/core/observe/observation.ts'
import { type AccountInfo, createPageInbox, DEFAULT_MAX_PER_MINUTE, MAX_AGE_MS } from './page-inbox.ts'

const T0 = Date.UTC(2026, 8, 24, 12)
let clock = T0
let delivered: Observation[] = []
let accounts: AccountInfo[] = []

function observation(n: number, patch: Partial<Observation> = {}): Observation {
  return {
    id: `k3j9x2ab.${n.toString(36)}.0`,
    flow: `k3j9x2ab.${n.toString(36)}`,
    kind: 'server_error',
    endpoint: 'completion',
    transport: 'fetch',
    status: 500,
    errorType: 'api_error',
    model: { family: 'sonnet', version: '4.5' },
    servedModel: null,
    requestId: null,
    resetsAt: null,
    ttfbMs: 300,
    durationMs: 320,
    online: true,
    at: clock,
    phase: 'response',
    ...patch,
  }
}

const msg = (o: Observation) => ({ source: 'is-claude-down', v: 1, type: 'observation', observation: o })
const account = (tier: string, orgKnown = true) => ({
  source: 'is-claude-down',
  v: 1,
  type: 'account',
  tier,
  orgKnown,
})

function event(data: unknown, init: { source?: unknown; origin?: string } = {}): MessageEvent {
  return new MessageEvent('message', {
    data,
    origin: init.origin ?? 'https://claude.ai',
    source: (init.source === undefined ? window : init.source) as MessageEventSource,
  })
}

function inbox(opts: { maxPerMinute?: number } = {}) {
  return createPageInbox({
    window,
    now: () => clock,
    onObservation: (o) => delivered.push(o),
    onAccount: (a) => accounts.push(a),
    ...opts,
  })
}

beforeEach(() => {
  clock = T0
  delivered = []
  accounts = []
  delete document.documentElement.dataset.isClaudeDownObs
})

describe('handleMessageEvent', () => {
  it('delivers a valid observation and a valid account message', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(msg(observation(1))))).toBe(true)
    expect(box.handleMessageEvent(event(account('max')))).toBe(true)
    expect(delivered).toEqual([observation(1)])
    expect(accounts).toEqual([{ tier: 'max', orgKnown: true }])
    expect(box.stats()).toMatchObject({ accepted: 2, foreign: 0, malformed: 0 })
  })

  it('drops a message from another window or origin (counted as foreign)', () => {
    const box = inbox()
    const otherWindow = { postMessage: () => {} } // e.g. an iframe's window or an opener
    expect(box.handleMessageEvent(event(msg(observation(1)), { source: otherWindow }))).toBe(false)
    expect(box.handleMessageEvent(event(msg(observation(2)), { source: null }))).toBe(false)
    expect(box.handleMessageEvent(event(msg(observation(3)), { origin: 'https://evil.example' }))).toBe(false)
    expect(delivered).toEqual([])
    expect(box.stats().foreign).toBe(3)
  })

  it('ignores the page’s own untagged messages without counting them', () => {
    const box = inbox()
    for (const data of ['hello', null, 42, { type: 'observation' }, { source: 'react-devtools' }])
      expect(box.handleMessageEvent(event(data))).toBe(false)
    expect(box.stats()).toEqual({
      accepted: 0,
      foreign: 0,
      oversized: 0,
      malformed: 0,
      stale: 0,
      duplicate: 0,
      rateLimited: 0,
    })
  })

  it.each<[string, unknown]>([
    ['free text smuggled into errorType', msg(observation(1, { errorType: 'Your prompt was: hello' }))],
    ['an extra field', { ...msg(observation(1)), prompt: 'hello' }],
    ['an unknown kind', msg({ ...observation(1), kind: 'meltdown' as Observation['kind'] })],
    [
      'a command instead of an observation',
      { source: 'is-claude-down', v: 1, type: 'notify', text: 'Click here' },
    ],
    ['a wrong version', { ...msg(observation(1)), v: 2 }],
    ['an account message with an org id', { ...account('pro'), org: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65' }],
  ])('drops a forged or malformed message: %s', (_name, data) => {
    const box = inbox()
    expect(box.handleMessageEvent(event(data))).toBe(false)
    expect(delivered).toEqual([])
    expect(accounts).toEqual([])
    expect(box.stats().malformed).toBe(1)
  })

  it('drops oversized messages before validating them', () => {
    const box = inbox()
    const huge = { ...msg(observation(1)), padding: 'x'.repeat(10_000) }
    expect(box.handleMessageEvent(event(huge))).toBe(false)
    const cyclic: Record<string, unknown> = { source: 'is-claude-down' }
    cyclic.self = cyclic
    expect(box.handleMessageEvent(event(cyclic))).toBe(false)
    expect(box.stats().oversized).toBe(2)
  })

  it('drops stale and future-dated observations', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(msg(observation(1, { at: T0 - MAX_AGE_MS - 1 }))))).toBe(false)
    expect(box.handleMessageEvent(event(msg(observation(2, { at: T0 + 120_000 }))))).toBe(false)
    expect(box.stats().stale).toBe(2)
  })

  it('de-duplicates by observation id, and repeated identical account messages', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(msg(observation(1))))).toBe(true)
    expect(box.handleMessageEvent(event(msg(observation(1))))).toBe(false)
    expect(box.handleMessageEvent(event(account('pro')))).toBe(true)
    expect(box.handleMessageEvent(event(account('pro')))).toBe(false)
    expect(box.handleMessageEvent(event(account('pro', false)))).toBe(true)
    expect(box.stats().duplicate).toBe(2)
  })

  it('a flood is bounded: at most maxPerMinute now, then the refill rate', () => {
    const box = inbox()
    let n = 0
    for (let i = 0; i < 1000; i++) if (box.handleMessageEvent(event(msg(observation(i))))) n++
    expect(n).toBe(DEFAULT_MAX_PER_MINUTE)
    expect(box.stats().rateLimited).toBe(1000 - DEFAULT_MAX_PER_MINUTE)
    // Ten seconds later the bucket has refilled a sixth of a minute's worth.
    clock += 10_000
    let later = 0
    for (let i = 1000; i < 1100; i++)
      if (box.handleMessageEvent(event(msg(observation(i, { at: clock }))))) later++
    expect(later).toBe(DEFAULT_MAX_PER_MINUTE / 6)
  })

  it('account messages have their own, smaller bucket, so they cannot starve observations', () => {
    const box = inbox()
    let n = 0
    for (let i = 0; i < 100; i++) if (box.handleMessageEvent(event(account(i % 2 ? 'pro' : 'max')))) n++
    expect(n).toBe(6)
    expect(box.handleMessageEvent(event(msg(observation(1))))).toBe(true)
  })

  it('never throws, even on a hostile getter', () => {
    const box = inbox()
    const evil = {
      source: 'is-claude-down',
      get v() {
        throw new Error('gotcha')
      },
    }
    expect(() => box.handleMessageEvent(event(evil))).not.toThrow()
    expect(delivered).toEqual([])
  })

  it('uses the callbacks it was given and no extension API', () => {
    const spy = vi.fn()
    const box = createPageInbox({ window, now: () => clock, onObservation: spy, onAccount: () => {} })
    box.handleMessageEvent(event(msg(observation(1))))
    expect(spy).toHaveBeenCalledWith(observation(1))
  })
})

describe('readBreadcrumb', () => {
  it('delivers what the page script left on <html>, once', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([msg(observation(1)), msg(observation(2)), account('team')])
    const box = inbox()
    expect(box.readBreadcrumb(root)).toBe(3)
    expect(delivered.map((o) => o.id)).toEqual([observation(1).id, observation(2).id])
    expect(accounts).toEqual([{ tier: 'team', orgKnown: true }])
    const before = box.stats()
    expect(box.readBreadcrumb(root)).toBe(0)
    expect(delivered).toHaveLength(2)
    // Not even parsed again: nothing counted as duplicate.
    expect(box.stats()).toEqual(before)
  })

  it('live messages already read from the breadcrumb are not delivered twice', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([msg(observation(1))])
    const box = inbox()
    box.readBreadcrumb(root)
    expect(box.handleMessageEvent(event(msg(observation(1))))).toBe(false)
    expect(delivered).toHaveLength(1)
  })

  it('skips forged entries in the breadcrumb and keeps the valid ones', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([
      msg(observation(1)),
      { ...msg(observation(2)), extra: 'x' },
      'junk',
      msg(observation(3, { kind: 'usage_limit', resetsAt: T0 + 3_600_000 })),
    ])
    const box = inbox()
    expect(box.readBreadcrumb(root)).toBe(2)
    expect(box.stats().malformed).toBe(2)
  })

  it.each([
    ['not JSON', '{'],
    ['not an array', '{"a":1}'],
    ['too many entries', JSON.stringify(Array.from({ length: 30 }, (_, i) => msg(observation(i))))],
    ['too large', `[${'"x",'.repeat(30_000)}"x"]`],
  ])('a breadcrumb that is %s delivers nothing', (_name, raw) => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = raw
    const box = inbox()
    expect(box.readBreadcrumb(root)).toBe(0)
    expect(delivered).toEqual([])
    const s = box.stats()
    expect(s.malformed + s.oversized).toBe(1)
  })

  it('no breadcrumb: nothing, and no error', () => {
    expect(inbox().readBreadcrumb(document.documentElement)).toBe(0)
  })
})
