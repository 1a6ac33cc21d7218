import { describe, expect, it } from 'vitest'
import { msg } from '../core/message.ts'
import { parseFailureMessage } from '../core/statuspage/normalise.ts'
import { INITIAL_STATUS_STATE, StatusStateSchema, upgradeStatusState } from './stored.ts'

describe('stored status state', () => {
  it('keeps a health reason stored as English text by an older version, as a message', () => {
    const old = { ...INITIAL_STATUS_STATE, health: { state: 'unreachable', reason: 'HTTP 503', since: 5 } }
    expect(StatusStateSchema.safeParse(old).success).toBe(false)
    const parsed = StatusStateSchema.safeParse(upgradeStatusState(JSON.parse(JSON.stringify(old))))
    expect(parsed.success).toBe(true)
    expect(parsed.data?.health).toEqual({
      state: 'unreachable',
      reason: msg('healthReasonText', 'HTTP 503'),
      since: 5,
    })
  })

  it('an empty legacy reason becomes no reason, not a message that shows its key', () => {
    const old = { ...INITIAL_STATUS_STATE, health: { state: 'stale', reason: '  ', since: 5 } }
    expect(StatusStateSchema.parse(upgradeStatusState(old)).health.reason).toBeNull()
  })

  it('a parse failure with a very long detail still stores (the detail is capped)', () => {
    const failure = {
      ok: false as const,
      reason: `components.0.name: ${'x'.repeat(2000)}`,
      problem: 'shape' as const,
    }
    const state = {
      ...INITIAL_STATUS_STATE,
      health: { state: 'invalid' as const, reason: parseFailureMessage(failure), since: 1 },
    }
    expect(StatusStateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true)
  })

  it('round-trips a health reason message', () => {
    const state = {
      ...INITIAL_STATUS_STATE,
      health: { state: 'invalid' as const, reason: msg('healthReasonUnexpected', 'components: x'), since: 7 },
    }
    const stored = JSON.parse(JSON.stringify(state))
    expect(upgradeStatusState(stored)).toBe(stored)
    expect(StatusStateSchema.parse(stored)).toEqual(state)
  })

  it('refuses a reason that is neither text nor a message', () => {
    const bad = { ...INITIAL_STATUS_STATE, health: { state: 'invalid', reason: { nope: 1 }, since: 0 } }
    expect(StatusStateSchema.safeParse(upgradeStatusState(bad)).success).toBe(false)
    expect(upgradeStatusState(null)).toBe(null)
  })
})
