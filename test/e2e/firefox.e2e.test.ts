// The product in Firefox: the production Firefox build (MV3, event-page background, MAIN-world
// content script) installed into Debian's firefox-esr, against the same simulator as the Chromium
// tier. Chromium covers every case; this file checks that the parts that differ between the two
// browsers — background lifecycle and fetch, host permissions, the MAIN-world hook, the shadow-DOM
// banner, storage and messaging through `browser.*` — work end to end in Firefox as well.
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../sim/claude/orgs.ts'
import { type Simulator, startSimulator } from '../../sim/server.ts'
import { evaluating, type FirefoxHarness, launchFirefoxHarness } from './firefox-harness.ts'
import { eventually, type HostHooks, hostHooks, sendCompletions } from './harness.ts'

let sim: Simulator
let ff: FirefoxHarness
let page: Page

const until = (pred: (s: HostHooks) => boolean): Promise<HostHooks> =>
  eventually(async () => {
    const s = await hostHooks(evaluating(page))
    return pred(s) ? s : null
  }, 20_000)

beforeAll(async () => {
  // The incident is on the status page before Firefox starts: the add-on's first poll, at start-up,
  // has to find it (an extension page cannot be driven in Firefox to ask for a poll, toolchain.md §7).
  sim = await startSimulator({ statusScenario: 'operational' })
  sim.status.setScenario('incident', { fresh: true })
  ff = await launchFirefoxHarness(sim)
})

afterAll(async () => {
  await ff?.close()
  await sim?.close()
})

describe('Firefox', () => {
  it('the background polls status.claude.com on its own', async () => {
    await eventually(() => (sim.stats.byHost['status.claude.com'] ?? 0) > 0, 20_000)
  })

  it('incident on claude.ai + the user failing → the banner says official, with scope, model and tier', async () => {
    page = await ff.openApp()
    await sendCompletions(sim, evaluating(page), ['error-500', 'error-500'])
    const s = await until((x) => x.attribution === 'official')
    expect(s.level).toBe('outage')
    expect(s.role).toBe('alert')
    expect(s.components?.split(',')).toContain('rwppv331jlwc')
    // The MAIN-world observer read the model and the tier in Firefox too.
    expect(s.userModel).toBe(/^claude-([a-z]+)/.exec(DEFAULT_MODEL)?.[1])
    expect(s.userTier).toBe('pro')
    expect(s.inShadow).toBe(true)
    expect(s.inLightDom).toBe(false)
    expect(s.headline.length).toBeGreaterThan(0)
  })

  it('bodies reach the page byte-identical to what the server sent', async () => {
    for (const mode of ['ok', 'sse-error', 'error-500', 'usage-limit-429'] as const) {
      await sendCompletions(sim, evaluating(page), [mode])
      const got = await page.evaluate(
        () => (window as unknown as { simApp: { lastDigest: string } }).simApp.lastDigest,
      )
      expect(got, mode).toBe(sim.claude.stats.lastSentDigest)
    }
  })

  it('the add-on asked for no claude.ai or claude.com host but the simulated ones', () => {
    // HTTP and HTTPS both go through the proxy, which reaches only the simulator and lists every
    // other host asked for (Firefox's own services among them): none may be Anthropic's.
    expect(ff.refused.filter((host) => /(^|\.)claude\.(ai|com)$/.test(host))).toEqual([])
  })
})
