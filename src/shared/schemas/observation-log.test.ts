import { describe, expect, it } from 'vitest'
import type { Observation } from '../core/observe/observation.ts'
import { createLogParser, ObservationLogSchema } from './observation-log.ts'

const obs = (n: number): Observation => ({
  id: `abcd.${n}.0`,
  flow: `abcd.${n}`,
  kind: 'success',
  endpoint: 'completion',
  transport: 'fetch',
  status: 200,
  errorType: null,
  model: { family: 'sonnet', version: '4.5' },
  servedModel: null,
  requestId: null,
  resetsAt: null,
  ttfbMs: 10,
  durationMs: 20,
  online: true,
  at: Date.UTC(2026, 10, 26) + n * 1000,
  phase: 'response',
})

describe('incremental log parser', () => {
  it('gives the same result as the schema', () => {
    const parse = createLogParser()
    const log = [obs(1), obs(2), obs(3)]
    expect(parse(structuredClone(log))).toEqual(ObservationLogSchema.parse(log))
    expect(parse(structuredClone([...log, obs(4)]))).toEqual(ObservationLogSchema.parse([...log, obs(4)]))
  })

  it('validates what is new or changed: a bad entry anywhere rejects the log', () => {
    const parse = createLogParser()
    parse([obs(1), obs(2)])
    expect(parse([obs(1), obs(2), { ...obs(3), kind: 'pwned' }])).toEqual([])
    // Same id, different time: validated again, not reused.
    expect(parse([obs(1), { ...obs(2), at: 5, kind: 'nope' }])).toEqual([])
    expect(parse('not a list')).toEqual([])
  })
})
