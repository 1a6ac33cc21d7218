// Issue 3, in the browser: the production build against the simulated claude.ai. Each case reads
// the public test hooks on #is-claude-down-root (README, architecture.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CompletionModeName } from '../../sim/server.ts'
import {
  DIST,
  eventually,
  type Harness,
  type HostHooks,
  hostHooks,
  launchHarness,
  openApp,
  sendCompletions,
} from './harness.ts'

let h: Harness
let page: Page

async function until(
  pred: (s: HostHooks) => boolean,
  p: Page = page,
  timeoutMs = 15_000,
): Promise<HostHooks> {
  return eventually(async () => {
    const s = await hostHooks(p)
    return pred(s) ? s : null
  }, timeoutMs)
}

const send = (modes: CompletionModeName[], p: Page = page) => sendCompletions(h.sim, p, modes)

beforeAll(async () => {
  h = await launchHarness()
  await eventually(async () => (await h.badge()).title.includes('Claude is up'))
})

afterAll(async () => {
  await h?.close()
})

beforeEach(async () => {
  h.sim.status.setScenario('operational')
  h.sim.claude.setCompletionMode('ok')
  h.sim.claude.clearQueue()
  h.sim.claude.setTier('pro')
  await h.pollNow()
  // A clean slate: no observations or dismissals from earlier cases.
  await h.sw(() => chrome.storage.local.remove(['observations', 'bannerPrefs']))
  await page?.close().catch(() => {})
  page = await openApp(h.context)
})

describe('a failing claude.ai, green status page', () => {
  it('one 500 is a blip: recorded, no alarm', async () => {
    await send(['error-500'])
    const s = await until((x) => x.level !== undefined)
    expect(s.level).toBe('ok')
    expect(s.inShadow).toBe(false)
    // It is recorded: the popup lists it under "your recent errors".
    const popup = await h.openPopup()
    await expect.poll(() => popup.getByTestId('recent-errors').locator('li').count()).toBe(1)
    expect(await popup.getByTestId('recent-errors').textContent()).toMatch(/server error/i)
    await popup.close()
  })

  it.each([
    ['500 JSON', 'error-500'],
    ['529 overloaded', 'overloaded-529'],
    ['200 + SSE error event', 'sse-error'],
    ['gateway 502 plain text', 'gateway-502'],
  ] as const)('%s, twice → "not yet acknowledged" (local)', async (_name, mode) => {
    await send([mode, mode])
    const s = await until((x) => x.attribution === 'local')
    expect(s.level).toBe('degraded')
    expect(s.models).toBe('sonnet')
    expect(s.role).toBe('status')
    expect(s.inShadow).toBe(true)
    expect(s.inLightDom).toBe(false)
  })

  it('the banner never covers the message box, even in a small window', async () => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 700, height: 520 },
      { width: 420, height: 700 },
    ]) {
      await page.setViewportSize(size)
      await send(['error-500', 'error-500'])
      await until((x) => x.inShadow)
      const banner = await page.locator('#is-claude-down-root [data-testid="banner"]').boundingBox()
      const box = await page.locator('textarea[data-testid="chat-input"]').boundingBox()
      expect(banner && box).toBeTruthy()
      const overlaps =
        banner!.x < box!.x + box!.width &&
        box!.x < banner!.x + banner!.width &&
        banner!.y < box!.y + box!.height &&
        box!.y < banner!.y + banner!.height
      expect(overlaps, JSON.stringify({ size, banner, box })).toBe(false)
      await send(['ok'])
    }
  })

  it('stalled streams (no bytes after the start) → local, within the stall threshold', async () => {
    await page.close()
    page = await openApp(h.context, '/?stallMs=1500&firstByteMs=3000')
    h.sim.claude.queueCompletionModes(['stall', 'stall'])
    await page.evaluate(() => {
      const app = (window as unknown as { simApp: { send: () => Promise<unknown>; stop: () => void } }).simApp
      void app.send()
    })
    await eventually(() => h.sim.claude.stats.completions >= 1)
    await page.waitForTimeout(2500)
    await page.evaluate(() => {
      const app = (window as unknown as { simApp: { send: () => Promise<unknown>; stop: () => void } }).simApp
      app.stop()
      void app.send()
    })
    const s = await until((x) => x.attribution === 'local', page, 10_000)
    expect(s.level).toBe('degraded')
  })
})

