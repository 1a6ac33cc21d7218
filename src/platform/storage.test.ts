import { describe, expect, it } from 'vitest'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { INITIAL_STATUS_STATE } from '../shared/schemas/stored.ts'
import { t } from './i18n.ts'
import { loadStatusState, STORAGE_KEYS } from './storage.ts'

describe('loading the stored status state', () => {
  it('an older version’s English reason keeps the last known snapshot', async () => {
    const snapshot = {
      pageName: 'Claude',
      pageUrl: 'https://status.claude.com',
      pageUpdatedAt: null,
      indicator: 'none',
      description: 'All Systems Operational',
      components: [],
      incidents: [],
      maintenances: [],
      fetchedAt: 1,
    }
    const legacy = {
      ...INITIAL_STATUS_STATE,
      snapshot,
      health: { state: 'unreachable', reason: 'timed out after 10 s', since: 2 },
    }
    await fakeBrowser().storage.local.set({ [STORAGE_KEYS.status]: legacy })
    const loaded = await loadStatusState()
    expect(loaded.snapshot).not.toBeNull()
    expect(t(loaded.health.reason!)).toBe('timed out after 10 s')
  })
})
