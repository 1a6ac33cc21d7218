// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://claude.ai/new"}
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { factMessage, planMessage, TEST_AT, testFact, testPlan } from '../../test/unit/facts.ts'
import type { Fact, PlanFacts } from '../shared/core/observe/facts.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import {
  createPageInbox,
  DEFAULT_MAX_FACTS_PER_MINUTE,
  DEFAULT_MAX_PER_MINUTE,
  DEFAULT_MAX_PLANS_PER_MINUTE,
  MAX_AGE_MS,
} from './page-inbox.ts'

let clock = TEST_AT
let delivered: Observation[] = []
let plans: PlanFacts[] = []

/** A failed completion (a 500): one fact, one observation. Flow `n`, so each is a new request. */
const failure = (n: number, patch: Partial<Fact> = {}) =>
  factMessage(testFact('response', { flow: `k3j9x2ab.${n.toString(36)}`, at: clock, ...patch }))
/** A first byte: a fact that yields no observation (the page is not slow yet). */
const firstByte = (n: number) =>
  factMessage(testFact('first_byte', { flow: `k3j9x2ab.${n.toString(36)}`, at: clock }))

function event(data: unknown, init: { source?: unknown; origin?: string } = {}): MessageEvent {
  return new MessageEvent('message', {
    data,
    origin: init.origin ?? 'https://claude.ai',
    source: (init.source === undefined ? window : init.source) as MessageEventSource,
  })
}

function inbox(opts: Partial<Parameters<typeof createPageInbox>[0]> = {}) {
  return createPageInbox({
    window,
    now: () => clock,
    onObservation: (o) => delivered.push(o),
    onPlan: (p) => plans.push(p),
    ...opts,
  })
}

beforeEach(() => {
  clock = TEST_AT
  delivered = []
  plans = []
  delete document.documentElement.dataset.isClaudeDownObs
})

