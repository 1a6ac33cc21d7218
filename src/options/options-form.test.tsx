// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.ts'
import type { OptionsConnector } from './connector.ts'
import { OptionsApp } from './options-app.tsx'

let root: HTMLElement
afterEach(() => {
  render(null, root)
  root.remove()
})

const components = [
  { id: 'rwppv331jlwc', name: 'claude.ai' },
  { id: 'k8w3r06qmzrp', name: 'Claude API' },
]

async function mount(initial: Settings): Promise<{ saved: Settings[] }> {
  const saved: Settings[] = []
  const connector: OptionsConnector = {
    loadSettings: async () => initial,
    saveSettings: async (s) => {
      saved.push(s)
    },
    loadComponents: async () => components,
    subscribe: () => () => {},
    previewCrowdReport: () => new Promise(() => {}),
    requestCrowdConsent: async () => true,
    crowdConsentGranted: async () => true,
    crowdStatus: async () => ({ error: null, fetchedAt: null }),
  }
  root = document.createElement('div')
  document.body.append(root)
  await act(async () => {
    render(<OptionsApp connector={connector} />, root)
  })
  return { saved }
}

const box = (id: string) => root.querySelector<HTMLInputElement>(`input[data-component-id="${id}"]`)!

describe('options: watched services', () => {
  it('the last watched service cannot be unticked, and the page says why', async () => {
    const { saved } = await mount({
      ...DEFAULT_SETTINGS,
      watchedComponents: ['rwppv331jlwc', 'k8w3r06qmzrp'],
    })
    expect(box('rwppv331jlwc').disabled).toBe(false)
    expect(root.querySelector('[data-testid="watch-last-hint"]')).toBeNull()
    await act(async () => {
      box('k8w3r06qmzrp').checked = false
      box('k8w3r06qmzrp').dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(saved.at(-1)?.watchedComponents).toEqual(['rwppv331jlwc'])
    expect(box('rwppv331jlwc').checked).toBe(true)
    expect(box('rwppv331jlwc').disabled).toBe(true)
    expect(box('rwppv331jlwc').getAttribute('aria-describedby')).toBe('watch-last-hint')
    expect(root.querySelector('[data-testid="watch-last-hint"]')?.textContent).toBeTruthy()
    // An unwatched one can still be ticked again.
    expect(box('k8w3r06qmzrp').disabled).toBe(false)
  })
})

describe('options: the crowd server address', () => {
  const input = () => root.querySelector<HTMLInputElement>('[data-testid="crowd-server"]')!
  const errorText = () => root.querySelector('[data-testid="crowd-server-error"]')?.textContent ?? ''
  const saveState = () => root.querySelector('[data-testid="save-state"]')?.textContent ?? ''

  async function type(value: string) {
    await act(async () => {
      input().value = value
      input().dispatchEvent(new Event('input', { bubbles: true }))
    })
  }

  it('a refused address says why, clears an earlier "Saved.", and the message goes once the user edits', async () => {
    await mount({ ...DEFAULT_SETTINGS })
    // An earlier change was saved…
    await act(async () => {
      root.querySelector<HTMLInputElement>('[data-testid="notifications-toggle"]')!.click()
    })
    expect(saveState()).not.toBe('')
    // …then an address that is refused.
    await type('http://crowd.example.org')
    await act(async () => {
      root.querySelector<HTMLButtonElement>('[data-testid="crowd-server-save"]')!.click()
    })
    expect(errorText()).not.toBe('')
    expect(saveState()).toBe('')
    await type('https://crowd.example.org')
    expect(errorText()).toBe('')
  })

  it('the browser’s own URL check is off, so only our specific message shows', async () => {
    await mount({ ...DEFAULT_SETTINGS })
    expect(root.querySelector('form.server-row')?.hasAttribute('novalidate')).toBe(true)
  })
})
