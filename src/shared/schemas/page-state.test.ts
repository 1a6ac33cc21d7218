import { describe, expect, it } from 'vitest'
import {
  type BannerPrefs,
  BannerPrefsSchema,
  DEFAULT_BANNER_PREFS,
  isDismissed,
  withDismissed,
} from './page-state.ts'

const dismiss = (prefs: BannerPrefs, key: string): BannerPrefs => ({
  ...prefs,
  dismissedKey: withDismissed(prefs, key),
})

describe('banner dismissals', () => {
  it('one dismissal hides that problem only', () => {
    const prefs = dismiss(DEFAULT_BANNER_PREFS, 'official:inc1:unaffected')
    expect(isDismissed(prefs, 'official:inc1:unaffected')).toBe(true)
    expect(isDismissed(prefs, 'official:inc1:outage')).toBe(false)
    expect(isDismissed(DEFAULT_BANNER_PREFS, 'ok')).toBe(false)
  })

  it('dismissing the next situation of the same incident keeps the earlier one dismissed', () => {
    const prefs = dismiss(dismiss(DEFAULT_BANNER_PREFS, 'official:inc1:unaffected'), 'official:inc1:degraded')
    expect(isDismissed(prefs, 'official:inc1:unaffected')).toBe(true)
    expect(isDismissed(prefs, 'official:inc1:degraded')).toBe(true)
  })

  it('a value stored by an earlier version (one key) still counts', () => {
    expect(isDismissed({ dismissedKey: 'local:1764158400000', snoozedUntil: 0 }, 'local:1764158400000')).toBe(
      true,
    )
  })

  it('stays within the stored bound, dropping the oldest dismissals first', () => {
    let prefs = DEFAULT_BANNER_PREFS
    const keys = Array.from({ length: 40 }, (_, i) => `local:${1764158400000 + i}`)
    for (const k of keys) prefs = dismiss(prefs, k)
    expect(BannerPrefsSchema.safeParse(prefs).success).toBe(true)
    expect(isDismissed(prefs, keys.at(-1)!)).toBe(true)
    expect(isDismissed(prefs, keys.at(-2)!)).toBe(true)
    expect(isDismissed(prefs, keys[0]!)).toBe(false)
  })
})

describe('parseOfficialView: a view stored without `others`', () => {
  it('parses, with no other incidents', async () => {
    const { parseOfficialView, UNKNOWN_OFFICIAL_VIEW } = await import('./page-state.ts')
    const { others: _, ...older } = { ...UNKNOWN_OFFICIAL_VIEW, fetchedAt: 1, fresh: true }
    const view = parseOfficialView(older)
    expect(view.others).toEqual([])
    expect(view.fetchedAt).toBe(1)
    expect(view.fresh).toBe(true)
  })
})
