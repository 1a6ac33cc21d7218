// Issue 2, in the browser: badge, popup and notifications follow status.claude.com (simulated)
// from operational → incident → resolved; failures show "unknown" with the last known state; 304s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, type Harness, launchHarness } from './harness.ts'

let h: Harness

beforeAll(async () => {
  h = await launchHarness()
  // The install poll runs on its own; wait for its result.
  await eventually(async () => (await h.badge()).title.includes('Claude is up'))
})

afterAll(async () => {
  await h?.close()
})

async function notifications(): Promise<Record<string, unknown>> {
  return h.sw(() => new Promise<Record<string, unknown>>((r) => chrome.notifications.getAll((n) => r(n))))
}

describe('status lifecycle', () => {
  it('operational: no badge text, title in words, popup says Claude is up', async () => {
    const badge = await h.badge()
    expect(badge.text).toBe('')
    expect(badge.title).toMatch(/Claude is up/)
    const popup = await h.openPopup()
    await expect.poll(() => popup.getByTestId('headline').textContent()).toBe('Claude is up')
    const rows = popup.locator('[data-testid="components"] li')
    expect(await rows.count()).toBe(6)
    expect(await popup.getByTestId('checked-ago').textContent()).toMatch(/Checked \d+ s ago/)
    await popup.close()
  })

  it('incident: badge, popup and one notification follow', async () => {
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    const badge = await eventually(async () => {
      const b = await h.badge()
      return b.text !== '' ? b : null
    })
    expect(['!', '!!']).toContain(badge.text)
    expect(badge.title).toMatch(/claude\.ai/)
    const popup = await h.openPopup()
    await expect.poll(() => popup.getByTestId('headline').textContent()).toBe('Claude is having problems')
    const title = await popup.getByTestId('incident-title').first().textContent()
    expect(title).toMatch(/Elevated errors/)
    expect(await popup.getByTestId('incident-link').first().getAttribute('href')).toMatch(/^https:\/\//)
    expect(await popup.getByTestId('incident-open-for').first().textContent()).toMatch(/open for/)
    const down = await eventually(async () => {
      const all = await notifications()
      return Object.keys(all).find((id) => id.includes(':down:')) ?? null
    })
    expect(down).toContain('rwppv331jlwc')
    // Polling again with the same state notifies nothing new.
    await h.pollNow()
    const after = Object.keys(await notifications()).filter((id) => id.includes(':down:'))
    expect(after.filter((id) => id.includes('rwppv331jlwc'))).toHaveLength(1)
    await popup.close()
  })

  it('resolved: badge clears and a recovery notification is sent', async () => {
    h.sim.status.setScenario('resolved')
    await h.pollNow()
    await eventually(async () => (await h.badge()).text === '')
    const up = await eventually(
      async () => Object.keys(await notifications()).find((id) => id.includes(':up:')) ?? null,
    )
    expect(up).toContain('rwppv331jlwc')
    const popup = await h.openPopup()
    await expect.poll(() => popup.getByTestId('headline').textContent()).toBe('Claude is up')
    await popup.close()
  })

  it('uses a 304 when nothing changed', async () => {
    h.sim.status.setScenario('operational')
    await h.pollNow()
    h.sim.status.resetStats()
    await h.pollNow()
    expect(h.sim.status.stats.status304).toBeGreaterThanOrEqual(1)
    const last = h.sim.status.stats.log.filter((r) => r.path === '/api/v2/summary.json').at(-1)
    expect(last?.status).toBe(304)
  })
})

describe('hostile text', () => {
  it('markup in an incident title is shown as text, never run or rendered', async () => {
    h.sim.status.setScenario('hostile', { fresh: true })
    await h.pollNow()
    const popup = await h.openPopup()
    const title = popup.getByTestId('incident-title').first()
    await expect.poll(() => title.textContent()).toMatch(/<img src=x onerror=alert\(1\)>/)
    expect(await popup.locator('.incidents img, .incidents script').count()).toBe(0)
    await popup.close()
  })
})

describe('unreadable status page: unknown, with the last known state — never "operational"', () => {
  for (const scenario of ['http-503', 'invalid-json', 'hang'] as const) {
    it(scenario, async () => {
      h.sim.status.setScenario('incident')
      await h.pollNow()
      h.sim.status.setScenario(scenario)
      const popup = await h.openPopup()
      await popup.getByTestId('refresh').click()
      await expect
        .poll(() => popup.getByTestId('headline').textContent(), { timeout: 20_000 })
        .toBe('Status unknown')
      const health = popup.getByTestId('source-health')
      expect(await health.getAttribute('data-state')).toBe(
        scenario === 'invalid-json' ? 'invalid' : 'unreachable',
      )
      expect(await health.textContent()).toMatch(
        scenario === 'hang' ? /no answer within 10 s/ : scenario === 'http-503' ? /503/ : /malformed JSON/,
      )
      // The last known state is still there, labelled with its age.
      expect(await popup.getByTestId('stale-note').textContent()).toMatch(/Last known state, \d+ (s|min) old/)
      expect(await popup.getByTestId('incident-title').first().textContent()).toMatch(/Elevated errors/)
      expect(await popup.locator('body').textContent()).not.toMatch(
        /Claude is up|All watched services are operational/,
      )
      const badge = await h.badge()
      expect(badge.text).toBe('?')
      await popup.close()
    }, 40_000)
  }
})
