import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limit.ts'

describe('RateLimiter', () => {
  it('allows a burst of `limit`, then refuses with the wait until the next token', () => {
    const limiter = new RateLimiter(6, 60_000)
    for (let i = 0; i < 6; i++) expect(limiter.take('a', 0)).toEqual({ ok: true })
    // One token refills every 10 s.
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterSeconds: 10 })
    expect(limiter.take('a', 4_000)).toEqual({ ok: false, retryAfterSeconds: 6 })
    expect(limiter.take('a', 10_000)).toEqual({ ok: true })
    expect(limiter.take('a', 10_000)).toMatchObject({ ok: false })
  })

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1, 60_000)
    expect(limiter.take('a', 0).ok).toBe(true)
    expect(limiter.take('b', 0).ok).toBe(true)
    expect(limiter.take('a', 0).ok).toBe(false)
  })

  it('a refused request does not extend the wait (no penalty for retrying)', () => {
    const limiter = new RateLimiter(1, 60_000)
    limiter.take('a', 0)
    for (let t = 0; t < 60_000; t += 5_000) limiter.take('a', t)
    expect(limiter.take('a', 60_000).ok).toBe(true)
  })

  it('forgets refilled keys and bounds memory under a flood of new keys', () => {
    const limiter = new RateLimiter(5, 60_000, 1000)
    for (let i = 0; i < 5000; i++) limiter.take(`k${i}`, 0)
    expect(limiter.size).toBeLessThanOrEqual(1000)
    limiter.sweep(60_000)
    expect(limiter.size).toBe(0)
  })
})