describe('not an outage', () => {
  it('429 usage limit → limited, attribution usage-limit, with the reset time', async () => {
    await send(['usage-limit-429'])
    const s = await until((x) => x.level === 'limited')
    expect(s.attribution).toBe('usage-limit')
    const text = await page.locator('#is-claude-down-root [data-testid="banner"]').textContent()
    expect(text).toMatch(/usage limit/i)
    expect(text).toMatch(/resets at/i)
    // The badge never speaks of the user's own limit.
    expect((await h.badge()).text).toBe('')
  })

  it('offline → your connection, not Claude', async () => {
    await h.context.setOffline(true)
    try {
      await page.evaluate(() => {
        const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
        return app.send().catch(() => null)
      })
      const s = await until((x) => x.level === 'offline')
      expect(s.attribution).toBe('network')
      expect((await h.badge()).text).toBe('')
    } finally {
      await h.context.setOffline(false)
    }
  })
})

describe('official incident', () => {
  it('incident on claude.ai + the user failing → official; clears when resolved', async () => {
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    await send(['error-500', 'error-500'])
    const s = await until((x) => x.attribution === 'official')
    expect(s.level).toBe('outage')
    expect(s.role).toBe('alert')
    expect(s.components?.split(',')).toContain('rwppv331jlwc')
    h.sim.status.setScenario('resolved')
    await h.pollNow()
    await send(['ok'])
    const after = await until((x) => x.level === 'ok')
    expect(after.inShadow).toBe(false)
  })

  it('dismiss hides it for this incident; it comes back for a new one', async () => {
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    await until((x) => x.attribution === 'official' && x.inShadow)
    await page.locator('#is-claude-down-root [data-testid="banner-dismiss"]').click()
    await until((x) => !x.inShadow)
    await page.reload()
    await page.waitForFunction(() => (window as unknown as { simApp?: { ready?: unknown } }).simApp?.ready)
    expect((await until((x) => x.level !== undefined)).inShadow).toBe(false)
    h.sim.status.setScenario('incident-free-users', { fresh: true })
    await h.pollNow()
    await until((x) => x.inShadow && x.tiers === 'free')
  })

  it('"Less" folds the banner to its headline and actions, "More" unfolds it; a new problem comes unfolded', async () => {
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    await until((x) => x.attribution === 'official' && x.inShadow)
    const banner = page.locator('#is-claude-down-root [data-testid="banner"]')
    const toggle = banner.locator('[data-testid="banner-toggle"]')
    const chips = banner.locator('.chip').first()
    await expect.poll(() => chips.isVisible()).toBe(true)
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await toggle.click()
    await expect.poll(() => chips.isVisible()).toBe(false)
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    // Folded, not gone: the headline and the actions stay, and so do the test hooks.
    expect(await banner.locator('.headline').isVisible()).toBe(true)
    expect(await banner.locator('[data-testid="banner-dismiss"]').isVisible()).toBe(true)
    expect((await hostHooks(page)).attribution).toBe('official')
    // Keyboard: the toggle is a button, Enter unfolds.
    await toggle.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => chips.isVisible()).toBe(true)
    await toggle.click()
    await expect.poll(() => chips.isVisible()).toBe(false)
    h.sim.status.setScenario('incident-free-users', { fresh: true })
    await h.pollNow()
    await until((x) => x.inShadow && x.tiers === 'free')
    await expect.poll(() => banner.locator('.chip').first().isVisible()).toBe(true)
  })

  it('dismissing "likely unaffected" does not hide the banner once the user’s own requests fail', async () => {
    const dismiss = async () => {
      await page.locator('#is-claude-down-root [data-testid="banner-dismiss"]').click()
      await until((x) => !x.inShadow)
    }
    h.sim.status.setScenario('incident-free-users', { fresh: true })
    await h.pollNow()
    await send(['ok'])
    const notice = await until((x) => x.inShadow && x.tiers === 'free')
    expect(notice.headline).toMatch(/likely unaffected/)
    await dismiss()
    await send(['error-500', 'error-500'])
    const affected = await until((x) => x.inShadow)
    expect(affected.attribution).toBe('official')
    expect(affected.headline).not.toMatch(/likely unaffected/)
    expect(affected.text).toMatch(/Your last 2 requests failed too/)
    // Dismissing this one too, then a success: back to "likely unaffected", which stays dismissed.
    await dismiss()
    await send(['ok'])
    await eventually(async () => {
      // The isolated script saw the success before the worker stored it.
      const { observations } = await h.sw(() => chrome.storage.local.get('observations'))
      const kinds = (observations as { kind: string }[]).map((o) => o.kind)
      return kinds.filter((k) => k === 'success').length >= 2 && kinds.at(-1) === 'success'
    })
    const after = await hostHooks(page)
    expect(after.inShadow).toBe(false)
    expect(after.attribution).toBe('official')
  })
})

