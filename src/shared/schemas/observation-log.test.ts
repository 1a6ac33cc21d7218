import { describe, expect, it } from 'vitest'
import { testObservation } from '../../../test/unit/observation.ts'
import type { Observation } from '../core/observe/observation.ts'
import { parseOr } from '../core/zod.ts'
import { CrowdLineSchema, CrowdViewSchema, createLogParser, ObservationLogSchema } from './observation-log.ts'

const obs = (n: number): Observation =>
  testObservation(n, {
    kind: 'success',
    status: 200,
    ttfbMs: 10,
    durationMs: 20,
    at: Date.UTC(2026, 10, 26) + n * 1000,
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

describe('the stored crowd view', () => {
  const stored = {
    reporters15: 12,
    ratio: 4.5,
    anomalous: true,
    fetchedAt: 1_000,
    buckets: [0, 1, 3, 8],
    byTier: { free: 9, pro: 3 },
    byModel: { opus: 12 },
  }

  it('the popup reads all of it', () => {
    expect(parseOr(CrowdViewSchema, stored, null)).toEqual(stored)
  })

  it('the banner reads the line and leaves the popup’s splits out', () => {
    expect(parseOr(CrowdLineSchema, stored, null)).toEqual({
      reporters15: 12,
      ratio: 4.5,
      anomalous: true,
      fetchedAt: 1_000,
    })
  })

  it('a broken line is refused by both', () => {
    const broken = { ...stored, reporters15: -1 }
    expect(parseOr(CrowdLineSchema, broken, null)).toBeNull()
    expect(parseOr(CrowdViewSchema, broken, null)).toBeNull()
  })
})
