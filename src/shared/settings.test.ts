import { describe, expect, it } from 'vitest'
import { DEFAULT_WATCHED_COMPONENTS } from './components.ts'
import { pageSettings } from './page-settings.ts'
import { DEFAULT_SETTINGS, parseSettings, validateServerUrl } from './settings.ts'

describe('settings', () => {
  it('defaults: claude.ai, API and Claude Code watched, notifications on, crowd off', () => {
    expect(DEFAULT_SETTINGS.watchedComponents).toEqual(DEFAULT_WATCHED_COMPONENTS)
    expect(DEFAULT_WATCHED_COMPONENTS).toEqual(['rwppv331jlwc', 'k8w3r06qmzrp', 'yyzkbfz2thpt'])
    expect(DEFAULT_SETTINGS.notifications).toBe(true)
    expect(DEFAULT_SETTINGS.crowd.enabled).toBe(false)
  })

  it.each([null, undefined, 'garbage', 42, [], { version: 99 }])('falls back safely on %j', (raw) => {
    expect(parseSettings(raw)).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps good fields when another is corrupt', () => {
    const s = parseSettings({
      notifications: false,
      watchedComponents: 'not-a-list',
      crowd: { enabled: 'yes' },
    })
    expect(s.notifications).toBe(false)
    expect(s.watchedComponents).toEqual(DEFAULT_WATCHED_COMPONENTS)
    expect(s.crowd.enabled).toBe(false)
  })

  it('keeps a valid custom watch list and drops hostile component ids', () => {
    expect(parseSettings({ watchedComponents: ['0qbwn08sd68x'] }).watchedComponents).toEqual(['0qbwn08sd68x'])
    expect(parseSettings({ watchedComponents: ['<script>'] }).watchedComponents).toEqual(
      DEFAULT_WATCHED_COMPONENTS,
    )
  })

  it('an empty watch list falls back to the defaults: nothing watched would read as "status unknown"', () => {
    expect(parseSettings({ watchedComponents: [] }).watchedComponents).toEqual(DEFAULT_WATCHED_COMPONENTS)
  })

  it('validates the crowd server URL', () => {
    expect(validateServerUrl('https://crowd.example.org/')).toEqual({
      ok: true,
      url: 'https://crowd.example.org',
    })
    expect(validateServerUrl('http://127.0.0.1:8787')).toEqual({ ok: true, url: 'http://127.0.0.1:8787' })
    expect(validateServerUrl('http://crowd.example.org')).toMatchObject({ ok: false })
    expect(validateServerUrl('https://user:pw@crowd.example.org')).toMatchObject({ ok: false })
    expect(validateServerUrl('javascript:alert(1)')).toMatchObject({ ok: false })
    expect(validateServerUrl('not a url')).toMatchObject({ ok: false })
    expect(parseSettings({ crowd: { enabled: true, serverUrl: 'ftp://x' } }).crowd).toEqual({
      enabled: true,
      serverUrl: DEFAULT_SETTINGS.crowd.serverUrl,
    })
  })
})

describe('pageSettings (what the content script reads, without the schema)', () => {
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['garbage', 'garbage'],
    ['a list', []],
    ['the defaults', DEFAULT_SETTINGS],
    ['banner off', { banner: false }],
    ['banner not a boolean', { banner: 'false' }],
    ['crowd on', { crowd: { enabled: true, serverUrl: 'https://crowd.example.org' } }],
    ['crowd on with a bad server URL', { crowd: { enabled: true, serverUrl: 'javascript:alert(1)' } }],
    ['crowd not an object', { crowd: true }],
    ['crowd a list', { crowd: [true] }],
    ['crowd enabled not a boolean', { crowd: { enabled: 1 } }],
    ['a corrupt neighbour', { banner: false, watchedComponents: 'x', version: 99, crowd: { enabled: true } }],
  ])('%s: the same answers as parseSettings', (_name, raw) => {
    const full = parseSettings(raw)
    expect(pageSettings(raw)).toEqual({ banner: full.banner, crowdEnabled: full.crowd.enabled })
  })
})
