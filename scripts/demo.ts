// The demo behind `npm start`: builds both targets, starts the simulator, and shows the extension
// working — in a real Chromium window when there is a display, otherwise as a scripted headless tour
// with screenshots. Flags: --headless (force the tour), --tour-only (exit after the tour).
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Simulator, startSimulator } from '../sim/server.ts'
import {
  chromiumPath,
  eventually,
  type Harness,
  type HostHooks,
  hostHooks,
  launchHarness,
  openApp,
  sendCompletions,
} from '../test/e2e/harness.ts'
import { REPO_ROOT } from '../test/fixtures.ts'

const args = new Set(process.argv.slice(2))
const DIST = resolve(REPO_ROOT, 'dist')
const OUT = resolve(REPO_ROOT, 'demo-output')

function step(title: string) {
  console.log(`\n── ${title}`)
}

function build(): void {
  for (const [name, script] of [
    ['Chrome', 'build'],
    ['Firefox', 'build:firefox'],
  ] as const) {
    step(`Building for ${name} (npm run ${script})`)
    const r = spawnSync('npm', ['run', script, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (r.status !== 0) throw new Error(`npm run ${script} failed`)
  }
  console.log(`Built: ${DIST} and ${resolve(REPO_ROOT, 'dist-firefox')}`)
}

async function startSim(): Promise<Simulator> {
  try {
    return await startSimulator({ port: 8443, statusScenario: 'operational' })
  } catch {
    return await startSimulator({ statusScenario: 'operational' })
  }
}

async function tour(h: Harness): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const page = await openApp(h.context)
  const show = async (name: string, wait: (s: HostHooks) => boolean) => {
    const state = await eventually(async () => {
      const s = await hostHooks(page)
      return wait(s) ? s : null
    }, 20_000)
    await page.screenshot({ path: resolve(OUT, `${name}.png`) })
    const popup = await h.openPopup()
    await popup.setViewportSize({ width: 400, height: 600 })
    await popup.waitForSelector('[data-testid="headline"]')
    await popup.screenshot({ path: resolve(OUT, `${name}-popup.png`) })
    const headline = await popup.getByTestId('headline').textContent()
    await popup.close()
    const badge = await h.badge()
    console.log(
      `  banner: data-level=${state.level} data-attribution=${state.attribution} data-models=${state.models || '—'} data-tiers=${state.tiers || '—'}`,
    )
    console.log(`          “${state.headline || '(no banner shown)'}”`)
    console.log(`  popup:  “${headline}”   badge: “${badge.text}”  (${badge.title})`)
    console.log(`  screenshots: demo-output/${name}.png, demo-output/${name}-popup.png`)
  }
  const send = (n: number) =>
    sendCompletions(
      h.sim,
      page,
      Array.from({ length: n }, () => h.sim.claude.completionMode),
    )

  step('1. All quiet: status page operational, replies stream normally')
  await send(1)
  await show('1-operational', (s) => s.level === 'ok')

  step('2. Your replies fail with 500s while status.claude.com is still green')
  h.sim.claude.setCompletionMode('error-500')
  await send(2)
  await show('2-not-yet-acknowledged', (s) => s.attribution === 'local')

  step('3. Anthropic opens an incident naming Opus and Sonnet')
  h.sim.status.setScenario('incident', { fresh: true })
  await h.pollNow()
  await send(1)
  await show('3-official-incident', (s) => s.attribution === 'official')

  step('4. The incident is resolved and replies work again')
  h.sim.status.setScenario('resolved')
  h.sim.claude.setCompletionMode('ok')
  await h.pollNow()
  await send(1)
  await show('4-resolved', (s) => s.level === 'ok')

  step('5. You hit your usage limit (not an outage)')
  h.sim.claude.queueCompletionModes(['usage-limit-429'])
  await send(1)
  await show('5-usage-limit', (s) => s.level === 'limited')

  step('6. status.claude.com itself answers 503')
  h.sim.claude.setCompletionMode('ok')
  await send(1)
  h.sim.status.setScenario('http-503')
  await h.pollNow()
  await show('6-status-unknown', () => true)
  await page.close()
}

async function main(): Promise<void> {
  chromiumPath() // fail early, with a clear message, when Chromium is missing
  build()
  const sim = await startSim()
  step(`Simulator running on port ${sim.port}`)
  console.log(`  Chromium flags: ${sim.chromiumArgs.join(' ')}`)
  console.log(`  Control panel (in that browser): ${sim.urls.control}`)
  const headed = Boolean(process.env.DISPLAY) && !args.has('--headless')
  if (headed) {
    const h = await launchHarness({ sim, dist: DIST, headed: true })
    const page = await h.openClaude('/')
    const panel = await h.context.newPage()
    await panel.goto(sim.urls.control)
    await page.bringToFront()
    step(
      'Chromium is open with the extension. Use the control panel tab to switch scenarios; close the browser to stop.',
    )
    await new Promise<void>((r) => h.context.on('close', () => r()))
    await sim.close()
    return
  }
  step('No display: running the headless tour')
  const h = await launchHarness({ sim, dist: DIST })
  try {
    await tour(h)
  } finally {
    await h.context.close().catch(() => {})
  }
  if (args.has('--tour-only') || process.env.CI) {
    await sim.close()
    return
  }
  step('To try it in your own Chromium/Chrome:')
  console.log(`  1. Load ${DIST} at chrome://extensions (Developer mode → Load unpacked), or start:`)
  console.log(
    `     chromium --load-extension=${DIST} ${sim.chromiumArgs.map((a) => `'${a}'`).join(' ')} https://claude.ai/`,
  )
  console.log(`  2. Switch scenarios at ${sim.urls.control}`)
  console.log('  The simulator keeps running; press Ctrl-C to stop.')
  await new Promise<void>((r) => {
    process.once('SIGINT', r)
    process.once('SIGTERM', r)
  })
  await sim.close()
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
