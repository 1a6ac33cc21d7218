import { describe, expect, it } from 'vitest'
import { type Observation, ObservationSchema } from './observation.ts'

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

describe('ObservationSchema', () => {
  it('accepts a valid observation', () => {
    expect(ObservationSchema.parse(valid)).toEqual(valid)
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
  })
})
