import { describe, expect, it } from 'vitest'
import {
  createLatencyTracker,
  DEFAULT_THRESHOLDS,
  FIRST_BYTE_TIMEOUT_MS,
  resolveThresholds,
  SLOW_MIN_SAMPLES,
  SLOW_WINDOW,
  STALL_SILENCE_AFTER_TOOL_MS,
  STALL_SILENCE_MS,
} from './latency.ts'

describe('createLatencyTracker', () => {
  it('never calls anything slow before SLOW_MIN_SAMPLES samples', () => {
    const t = createLatencyTracker()
    for (let i = 0; i < SLOW_MIN_SAMPLES - 1; i++) t.record(1000)
    expect(t.isSlow(600_000)).toBe(false)
    t.record(1000)
    expect(t.isSlow(600_000)).toBe(true)
  })

  it('slow = above max(3 × median, median + 10 s)', () => {
    const fast = createLatencyTracker()
    for (const v of [800, 1000, 1200, 900, 1100]) fast.record(v) // median 1000
    expect(fast.isSlow(11_000)).toBe(false) // 3× would say slow; the +10 s margin says no
    expect(fast.isSlow(11_001)).toBe(true)
    const slowish = createLatencyTracker()
    for (const v of [9000, 10_000, 11_000, 10_000, 10_000]) slowish.record(v) // median 10 s
    expect(slowish.isSlow(29_000)).toBe(false) // +10 s would say slow; 3× says no
    expect(slowish.isSlow(30_001)).toBe(true)
  })

  it('keeps a bounded window, so the baseline follows recent behaviour', () => {
    const t = createLatencyTracker()
    for (let i = 0; i < 100; i++) t.record(i < 50 ? 60_000 : 1000)
    expect(t.size()).toBe(SLOW_WINDOW)
    expect(t.median()).toBe(1000)
  })

  it('median of an even window is the mean of the middle two; junk samples are ignored', () => {
    const t = createLatencyTracker()
    for (const v of [4, 1, 3, 2]) t.record(v)
    t.record(Number.NaN)
    t.record(-5)
    expect(t.median()).toBe(2.5)
    expect(t.size()).toBe(4)
  })
})

describe('resolveThresholds (the data-is-claude-down-test hook)', () => {
  it('defaults: 60 s of silence, 180 s after a tool call, 90 s to the first byte', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      stallMs: STALL_SILENCE_MS,
      stallAfterToolMs: STALL_SILENCE_AFTER_TOOL_MS,
      firstByteMs: FIRST_BYTE_TIMEOUT_MS,
    })
    expect([STALL_SILENCE_MS, STALL_SILENCE_AFTER_TOOL_MS, FIRST_BYTE_TIMEOUT_MS]).toEqual([
      60_000, 180_000, 90_000,
    ])
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS)
  })

  it('overrides for end-to-end tests, keeping the tool ratio', () => {
    expect(resolveThresholds('{"stallMs":1500,"firstByteMs":2000}')).toEqual({
      stallMs: 1500,
      stallAfterToolMs: 4500,
      firstByteMs: 2000,
    })
    expect(resolveThresholds('{"firstByteMs":2000}')).toEqual({ ...DEFAULT_THRESHOLDS, firstByteMs: 2000 })
  })

  it.each([
    'not json',
    '[]',
    'null',
    '{"stallMs":0}',
    '{"stallMs":-1}',
    '{"stallMs":"1500"}',
    '{"stallMs":1e12}',
    'x'.repeat(600),
  ])('ignores %s', (hook) => {
    expect(resolveThresholds(hook)).toEqual(DEFAULT_THRESHOLDS)
  })
})