describe('snooze', () => {
  it('"Hide for 1 h" hides the banner, keeps the hooks, and holds for a new problem too', async () => {
    await send(['error-500', 'error-500'])
    await until((x) => x.inShadow)
    await page.locator('#is-claude-down-root [data-testid="banner-snooze"]').click()
    const s = await until((x) => !x.inShadow)
    expect(s.attribution).toBe('local')
    expect(await page.evaluate(() => document.getElementById('is-claude-down-root')?.dataset.hidden)).toBe(
      'true',
    )
    h.sim.status.setScenario('incident', { fresh: true })
    await h.pollNow()
    const later = await until((x) => x.attribution === 'official')
    expect(later.inShadow).toBe(false)
  })
})

describe('the page is not changed', () => {
  it('bodies reach the page byte-identical to what the server sent', async () => {
    for (const mode of ['ok', 'sse-error', 'error-500', 'usage-limit-429'] as const) {
      await send([mode])
      const got = await page.evaluate(
        () => (window as unknown as { simApp: { lastDigest: string } }).simApp.lastDigest,
      )
      expect(got, mode).toBe(h.sim.claude.stats.lastSentDigest)
    }
  })

  it('requests fired synchronously in <head> are observed (document_start hook)', async () => {
    h.sim.claude.setCompletionMode('error-500')
    const early = await h.openClaude('/early')
    await until((x) => x.level !== undefined, early)
    // The page script left the completion's raw facts on the breadcrumb (v2: it classifies nothing)…
    const seen = await early.evaluate(() => document.documentElement.dataset.isClaudeDownObs ?? '[]')
    const facts = (
      JSON.parse(seen) as { type: string; fact?: { fact: string; endpoint: string; status: number } }[]
    ).flatMap((m) => (m.type === 'fact' && m.fact ? [m.fact] : []))
    expect(facts).toContainEqual(
      expect.objectContaining({ fact: 'response', endpoint: 'completion', status: 500 }),
    )
    // …and the isolated script made a server_error of them, which reached the background's log.
    await eventually(async () => {
      const { observations } = await h.sw(() => chrome.storage.local.get('observations'))
      return JSON.stringify(observations ?? []).includes('"kind":"server_error"') || null
    })
    await early.close()
  })
})

describe('the content scripts as built', () => {
  const built = (file: string) => readFileSync(join(DIST, 'src/content', file), 'utf8')
  // The polyfill's own guard message marks it in a bundle. Both content scripts use the browser's
  // own namespace (platform/content-browser.ts); every case above shows that it works in Chromium,
  // and firefox.e2e.test.ts in Firefox.
  const POLYFILL = 'This script should only be loaded in a browser extension'

  it('carry no webextension-polyfill', () => {
    expect(built('isolated.js')).not.toContain(POLYFILL)
    expect(built('main-world.js')).not.toContain(POLYFILL)
  })

  it('the manifest asks for a Chrome with MAIN-world content scripts', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'))
    expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(111)
    expect(manifest.content_scripts.some((s: { world?: string }) => s.world === 'MAIN')).toBe(true)
  })
})
