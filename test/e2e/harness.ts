// Real headless Chromium with the production build loaded, reaching the simulator for claude.ai
// and status.claude.com through --host-resolver-rules (toolchain.md §5).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core'
import { type CompletionMode, type Simulator, startSimulator } from '../../sim/server.ts'
import { REPO_ROOT } from '../fixtures.ts'

export const DIST = process.env.E2E_DIST ?? resolve(REPO_ROOT, 'dist-e2e')

/** The first of `paths` (an environment override first) that exists, or a clear error naming the package. */
export function browserExecutable(
  name: string,
  debianPackage: string,
  envVar: string,
  paths: readonly string[],
): string {
  const found = [process.env[envVar], ...paths].find((p): p is string => !!p && existsSync(p))
  if (!found)
    throw new Error(`${name} not found: install Debian’s \`${debianPackage}\` package or set ${envVar}`)
  return found
}

export function chromiumPath(): string {
  return browserExecutable('Chromium', 'chromium', 'CHROMIUM_PATH', [
    '/usr/bin/chromium',
    '/usr/lib/chromium/chromium',
  ])
}

export interface Harness {
  sim: Simulator
  context: BrowserContext
  extensionId: string
  worker(): Promise<Worker>
  openPopup(): Promise<Page>
  openClaude(path?: string): Promise<Page>
  /** Runs code in the extension's service worker (chrome.* is available there). */
  sw<T>(fn: () => T | Promise<T>): Promise<T>
  /** Asks the background to poll now and waits for it (the popup's Refresh button does the same). */
  pollNow(): Promise<void>
  badge(): Promise<{ text: string; title: string; color: number[] }>
  close(): Promise<void>
}

export interface HarnessOptions {
  sim?: Simulator
  /** Extra Chromium flags. */
  args?: string[]
  /** The unpacked extension to load (default: the E2E build). */
  dist?: string
  /** Show the browser window (needs a display). */
  headed?: boolean
}

/** The same browser set-up without the extension: the baseline for "with vs without" comparisons. */
export async function launchPlainBrowser(
  sim: Simulator,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'icd-plain-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...sim.chromiumArgs, ...COMMON_ARGS],
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export async function launchHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = options.sim ?? (await startSimulator({ statusScenario: 'operational' }))
  const userDataDir = mkdtempSync(join(tmpdir(), 'icd-e2e-'))
  const dist = options.dist ?? DIST
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: !options.headed,
    viewport: options.headed ? null : { width: 1280, height: 800 },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      ...sim.chromiumArgs,
      ...COMMON_ARGS,
      ...(options.args ?? []),
    ],
  })
  const firstWorker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }))
  const extensionId = new URL(firstWorker.url()).host
  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().includes(extensionId))
    return live ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }))
  }
  const sw = async <T>(fn: () => T | Promise<T>): Promise<T> => (await worker()).evaluate(fn)
  const harness: Harness = {
    sim,
    context,
    extensionId,
    worker,
    sw,
    async openPopup() {
      const page = await context.newPage()
      await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`)
      return page
    },
    async openClaude(path = '/') {
      const page = await context.newPage()
      await page.goto(`https://claude.ai${path}`)
      return page
    },
    async pollNow() {
      // Same message the popup's Refresh button sends, from an extension page.
      const page = await context.newPage()
      await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`)
      await page.evaluate(() =>
        chrome.runtime.sendMessage({ channel: 'is-claude-down', method: 'refreshStatus', args: [] }),
      )
      await page.close()
    },
    async badge() {
      return sw(async () => ({
        text: await chrome.action.getBadgeText({}),
        title: await chrome.action.getTitle({}),
        color: await chrome.action.getBadgeBackgroundColor({}),
      }))
    },
    async close() {
      await context.close().catch(() => {})
      if (!options.sim) await sim.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
  return harness
}

/** Polls until `check` returns a truthy value or the time is up; returns the value. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
      last = value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last: ${String(last)})`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

/** The public test hooks on #is-claude-down-root (README), plus what the banner shows. */
export interface HostHooks {
  level?: string
  attribution?: string
  models?: string
  tiers?: string
  components?: string
  userModel?: string
  userTier?: string
  /** The banner's role attribute, null when no banner is shown. */
  role: string | null
  /** The banner is inside the host's shadow root… */
  inShadow: boolean
  /** …and never in the page's own DOM. */
  inLightDom: boolean
  text: string
  /** The banner's one-line headline. */
  headline: string
  /** Chips marked as the user's own (model, tier, surface). */
  yours: string[]
}

/** What hostHooks and sendCompletions need of a page: Playwright's (Chromium) and puppeteer's (Firefox) both fit. */
export interface EvaluatingPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
}

export async function hostHooks(page: EvaluatingPage): Promise<HostHooks> {
  return page.evaluate(() => {
    const host = document.getElementById('is-claude-down-root')
    const banner = host?.shadowRoot?.querySelector('[data-testid="banner"]') ?? null
    return {
      level: host?.dataset.level,
      attribution: host?.dataset.attribution,
      models: host?.dataset.models,
      tiers: host?.dataset.tiers,
      components: host?.dataset.components,
      userModel: host?.dataset.userModel,
      userTier: host?.dataset.userTier,
      role: banner?.getAttribute('role') ?? null,
      inShadow: banner !== null,
      inLightDom: document.querySelector('[data-testid="banner"]') !== null,
      text: banner?.textContent ?? '',
      headline: banner?.querySelector('.headline')?.textContent ?? '',
      yours: [...(banner?.querySelectorAll('.chip.yours') ?? [])].map((c) => c.textContent ?? ''),
    }
  }, null)
}

/** Opens the simulated claude.ai app and waits until it has loaded its org data. */
export async function openApp(context: BrowserContext, path = '/'): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`https://claude.ai${path}`)
  await page.waitForFunction(() => (window as unknown as { simApp?: { ready?: unknown } }).simApp?.ready)
  return page
}

/** Queues these completion modes in the simulator and sends one message per mode, in order. */
export async function sendCompletions(
  sim: Simulator,
  page: EvaluatingPage,
  modes: CompletionMode[],
): Promise<void> {
  sim.claude.queueCompletionModes(modes)
  await page.evaluate(async (n) => {
    const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
    for (let i = 0; i < n; i++) await app.send()
  }, modes.length)
}
