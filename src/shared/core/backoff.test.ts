import { describe, expect, it } from 'vitest'
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs } from './backoff.ts'

describe('backoffDelayMs', () => {
  it('is zero without failures', () => expect(backoffDelayMs(0)).toBe(0))

  it('doubles per failure between half and full of the exponential step', () => {
    for (let n = 1; n <= 4; n++) {
      const step = BACKOFF_BASE_MS * 2 ** (n - 1)
      expect(backoffDelayMs(n, () => 0)).toBe(step / 2)
      expect(backoffDelayMs(n, () => 1)).toBe(step)
    }
  })

  it('is capped at 10 minutes however many failures', () => {
    expect(BACKOFF_CAP_MS).toBe(600_000)
    for (const n of [6, 10, 100, 10_000]) expect(backoffDelayMs(n, () => 1)).toBe(BACKOFF_CAP_MS)
  })

  it('spreads retries (jitter) with a real random source', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(5)))
    expect(delays.size).toBeGreaterThan(10)
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(BACKOFF_BASE_MS * 8)
  })
})
