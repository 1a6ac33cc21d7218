// @vitest-environment happy-dom
// The options page against the in-memory browser: the crowd checkbox shows the real state.
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeBrowser } from '../../test/unit/setup.ts'
import { browserOptionsConnector } from './connector.ts'
import { OptionsApp } from './options-app.tsx'

let root: HTMLElement
afterEach(() => {
  render(null, root)
  root.remove()
})

const settle = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
  })

async function mount(): Promise<HTMLInputElement> {
  // The background's side of the page's two reads; the rest is the real connector.
  fakeBrowser().runtime.onMessage.addListener((message) => {
    const { method } = message as { method: string }
    if (method === 'crowdStatus') return Promise.resolve({ error: null, fetchedAt: null })
    if (method === 'previewCrowdReport') return Promise.reject(new Error('not needed here'))
    return undefined
  })
  root = document.createElement('div')
  document.body.append(root)
  await act(async () => {
    render(<OptionsApp connector={browserOptionsConnector} />, root)
  })
  await settle()
  return root.querySelector('[data-testid="crowd-toggle"]') as HTMLInputElement
}

const crowdSetting = async () =>
  ((await fakeBrowser().storage.sync.get('settings')).settings as { crowd?: { enabled: boolean } })?.crowd
    ?.enabled ?? false

describe('the crowd checkbox', () => {
  it('Firefox, consent declined: the box is not left ticked, and nothing is turned on', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    b.permissions.promptAnswer = false
    const box = await mount()
    expect(box.checked).toBe(false)
    box.click()
    expect(b.permissions.requests).toEqual([{ data_collection: ['technicalAndInteraction'] }])
    await settle()
    expect(box.checked).toBe(false)
    expect(await crowdSetting()).toBe(false)
  })

  it('Firefox, consent given: ticked and on', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    const box = await mount()
    box.click()
    await settle()
    expect(box.checked).toBe(true)
    expect(await crowdSetting()).toBe(true)
  })

  it('Chrome (no such permission): ticked and on, as before; unticking turns it off', async () => {
    const box = await mount()
    box.click()
    await settle()
    expect(box.checked).toBe(true)
    expect(await crowdSetting()).toBe(true)
    box.click()
    await settle()
    expect(box.checked).toBe(false)
    expect(await crowdSetting()).toBe(false)
  })

  it('a setting that is on without Firefox’s consent shows as off', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    await b.storage.sync.set({ settings: { crowd: { enabled: true } } })
    expect((await mount()).checked).toBe(false)
  })

  it('without consent here, changing another option keeps the stored (synced) crowd setting', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set()
    await b.storage.sync.set({ settings: { crowd: { enabled: true } } })
    const box = await mount()
    expect(box.checked).toBe(false)
    await act(async () => {
      root.querySelector<HTMLInputElement>('[data-testid="notifications-toggle"]')!.click()
    })
    await settle()
    // Saved whole, but crowd stays as it was stored: the user's other Firefox, which consented,
    // must not be switched off through sync by a change made here.
    expect(await crowdSetting()).toBe(true)
    expect(box.checked).toBe(false)
  })

  it('the consent taken back in about:addons (the background turns the setting off) unticks it', async () => {
    const b = fakeBrowser()
    b.permissions.dataCollection = new Set(['technicalAndInteraction'])
    await b.storage.sync.set({ settings: { crowd: { enabled: true } } })
    const box = await mount()
    expect(box.checked).toBe(true)
    await b.storage.sync.set({ settings: { crowd: { enabled: false } } })
    await settle()
    expect(box.checked).toBe(false)
  })
})

describe('the options connector’s consent request', () => {
  it('a Firefox rejection (e.g. no user gesture) is not a yes; Chrome’s unknown-key rejection is', async () => {
    const b = fakeBrowser()
    expect(await browserOptionsConnector.requestCrowdConsent()).toBe(true)
    b.permissions.dataCollection = new Set()
    b.permissions.userGesture = false
    expect(await browserOptionsConnector.requestCrowdConsent()).toBe(false)
  })
})
