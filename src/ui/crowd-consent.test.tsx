// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Report } from '../shared/crowd/report.ts'
import { CrowdConsent } from './crowd-consent.tsx'

// A report with the optional fields left empty, as the preview shows them before the tier is known.
const report: Report = {
  v: 1,
  kind: 'overloaded',
  surface: 'claude.ai',
  client: '0.3.0',
  reporter: 'b'.repeat(43),
  status: 529,
  model: null,
  tier: null,
  region: null,
}

let root: HTMLElement
afterEach(() => {
  render(null, root)
  root.remove()
})

async function mount(loadPreview: () => Promise<Report>): Promise<HTMLElement> {
  root = document.createElement('div')
  document.body.append(root)
  await act(async () => {
    render(<CrowdConsent loadPreview={loadPreview} />, root)
  })
  // Let the preview promise settle and the component re-render.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0))
  })
  return root.querySelector('[data-testid="crowd-preview"]') as HTMLElement
}

describe('CrowdConsent preview', () => {
  it('shows the exact payload once the background answers', async () => {
    const pre = await mount(() => Promise.resolve(report))
    expect(JSON.parse(pre.textContent ?? '')).toEqual(report)
    expect(pre.getAttribute('aria-busy')).toBe('false')
  })

  it('says the preview failed instead of an ellipsis that never ends', async () => {
    const pre = await mount(() => Promise.reject(new Error('no background')))
    expect(pre.textContent).toMatch(/could not be loaded/)
    expect(pre.textContent).toMatch(/nothing is sent/)
  })

  it('shows it is loading while the answer is pending', async () => {
    const pre = await mount(() => new Promise<Report>(() => {}))
    expect(pre.textContent).toBe('…')
    expect(pre.getAttribute('aria-busy')).toBe('true')
  })
})