describe('handleMessageEvent', () => {
  it('a valid fact becomes an observation (with the fact’s id); a valid plan goes to onPlan as facts', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(failure(1)))).toBe(true)
    expect(box.handleMessageEvent(event(planMessage()))).toBe(true)
    expect(delivered).toEqual([
      expect.objectContaining({
        id: 'k3j9x2ab.1.0',
        kind: 'server_error',
        status: 500,
        errorType: 'api_error',
      }),
    ])
    expect(plans).toEqual([testPlan()])
    expect(box.stats()).toMatchObject({ accepted: 2, foreign: 0, malformed: 0 })
  })

  it('drops a message from another window or origin (counted as foreign)', () => {
    const box = inbox()
    const otherWindow = { postMessage: () => {} } // e.g. an iframe's window or an opener
    expect(box.handleMessageEvent(event(failure(1), { source: otherWindow }))).toBe(false)
    expect(box.handleMessageEvent(event(failure(2), { source: null }))).toBe(false)
    expect(box.handleMessageEvent(event(failure(3), { origin: 'https://evil.example' }))).toBe(false)
    expect(delivered).toEqual([])
    expect(box.stats().foreign).toBe(3)
  })

  it('ignores the page’s own untagged messages without counting them', () => {
    const box = inbox()
    for (const data of ['hello', null, 42, { type: 'fact' }, { source: 'react-devtools' }])
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
    ['reply text smuggled in an extra field', factMessage({ ...testFact('end'), text: 'hello' } as Fact)],
    ['an unknown fact kind', factMessage({ ...testFact('end'), fact: 'meltdown' } as unknown as Fact)],
    ['a command instead of a fact', { source: 'is-claude-down', v: 2, type: 'notify', text: 'Click here' }],
    ['a v1 observation message', { source: 'is-claude-down', v: 1, type: 'observation', observation: {} }],
    ['a plan with an org id', { ...planMessage(), org: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65' }],
  ])('drops a forged or malformed message: %s', (_name, data) => {
    const box = inbox()
    expect(box.handleMessageEvent(event(data))).toBe(false)
    expect(delivered).toEqual([])
    expect(plans).toEqual([])
    expect(box.stats().malformed).toBe(1)
  })

  it('drops oversized messages before validating them', () => {
    const box = inbox()
    const huge = { ...failure(1), padding: 'x'.repeat(20_000) }
    expect(box.handleMessageEvent(event(huge))).toBe(false)
    const cyclic: Record<string, unknown> = { source: 'is-claude-down' }
    cyclic.self = cyclic
    expect(box.handleMessageEvent(event(cyclic))).toBe(false)
    expect(box.stats().oversized).toBe(2)
  })

  it('a fact with a full 4 KB error body of escapes is not oversized', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(failure(1, { body: '"'.repeat(4096) } as Partial<Fact>)))).toBe(true)
  })

  it('drops stale and future-dated facts', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(failure(1, { at: TEST_AT - MAX_AGE_MS - 1 })))).toBe(false)
    expect(box.handleMessageEvent(event(failure(2, { at: TEST_AT + 120_000 })))).toBe(false)
    expect(box.stats().stale).toBe(2)
  })

  it('de-duplicates by fact id, and repeated identical plan messages', () => {
    const box = inbox()
    expect(box.handleMessageEvent(event(failure(1)))).toBe(true)
    expect(box.handleMessageEvent(event(failure(1)))).toBe(false)
    expect(box.handleMessageEvent(event(planMessage()))).toBe(true)
    expect(box.handleMessageEvent(event(planMessage()))).toBe(false)
    expect(box.handleMessageEvent(event(planMessage({ active: null })))).toBe(true)
    expect(box.stats().duplicate).toBe(2)
    expect(delivered).toHaveLength(1)
  })

  it('a fact flood is bounded: at most maxFactsPerMinute now, then the refill rate', () => {
    const box = inbox()
    let n = 0
    for (let i = 0; i < 1000; i++) if (box.handleMessageEvent(event(firstByte(i)))) n++
    expect(n).toBe(DEFAULT_MAX_FACTS_PER_MINUTE)
    expect(box.stats().rateLimited).toBe(1000 - DEFAULT_MAX_FACTS_PER_MINUTE)
    // Ten seconds later the bucket has refilled a sixth of a minute's worth.
    clock += 10_000
    let later = 0
    for (let i = 1000; i < 1300; i++) if (box.handleMessageEvent(event(firstByte(i)))) later++
    expect(later).toBe(DEFAULT_MAX_FACTS_PER_MINUTE / 6)
  })

  it('observations have their own, smaller bound: a forging page raises at most maxPerMinute', () => {
    const box = inbox()
    for (let i = 0; i < 150; i++) box.handleMessageEvent(event(failure(i)))
    expect(delivered).toHaveLength(DEFAULT_MAX_PER_MINUTE)
    expect(box.stats()).toMatchObject({ accepted: 150, rateLimited: 150 - DEFAULT_MAX_PER_MINUTE })
  })

  it('plan messages have their own, smaller bucket, so they cannot starve facts', () => {
    const box = inbox()
    let n = 0
    for (let i = 0; i < 100; i++)
      if (box.handleMessageEvent(event(planMessage({ active: i % 2 ? 0 : null })))) n++
    expect(n).toBe(DEFAULT_MAX_PLANS_PER_MINUTE)
    expect(box.handleMessageEvent(event(failure(1)))).toBe(true)
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

  it('an observation that does not fit the schema is never delivered (counted as malformed)', () => {
    const bad = { add: () => ({ kind: 'meltdown' }) as unknown as Observation, flowCount: () => 0 }
    const box = inbox({ assembler: bad })
    expect(box.handleMessageEvent(event(failure(1)))).toBe(true)
    expect(delivered).toEqual([])
    expect(box.stats().malformed).toBe(1)
  })

  it('uses the callbacks it was given and no extension API', () => {
    const spy = vi.fn()
    const box = createPageInbox({ window, now: () => clock, onObservation: spy, onPlan: () => {} })
    box.handleMessageEvent(event(failure(1)))
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ id: 'k3j9x2ab.1.0' }))
  })
})

describe('readBreadcrumb', () => {
  it('delivers what the page script left on <html>, once', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([failure(1), failure(2), planMessage()])
    const box = inbox()
    expect(box.readBreadcrumb(root)).toBe(3)
    expect(delivered.map((o) => o.id)).toEqual(['k3j9x2ab.1.0', 'k3j9x2ab.2.0'])
    expect(plans).toEqual([testPlan()])
    const before = box.stats()
    expect(box.readBreadcrumb(root)).toBe(0)
    expect(delivered).toHaveLength(2)
    // Not even parsed again: nothing counted as duplicate.
    expect(box.stats()).toEqual(before)
  })

  it('live messages already read from the breadcrumb are not delivered twice', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([failure(1)])
    const box = inbox()
    box.readBreadcrumb(root)
    expect(box.handleMessageEvent(event(failure(1)))).toBe(false)
    expect(delivered).toHaveLength(1)
  })

  it('skips forged entries in the breadcrumb and keeps the valid ones', () => {
    const root = document.documentElement
    root.dataset.isClaudeDownObs = JSON.stringify([
      failure(1),
      { ...failure(2), extra: 'x' },
      'junk',
      failure(3, { status: 429 }),
    ])
    const box = inbox()
    expect(box.readBreadcrumb(root)).toBe(2)
    expect(box.stats().malformed).toBe(2)
  })

  it.each([
    ['not JSON', '{'],
    ['not an array', '{"a":1}'],
    ['too many entries', JSON.stringify(Array.from({ length: 30 }, (_, i) => failure(i)))],
    ['too large', `[${'"x",'.repeat(120_000)}"x"]`],
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
