import { describe, expect, it } from 'vitest'
import { factMessage, planMessage, testFact, testPlan } from '../../../../test/unit/facts.ts'
import type { Fact, FactKind } from './facts.ts'
import { FACT_SCHEMAS, parsePageMessage } from './page-messages.ts'
import { PlanFactsSchema } from './plan-schema.ts'

const KINDS = Object.keys(FACT_SCHEMAS) as FactKind[]

describe('parsePageMessage: what the page script posts', () => {
  it.each(KINDS)('accepts a %s fact message as it is', (kind) => {
    const msg = factMessage(testFact(kind))
    expect(parsePageMessage(msg)).toEqual(msg)
  })

  it('accepts a plan message, and a fact from the selector with no response yet', () => {
    const plan = planMessage({ catalog: [{ modelId: 'claude-sonnet-5', minimumTier: 'free' }] })
    expect(parsePageMessage(plan)).toEqual(plan)
    const early = factMessage(
      testFact('stall', {
        stall: 'first_byte',
        status: null,
        ttfbMs: null,
        model: { body: null, selector: 'Haiku 4.5' },
      }),
    )
    expect(parsePageMessage(early)).toEqual(early)
  })

  const reply = 'TOP-SECRET-REPLY: here is what I think'
  it.each<[string, Partial<Fact> & Record<string, unknown>]>([
    ['reply text in an extra field', { text: reply }],
    ['a prompt in an extra field', { prompt: 'hello' }],
    ['a conversation id', { conversationId: '5b1c7e2a-0000-4000-8000-000000000001' }],
    ['an org id', { org: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65' }],
    ['another kind’s field (data on a first byte)', { data: reply }],
    ['an unknown endpoint', { endpoint: 'chat' as Fact['endpoint'] }],
    ['an id that is not of its flow', { id: 'zzzzzzzz.9.0' }],
    ['an id in the wrong format', { id: '../../etc' }],
    ['at in seconds', { at: Math.floor(Date.UTC(2026, 8, 24) / 1000) }],
    ['a timing of more than a day', { durationMs: 90_000_000 }],
    ['a status that is not a number', { status: '500' as unknown as number }],
    ['a selector text over its cap', { model: { body: null, selector: 'x'.repeat(121) } }],
    ['a body model over its cap', { model: { body: `claude-${'x'.repeat(100)}`, selector: null } }],
    ['a model from another source', { model: { body: null, selector: null, dom: 'Opus' } as never }],
    ['a served model over its cap', { servedModel: `claude-${'x'.repeat(100)}` }],
  ])('drops a first_byte fact with %s', (_name, patch) => {
    expect(parsePageMessage(factMessage({ ...testFact('first_byte'), ...patch } as Fact))).toBeNull()
  })

  it.each<[string, Fact]>([
    ['an error body over 4 KB', { ...testFact('response'), body: 'x'.repeat(4097) }],
    ['limit data over 4 KB', { ...testFact('limit'), data: 'x'.repeat(4097) }],
    ['a rejection message over its cap', { ...testFact('rejected'), message: 'x'.repeat(201) }],
    [
      'a completion_status detail over its cap',
      { ...testFact('completion_status'), errorDetail: 'x'.repeat(601) },
    ],
    ['an unknown stall', { ...testFact('stall'), stall: 'forever' as 'idle' }],
    ['an unknown kind', { ...testFact('end'), fact: 'meltdown' as 'end' }],
    ['an inherited kind name', { ...testFact('end'), fact: 'constructor' as 'end' }],
    ['a missing field', (({ complete: _, ...rest }) => rest as Fact)(testFact('end'))],
  ])('drops %s', (_name, fact) => {
    expect(parsePageMessage(factMessage(fact))).toBeNull()
  })

  it.each<[string, unknown]>([
    ['the wrong tag', { ...factMessage(testFact('end')), source: 'someone-else' }],
    ['version 1 (classified observations)', { ...factMessage(testFact('end')), v: 1 }],
    ['an unknown type', { source: 'is-claude-down', v: 2, type: 'notify', text: 'Click here' }],
    ['an extra field on the envelope', { ...factMessage(testFact('end')), prompt: 'hello' }],
    ['no fact', { source: 'is-claude-down', v: 2, type: 'fact' }],
    [
      'an org uuid on the plan',
      { ...planMessage(), orgs: [{ uuid: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65' }] },
    ],
    ['an org name on the plan', { ...planMessage(), orgs: [{ name: "someone@example.com's Organization" }] }],
    ['an active alias that names no org', planMessage({ active: 1 })],
    ['too many orgs', planMessage({ orgs: Array.from({ length: 21 }, () => ({})) })],
    [
      'too many capabilities',
      planMessage({ orgs: [{ capabilities: Array.from({ length: 65 }, () => 'chat') }] }),
    ],
    [
      'a catalogue entry with an extra field',
      planMessage({ catalog: [{ modelId: 'claude-opus-4-8', minimumTier: 'pro', uuid: 'x' } as never] }),
    ],
    ['null', null],
    ['a string', 'is-claude-down'],
  ])('drops %s', (_name, msg) => {
    expect(parsePageMessage(msg)).toBeNull()
  })
})

describe('PlanFactsSchema (the background’s reportAccount)', () => {
  it('accepts the plan facts without the envelope, and nothing more', () => {
    const plan = testPlan()
    expect(PlanFactsSchema.parse(plan)).toEqual(plan)
    expect(PlanFactsSchema.safeParse({ ...plan, org: 'x' }).success).toBe(false)
  })
})
