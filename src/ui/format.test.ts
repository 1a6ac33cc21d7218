import { describe, expect, it } from 'vitest'
import { t } from '../platform/i18n.ts'
import { clockTime, dateTime, durationMsg, momentText } from './format.ts'

// Local times, built from local components so the test holds in any time zone.
const morning = new Date(2026, 10, 26, 9, 5).getTime()
const afternoon = new Date(2026, 10, 26, 13, 38).getTime()

describe('times as the user reads them', () => {
  it('writes the hour as the locale does, like claude.ai: no forced leading zero', () => {
    expect(clockTime(afternoon, 'en-US')).toMatch(/^1:38\sPM$/)
    expect(clockTime(morning, 'en-US')).toMatch(/^9:05\sAM$/)
    // 24-hour locales keep their own convention.
    expect(clockTime(morning, 'de-DE')).toBe('09:05')
    expect(clockTime(afternoon, 'en-GB')).toBe('13:38')
  })

  it('day and time together', () => {
    expect(dateTime(morning, 'en-US')).toMatch(/^Nov 26, 9:05\sAM$/)
  })

  it('an unreadable moment is a dash, not "Invalid Date"', () => {
    expect(clockTime('not a date')).toBe('—')
    expect(dateTime(Number.NaN)).toBe('—')
  })

  it('a moment on another day carries the day: "resets at 9:05 AM" must not mean tomorrow', () => {
    expect(momentText(afternoon, morning, 'en-US')).toMatch(/^1:38\sPM$/)
    const tomorrow = new Date(2026, 10, 27, 9, 5).getTime()
    expect(momentText(tomorrow, afternoon, 'en-US')).toMatch(/^Nov 27, 9:05\sAM$/)
  })
})

describe('durations', () => {
  it.each([
    [12_000, '12 s'],
    [5 * 60_000, '5 min'],
    [(3 * 60 + 20) * 60_000, '3 h 20 min'],
    [5 * 3_600_000, '5 h'],
    [(2 * 24 + 4) * 3_600_000, '2 d 4 h'],
    [3 * 24 * 3_600_000, '3 d'],
  ])('%d ms → %s', (ms, text) => {
    expect(t(durationMsg(ms))).toBe(text)
  })
})
