import { describe, expect, it } from 'vitest'
import { type Observation, ObservationSchema, type PageMessage, PageMessageSchema } from './observation.ts'

const AT = Date.UTC(2026, 8, 24, 12)
const valid: Observation = {
  id: 'k3j9x2ab.5.0',
  flow: 'k3j9x2ab.5',
  kind: 'overloaded',
  endpoint: 'completion',
  transport: 'fetch',
  status: 529,
  errorType: 'overloaded_error',
  model: { family: 'opus', version: '4.8' },
  servedModel: null,
  requestId: 'req_011CZAZLDXQdVKwgHDw6GTiN',
  resetsAt: null,
  ttfbMs: 412,
  durationMs: 430,
  online: true,
  at: AT,
  phase: 'response',
}

describe('PageMessageSchema', () => {
  it('accepts an observation message and an account message', () => {
    const obs: PageMessage = { source: 'is-claude-down', v: 1, type: 'observation', observation: valid }
    expect(PageMessageSchema.parse(obs)).toEqual(obs)
    const account = { source: 'is-claude-down', v: 1, type: 'account', tier: 'team', orgKnown: true }
    expect(PageMessageSchema.parse(account)).toEqual(account)
  })

  it.each<[string, Record<string, unknown>]>([
    ['free text in errorType', { errorType: 'Overloaded, please retry' }],
    ['a prompt smuggled in an extra field', { prompt: 'hello' }],
    ['an unknown kind', { kind: 'meltdown' }],
    ['an unknown endpoint', { endpoint: 'chat' }],
    ['a malformed request id', { requestId: 'req_<img src=x>' }],
    ['a family that is not a word', { model: { family: 'Opus 4', version: null } }],
    ['a version that is not numeric', { model: { family: 'opus', version: 'latest' } }],
    ['extra keys in the model', { model: { family: 'opus', version: '4', id: 'x' } }],
    ['at in seconds', { at: Math.floor(AT / 1000) }],
    ['a negative duration', { durationMs: -1 }],
    ['a duration over a day', { ttfbMs: 90_000_000 }],
    ['a status that is not HTTP', { status: 42 }],
    ['a fractional status', { status: 500.5 }],
    ['an id that does not belong to the flow format', { id: '../../etc' }],
    ['a missing field', { phase: undefined }],
  ])('rejects %s', (_name, patch) => {
    const observation = { ...valid, ...patch }
    if ('phase' in patch && patch.phase === undefined) delete (observation as Partial<Observation>).phase
    expect(ObservationSchema.safeParse(observation).success).toBe(false)
    expect(
      PageMessageSchema.safeParse({ source: 'is-claude-down', v: 1, type: 'observation', observation })
        .success,
    ).toBe(false)
  })

  it.each<[string, unknown]>([
    ['the wrong tag', { source: 'someone-else', v: 1, type: 'account', tier: 'pro', orgKnown: true }],
    ['a future version', { source: 'is-claude-down', v: 2, type: 'account', tier: 'pro', orgKnown: true }],
    ['an unknown type', { source: 'is-claude-down', v: 1, type: 'command', action: 'notify' }],
    [
      'an unknown tier',
      { source: 'is-claude-down', v: 1, type: 'account', tier: 'platinum', orgKnown: true },
    ],
    [
      'an org id on the account message',
      { source: 'is-claude-down', v: 1, type: 'account', tier: 'pro', orgKnown: true, org: 'x' },
    ],
  ])('rejects %s', (_name, msg) => {
    expect(PageMessageSchema.safeParse(msg).success).toBe(false)
  })
})
