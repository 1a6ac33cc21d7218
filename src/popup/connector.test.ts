import { describe, expect, it } from 'vitest'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { t } from '../platform/i18n.ts'
import { PAGE_STATE_KEYS } from '../shared/schemas/page-state.ts'
import { browserConnector } from './connector.ts'

/** An official view as builds before 0.4.0 could store it: the health reason was English text, not a message. */
function legacyOfficialView() {
  return {
    fetchedAt: 1_000,
    health: { state: 'unreachable', reason: 'HTTP 503', since: 900 },
    fresh: false,
    claudeAiStatus: 'major_outage',
    incidents: [
      {
        id: 'inc1',
        title: 'Elevated errors on claude.ai',
        impact: 'major',
        status: 'investigating',
        url: 'https://status.claude.com/incidents/inc1',
        startedAt: '2026-11-26T10:00:00.000Z',
        componentIds: ['rwppv331jlwc'],
        componentNames: ['claude.ai'],
        models: [],
        modelsNow: null,
        allModels: false,
        tiers: [],
        kind: 'errors',
        surfacesUnaffected: [],
        estimate: null,
      },
    ],
    others: [],
    maintenance: null,
  }
}

describe('the popup connector', () => {
  it('keeps an official view stored before 0.4.0 (English health reason) instead of showing "unknown"', async () => {
    await fakeBrowser().storage.local.set({ [PAGE_STATE_KEYS.officialView]: legacyOfficialView() })
    const { officialView } = await browserConnector.load()
    expect(officialView.incidents.map((i) => i.id)).toEqual(['inc1'])
    expect(officialView.claudeAiStatus).toBe('major_outage')
    expect(officialView.health.state).toBe('unreachable')
    expect(t(officialView.health.reason!)).toBe('HTTP 503')
  })

  it('still refuses an official view that is broken in other ways', async () => {
    await fakeBrowser().storage.local.set({
      [PAGE_STATE_KEYS.officialView]: { ...legacyOfficialView(), incidents: 'not a list' },
    })
    const { officialView } = await browserConnector.load()
    expect(officialView.incidents).toEqual([])
    expect(officialView.fetchedAt).toBeNull()
  })
})

describe('turning crowd reports on from the popup', () => {
  const crowdSetting = async () =>
    ((await fakeBrowser().storage.sync.get('settings')).settings as { crowd?: { enabled: boolean } })?.crowd
      ?.enabled ?? false

  it('asks for Firefox’s consent at once, inside the click, and a “no” leaves them off', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    b.permissions.promptAnswer = false
    const saved = browserConnector.setCrowdEnabled(true)
    // Synchronously, before anything is awaited: the prompt needs the click's user gesture.
    expect(b.permissions.requests).toEqual([{ data_collection: ['technicalAndInteraction'] }])
    expect(await saved).toBe(false)
    expect(await crowdSetting()).toBe(false)
  })

  it('a “yes” turns them on', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    expect(await browserConnector.setCrowdEnabled(true)).toBe(true)
    expect(await crowdSetting()).toBe(true)
    expect([...b.permissions.dataCollection]).toEqual(['technicalAndInteraction'])
  })

  it('a request that lost its gesture (Firefox rejects it) is not a yes', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    b.permissions.userGesture = false
    expect(await browserConnector.setCrowdEnabled(true)).toBe(false)
    expect(await crowdSetting()).toBe(false)
  })

  it('Chrome has no such permission: the card’s own disclosure is the consent, as before', async () => {
    expect(await browserConnector.setCrowdEnabled(true)).toBe(true)
    expect(await crowdSetting()).toBe(true)
    expect(await browserConnector.setCrowdEnabled(false)).toBe(true)
    expect(await crowdSetting()).toBe(false)
  })

  it('shows them off while Firefox’s consent is missing, though the (synced) setting says on', async () => {
    const b = fakeBrowser()
    await b.storage.sync.set({ settings: { crowd: { enabled: true } } })
    expect((await browserConnector.load()).settings.crowd.enabled).toBe(true) // Chrome
    b.permissions.dataCollection = new Set()
    expect((await browserConnector.load()).settings.crowd.enabled).toBe(false)
    b.permissions.dataCollection.add('technicalAndInteraction')
    expect((await browserConnector.load()).settings.crowd.enabled).toBe(true)
  })
})
