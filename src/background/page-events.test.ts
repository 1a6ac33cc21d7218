// What a claude.ai tab reports, against the in-memory browser: the plan facts → the stored account.

import { describe, expect, it } from 'vitest'
import type { Runtime } from 'webextension-polyfill'
import { testPlan as plan } from '../../test/unit/facts.ts'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { MESSAGE_CHANNEL } from '../shared/messaging.ts'
import { recordAccount } from './page-events.ts'
import { dispatch } from './registration.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const CLAUDE_TAB = {
  id: 'fake-extension-id',
  url: 'https://claude.ai/new',
  tab: { id: 1 },
} as Runtime.MessageSender
const CATALOG = [
  { modelId: 'claude-sonnet-4-5-20250929', minimumTier: 'free' },
  { modelId: 'claude-opus-4-8', minimumTier: 'pro' },
  { modelId: 'claude-fable-5', minimumTier: 'max' },
]

const stored = async () => (await fakeBrowser().storage.local.get('account')).account

describe('recordAccount: the tier is decided here, from the page’s plan facts', () => {
  it('the active org’s tier and the catalogue models it can use; nothing else of the facts is kept', async () => {
    const team = { capabilities: ['chat', 'raven'], raven_type: 'team', seat_tier: 'team_standard' }
    await recordAccount(plan({ orgs: [{ capabilities: ['chat'] }, team], active: 1, catalog: CATALOG }), NOW)
    expect(await stored()).toEqual({
      tier: 'team',
      availableModels: [
        { family: 'sonnet', version: '4.5' },
        { family: 'opus', version: '4.8' },
      ],
      at: NOW,
    })
  })

  it('without a catalogue (a reload, before bootstrap) the models stored before are kept', async () => {
    await recordAccount(plan({ catalog: CATALOG }), NOW)
    await recordAccount(plan({ orgs: [{ capabilities: ['chat', 'claude_max'] }], cached: true }), NOW + 1)
    expect(await stored()).toEqual({
      tier: 'max',
      availableModels: [
        { family: 'sonnet', version: '4.5' },
        { family: 'opus', version: '4.8' },
      ],
      at: NOW + 1,
    })
  })
})

describe('reportAccount (the message a claude.ai tab sends)', () => {
  const call = (args: unknown[], sender = CLAUDE_TAB) =>
    dispatch({ channel: MESSAGE_CHANNEL, method: 'reportAccount', args }, sender)

  it('stores the tier decided from the plan facts', async () => {
    await expect(call([plan()])).resolves.toBe(true)
    expect(await stored()).toMatchObject({ tier: 'pro' })
  })

  it('refuses plan facts with anything beyond the whitelist, an old-style tier, or another sender', async () => {
    await expect(call([{ ...plan(), org: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65' }])).rejects.toThrow(
      /invalid/,
    )
    await expect(call([plan({ orgs: [{ uuid: 'x' } as never] })])).rejects.toThrow(/invalid/)
    await expect(call([{ tier: 'pro' }])).rejects.toThrow(/invalid/)
    const popup = { id: 'fake-extension-id', url: 'chrome-extension://fake-extension-id/popup.html' }
    await expect(call([plan()], popup as Runtime.MessageSender)).rejects.toThrow(/not allowed/)
    expect(await stored()).toBeUndefined()
  })
})
