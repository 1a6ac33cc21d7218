// In-browser figures of the detection layer, on the production build in headless Chromium against
// the simulator:
//  - detection latency: from the failing response reaching the page (its Resource Timing
//    responseEnd) to the banner state changing on #is-claude-down-root, with the service worker
//    awake and with it stopped (the banner must not wait for it);
//  - page overhead on a long streamed reply: the page's own time to receive a reply of thousands of
//    SSE events, with the extension ÷ without, measured alternately in one run.
import { resolve } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { startSimulator } from '../sim/server.ts'
import { eventually, type Harness, launchHarness, launchPlainBrowser, openApp } from '../test/e2e/harness.ts'
import { REPO_ROOT } from '../test/fixtures.ts'
import { percentile } from './stats.ts'

const DIST = resolve(REPO_ROOT, 'dist')
/** Per series; each run sends 4 requests, kept under the page inbox's 60-a-minute bound. */
const LATENCY_RUNS = 12
/** Alternating pairs; each pair's ratio is one sample, so drift between pairs cancels out. */
const OVERHEAD_ROUNDS = 40
const LONG_EVENTS = 5000

/** Sends one request and returns ms from its response's arrival to the host's next data-level change. */
async function measureOnce(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const host = document.getElementById('is-claude-down-root')!
    const before = host.dataset.level
    const changed = new Promise<number>((r) => {
      const mo = new MutationObserver(() => {
        if (host.dataset.level !== before) {
          mo.disconnect()
          r(performance.now())
        }
      })
      mo.observe(host, { attributes: true })
    })
    performance.clearResourceTimings()
    const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
    void app.send()
    const shownAt = await changed
    const entry = performance
      .getEntriesByType('resource')
      .find((e) => (e as PerformanceResourceTiming).name.includes('/completion')) as
      | PerformanceResourceTiming
      | undefined
    if (!entry) throw new Error('no resource timing for the completion request')
    return shownAt - entry.responseEnd
  })
}

async function stopServiceWorker(h: Harness, page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('ServiceWorker.enable')
  await cdp.send('ServiceWorker.stopAllWorkers')
  await cdp.detach()
  void h
}

async function detectionLatency(h: Harness, sleeping: boolean): Promise<number[]> {
  const page = await openApp(h.context)
  const samples: number[] = []
  for (let i = 0; i < LATENCY_RUNS; i++) {
    // A success clears the previous streak, one 500 is a blip; the second 500 raises the banner.
    h.sim.claude.queueCompletionModes(['ok', 'error-500'])
    await page.evaluate(async () => {
      const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
      await app.send()
      await app.send()
    })
    await eventually(() =>
      page.evaluate(() => document.getElementById('is-claude-down-root')?.dataset.level === 'ok'),
    )
    h.sim.claude.queueCompletionModes(['error-500'])
    if (sleeping) await stopServiceWorker(h, page)
    samples.push(await measureOnce(page))
    h.sim.claude.queueCompletionModes(['ok'])
    await page.evaluate(() =>
      (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp.send(),
    )
  }
  await page.close()
  return samples
}

interface ReplyCost {
  /** Send → end of reply, as the page sees it. */
  wallMs: number
  /** The renderer main thread's busy time over the reply and a short settle after it: the page's
   * own work plus everything our content scripts do in that tab (CDP Performance TaskDuration). */
  busyMs: number
}

/** After the reply, what the extension does in reaction (observation, storage event, banner). */
const SETTLE_MS = 200

async function replyCost(page: Page, cdp: CDPSession): Promise<ReplyCost> {
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000
  }
  const before = await busy()
  const wallMs = await page.evaluate(async () => {
    const app = (window as unknown as { simApp: { send: () => Promise<unknown> } }).simApp
    const t0 = performance.now()
    await app.send()
    return performance.now() - t0
  })
  await page.waitForTimeout(SETTLE_MS)
  return { wallMs, busyMs: (await busy()) - before }
}

async function cdpFor(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return cdp
}

