// Issue 4, in the browser: an open incident's extracted models and tiers reach the popup and the
// banner's data-models / data-tiers.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, type Harness, hostHooks, launchHarness, openApp, sendCompletions } from './harness.ts'

let h: Harness

const host = hostHooks
const app = () => openApp(h.context)
const send = (page: Page, n: number) =>
  sendCompletions(
    h.sim,
    page,
    Array.from({ length: n }, () => 'ok' as const),
  )
const fail = (page: Page, n: number) =>
  sendCompletions(
    h.sim,
    page,
    Array.from({ length: n }, () => 'error-500' as const),
  )

async function openDetail(): Promise<Page> {
  const popup = await h.openPopup()
  await popup.getByRole('button', { name: 'Details' }).first().click()
  await popup.getByTestId('incident-detail').waitFor()
  return popup
}

beforeAll(async () => {
  h = await launchHarness()
  await eventually(async () => (await h.badge()).title.includes('Claude is up'))
})

afterAll(async () => {
  await h?.close()
})

describe('scope from incident text', () => {
  it('one model named as fine, another failing, the user failing on the second', async () => {
    h.sim.claude.setTier('pro')
    h.sim.status.setScenario('incident-model-split', { fresh: true })
    await h.pollNow()
    const page = await app()
    await fail(page, 2)
    const s = await eventually(async () => {
      const x = await host(page)
      return x.attribution === 'official' && x.models ? x : null
    })
    // Sonnet is affected; Opus is named only as not affected.
    expect(s.models).toBe('sonnet')
    expect(s.userModel).toBe('sonnet')
    expect(s.yours.join(' ')).toMatch(/Sonnet/)
    // The scenario's incident is minor impact with claude.ai degraded: a problem, not a full outage.
    expect(s.level).toBe('degraded')
    // The advice never suggests the model in scope.
    expect(s.text).not.toMatch(/Switch to Sonnet/)
    const popup = await openDetail()
    const scope = popup.getByTestId('incident-scope')
    expect(await scope.getAttribute('data-models')).toBe('sonnet')
    expect(await scope.textContent()).toMatch(/Sonnet 4\.5/)
    expect(await scope.textContent()).not.toMatch(/Opus/)
    expect(await popup.getByTestId('incident-timeline').textContent()).toMatch(/Opus 4\.6 is not affected/)
    expect(await popup.getByTestId('incident-elapsed').textContent()).toMatch(/Open for/)
    await popup.close()
    await page.close()
  })

  it('advice suggests only a model the user’s plan has (Free: Haiku, not Opus)', async () => {
    h.sim.claude.setTier('free')
    h.sim.status.setScenario('incident-model-split', { fresh: true })
    await h.pollNow()
    await h.sw(() => chrome.storage.local.remove(['observations', 'account']))
    const page = await app()
    await fail(page, 2)
    const s = await eventually(async () => {
      const x = await host(page)
      return x.attribution === 'official' && x.userTier === 'free' && /Switch to/.test(x.text) ? x : null
    })
    expect(s.text).toMatch(/Switch to Haiku 4\.5/)
    expect(s.text).not.toMatch(/Switch to (Opus|Sonnet)/)
    await page.close()
    h.sim.claude.setTier('pro')
    const pro = await app()
    await fail(pro, 2)
    const p = await eventually(async () => {
      const x = await host(pro)
      return x.userTier === 'pro' && /Switch to/.test(x.text) ? x : null
    })
    expect(p.text).toMatch(/Switch to Opus 4\.6/)
    await pro.close()
  })

  it('an incident for free users, seen by a Pro user', async () => {
    h.sim.claude.setTier('pro')
    h.sim.status.setScenario('incident-free-users', { fresh: true })
    await h.pollNow()
    const page = await app()
    await send(page, 1)
    const s = await eventually(async () => {
      const x = await host(page)
      return x.attribution === 'official' && x.userTier === 'pro' ? x : null
    })
    expect(s.tiers).toBe('free')
    expect(s.level).toBe('degraded')
    expect(s.text).toMatch(/for Free users — you're on Pro and likely unaffected/)
    const popup = await openDetail()
    expect(await popup.getByTestId('incident-scope').getAttribute('data-tiers')).toBe('free')
    expect(await popup.getByTestId('incident-advice').textContent()).toMatch(
      /You're on Pro; the incident names Free users only/,
    )
    await popup.close()
    await page.close()
  })

  it('incident detail shows a hedged duration estimate and can notify once when resolved', async () => {
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    const popup = await openDetail()
    expect(await popup.getByTestId('incident-estimate').textContent()).toMatch(
      /Similar incidents|Of similar incidents/,
    )
    await popup.getByTestId('notify-when-resolved').click()
    await popup.getByText("You'll get one notification when it is resolved.").waitFor()
    await popup.close()
    h.sim.status.setScenario('resolved')
    await h.pollNow()
    const ids = await eventually(async () => {
      const all = await h.sw(
        () => new Promise<Record<string, unknown>>((r) => chrome.notifications.getAll((n) => r(n))),
      )
      const found = Object.keys(all).filter((id) => id.startsWith('resolved:'))
      return found.length ? found : null
    })
    expect(ids).toHaveLength(1)
    const watch = await h.sw(() => chrome.storage.local.get('resolveWatch'))
    expect(watch.resolveWatch).toEqual([])
  })

  it('the history view draws 90 bars per watched service and names a day’s incidents on focus', async () => {
    const popup = await h.openPopup()
    await popup.getByTestId('tab-history').click()
    const rows = popup.locator('.history-row')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.first().locator('.bar').count()).toBe(90)
    const marked = rows.first().locator('.bar:not(.status-operational):not(.status-no-data)')
    expect(await marked.count()).toBeGreaterThan(0)
    await marked.last().focus()
    await expect.poll(() => rows.first().getByTestId('history-detail').textContent()).toMatch(/incident/)
    await popup.close()
  })
})
