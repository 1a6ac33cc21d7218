import { describe, expect, it } from 'vitest'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { t } from '../platform/i18n.ts'
import { PAGE_STATE_KEYS } from '../shared/schemas/page-state.ts'
import { browserConnector } from './connector.ts'

/** An official view as 0.3.0 stored it: the health reason was English text, not a message. */
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
  it('keeps an official view stored by 0.3.0 (English health reason) instead of showing "unknown"', async () => {
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
