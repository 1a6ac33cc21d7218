import { describe, expect, it } from 'vitest'
import { parseBannerSettings } from './banner-settings.ts'
import { DEFAULT_SETTINGS, parseSettings } from './settings.ts'

// The banner reads two settings through its own small parser; it must agree with the full one
// (the popup's and the worker's), or the banner and the options page would disagree.
const CASES: unknown[] = [
  DEFAULT_SETTINGS,
  null,
  undefined,
  'garbage',
  42,
  [],
  {},
  { banner: false },
  { banner: 'no' },
  { banner: false, crowd: { enabled: true } },
  { crowd: { enabled: true, serverUrl: 'ftp://bad' } },
  { crowd: { enabled: 'yes' } },
  { crowd: 'on', banner: false },
  { crowd: null },
  { version: 99, banner: false, crowd: { enabled: true } },
  { watchedComponents: 'not-a-list', banner: true, crowd: { enabled: true } },
  { crowd: { enabled: true, serverUrl: 'javascript:alert(1)' } },
  { crowd: true },
  { crowd: [true] },
  { crowd: { enabled: 1 } },
  { banner: 'false' },
]

describe('parseBannerSettings', () => {
  it.each(CASES.map((c) => [JSON.stringify(c) ?? 'undefined', c]))(
    'agrees with parseSettings on %s',
    (_, raw) => {
      const full = parseSettings(raw)
      expect(parseBannerSettings(raw)).toEqual({ banner: full.banner, crowdEnabled: full.crowd.enabled })
    },
  )

  it('reads what the user set', () => {
    expect(parseBannerSettings({ banner: false, crowd: { enabled: true } })).toEqual({
      banner: false,
      crowdEnabled: true,
    })
  })
})