export async function run(): Promise<string> {
  const sim = await startSimulator({ statusScenario: 'operational' })
  const h = await launchHarness({ sim, dist: DIST })
  const plain = await launchPlainBrowser(sim)
  try {
    await eventually(async () => (await h.badge()).title.includes('Claude is up'))
    // PAGE_BENCH=overhead skips the latency series (for quick experiments on the stream reader).
    const onlyOverhead = process.env.PAGE_BENCH === 'overhead'
    const awake = onlyOverhead ? [Number.NaN] : await detectionLatency(h, false)
    const asleep = onlyOverhead ? [Number.NaN] : await detectionLatency(h, true)

    sim.claude.setCompletionMode({ mode: 'long-ok', events: LONG_EVENTS, deltaBytes: 64 })
    const withExt = await openApp(h.context)
    const without = await openApp(plain.context)
    const cdpWith = await cdpFor(withExt)
    const cdpWithout = await cdpFor(without)
    // Warm both (JIT, connections), then alternate so drift hits both sides alike.
    await replyCost(withExt, cdpWith)
    await replyCost(without, cdpWithout)
    const ca: ReplyCost[] = []
    const cb: ReplyCost[] = []
    for (let i = 0; i < OVERHEAD_ROUNDS; i++) {
      if (i % 2 === 0) {
        ca.push(await replyCost(withExt, cdpWith))
        cb.push(await replyCost(without, cdpWithout))
      } else {
        cb.push(await replyCost(without, cdpWithout))
        ca.push(await replyCost(withExt, cdpWith))
      }
    }
    const a = ca.map((c) => c.busyMs)
    const b = cb.map((c) => c.busyMs)
    const pairRatios = a.map((x, i) => x / b[i]!)
    const ratio = percentile(pairRatios, 50)
    const wallRatios = ca.map((c, i) => c.wallMs / cb[i]!.wallMs)
    const fmt = (n: number) => n.toFixed(1)
    const line = (name: string, v: number[]) =>
      `| ${name} | ${v.length} | ${fmt(percentile(v, 50))} | ${fmt(percentile(v, 95))} | ${fmt(Math.max(...v))} |`
    const met = (ok: boolean) => (ok ? 'met' : '**NOT met**')
    return [
      '## Detection latency in Chromium (response reaches the page → banner state)',
      '',
      'Production build, headless Chromium, simulator over HTTPS. Each sample: a success, one 500 (a blip, no alarm), then the measured 500 that raises the banner. "Service worker stopped": the worker is stopped through CDP just before the failing request.',
      '',
      '| service worker | runs | median (ms) | p95 (ms) | max (ms) |',
      '|---|---|---|---|---|',
      line('awake', awake),
      line('stopped', asleep),
      '',
      `Target median ≤ 50 ms: ${met(percentile([...awake, ...asleep], 50) <= 50)}; p95 ≤ 200 ms: ${met(percentile([...awake, ...asleep], 95) <= 200)} (both series together).`,
      '',
      `## Page overhead on a long streamed reply (${LONG_EVENTS} SSE text events)`,
      '',
      `Page-side time: the renderer main thread's busy time (CDP \`Performance.getMetrics\` TaskDuration) from sending to the end of the reply plus ${SETTLE_MS} ms for the extension's reaction — the page's own work and everything our content scripts do in the tab. Two headless browsers, one with the production build and one without, the same simulator, measured alternately in this one run; each pair back to back.`,
      '',
      '| browser | rounds | busy median (ms) | busy p95 (ms) | wall median (ms) |',
      '|---|---|---|---|---|',
      `| with the extension | ${a.length} | ${fmt(percentile(a, 50))} | ${fmt(percentile(a, 95))} | ${fmt(
        percentile(
          ca.map((c) => c.wallMs),
          50,
        ),
      )} |`,
      `| without | ${b.length} | ${fmt(percentile(b, 50))} | ${fmt(percentile(b, 95))} | ${fmt(
        percentile(
          cb.map((c) => c.wallMs),
          50,
        ),
      )} |`,
      '',
      `**Ratio (page-side busy time): ${ratio.toFixed(3)}** — the median of the ${pairRatios.length} per-pair ratios; middle half of the pairs ${percentile(pairRatios, 25).toFixed(3)}–${percentile(pairRatios, 75).toFixed(3)}. Target ≤ 1.05 — ${met(ratio <= 1.05)}. Wall-clock ratio, for reference: ${percentile(wallRatios, 50).toFixed(3)} (middle half ${percentile(wallRatios, 25).toFixed(3)}–${percentile(wallRatios, 75).toFixed(3)}).`,
    ].join('\n')
  } finally {
    await h.context.close().catch(() => {})
    await plain.close()
    await sim.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run())
