// Accessibility: axe-core, run inside real Chromium, on the banner (in its shadow root, light and
// dark) and on the popup in a busy state. No violations allowed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, type Harness, launchHarness } from './harness.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let h: Harness

interface AxeViolation {
  id: string
  help: string
  nodes: { target: unknown }[]
}

async function axe(page: Page, include?: string): Promise<AxeViolation[]> {
  // Extension pages forbid inline/eval'd scripts by CSP; Playwright's evaluate is not subject to it.
  await page.evaluate(axeSource)
  return page.evaluate(async (selector) => {
    const a = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const context = selector ? { include: [[selector]] } : document
    const result = await a.run(context, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
  }, include ?? null)
}

beforeAll(async () => {
  h = await launchHarness()
  await eventually(async () => (await h.badge()).title.includes('Claude is up'))
  h.sim.status.setScenario('incident', { fresh: true })
  await h.pollNow()
})

afterAll(async () => {
  await h?.close()
})

describe('axe-core reports no violations', () => {
  it('(the check itself can fail: a planted violation is found)', async () => {
    const popup = await h.openPopup()
    await popup.getByTestId('headline').waitFor()
    await popup.evaluate(() =>
      document.body.append(Object.assign(document.createElement('img'), { src: 'x.png' })),
    )
    const violations = await axe(popup)
    expect(violations.map((v) => v.id)).toContain('image-alt')
    await popup.close()
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`the banner (${theme} theme)`, async () => {
      const page = await h.openClaude(`/?theme=${theme}`)
      await page.waitForFunction(() => (window as unknown as { simApp?: { ready?: unknown } }).simApp?.ready)
      h.sim.claude.queueCompletionModes(['error-500', 'error-500'])
      await page.evaluate(async () => {
        const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
        await app.send()
        await app.send()
      })
      await page.locator('#is-claude-down-root [data-testid="banner"]').waitFor()
      // It follows claude.ai's theme.
      expect(
        await page.locator('#is-claude-down-root [data-testid="banner"]').getAttribute('class'),
      ).toContain(`theme-${theme}`)
      const violations = await axe(page, '#is-claude-down-root')
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
      // Folded to its headline, too.
      await page.locator('#is-claude-down-root [data-testid="banner-toggle"]').click()
      await page.locator('#is-claude-down-root [aria-expanded="false"]').waitFor()
      const folded = await axe(page, '#is-claude-down-root')
      expect(folded, JSON.stringify(folded, null, 2)).toEqual([])
      // Keyboard: the banner's controls are reachable and Escape dismisses.
      await page.locator('#is-claude-down-root [data-testid="banner-snooze"]').focus()
      await page.keyboard.press('Escape')
      await page.locator('#is-claude-down-root [data-testid="banner"]').waitFor({ state: 'detached' })
      await h.sw(() => chrome.storage.local.remove(['bannerPrefs']))
      await page.close()
    })
  }

  it('the popup with an incident and recent errors', async () => {
    const popup = await h.openPopup()
    await popup.getByTestId('incident-title').first().waitFor()
    const violations = await axe(popup)
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
    await popup.close()
  })

  it('the popup when the status page is unreachable', async () => {
    h.sim.status.setScenario('http-503')
    await h.pollNow()
    const popup = await h.openPopup()
    await popup.getByTestId('source-health').waitFor()
    const violations = await axe(popup)
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
    await popup.close()
  })

  it('the options page', async () => {
    const page = await h.context.newPage()
    await page.goto(`chrome-extension://${h.extensionId}/src/options/index.html`)
    await page.getByTestId('notifications-toggle').waitFor()
    const violations = await axe(page)
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
    await page.close()
  })
})
