// Issue 5, in the browser, against a real crowd server process (SQLite) behind a recording proxy:
// opt-in off → nothing reaches the server; on → reports carry only the vocabulary fields; a spike
// on the server turns the banner's attribution to crowd.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../scripts/build-server.mjs'
import { REPO_ROOT } from '../fixtures.ts'
import { eventually, type Harness, launchHarness, openApp, sendCompletions } from './harness.ts'

interface Seen {
  method: string
  path: string
  body: string
}

let h: Harness
let server: ChildProcess
let serverPort = 0
let proxy: Server
let proxyUrl = ''
let dataDir = ''
const seen: Seen[] = []

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

/** Forwards to the real server and records every request the extension makes. */
function startProxy(target: number): Promise<Server> {
  const p = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      seen.push({ method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') })
      const up = request(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers)
          upRes.pipe(res)
        },
      )
      up.on('error', () => res.writeHead(502).end())
      up.end(body)
    })
  })
  return new Promise((r) => p.listen(0, '127.0.0.1', () => r(p)))
}

async function setCrowd(enabled: boolean): Promise<void> {
  const page = await h.context.newPage()
  await page.goto(`chrome-extension://${h.extensionId}/src/options/index.html`)
  await page.evaluate(
    async ({ enabled, url }) => {
      const { settings } = await chrome.storage.sync.get('settings')
      await chrome.storage.sync.set({ settings: { ...(settings ?? {}), crowd: { enabled, serverUrl: url } } })
    },
    { enabled, url: proxyUrl },
  )
  await page.close()
}

const app = () => openApp(h.context)
const fail = (page: Page, n: number) =>
  sendCompletions(
    h.sim,
    page,
    Array.from({ length: n }, () => 'error-500' as const),
  )

beforeAll(async () => {
  serverPort = await freePort()
  dataDir = mkdtempSync(join(tmpdir(), 'icd-crowd-'))
  // The production bundle, as `npm run server` runs it.
  server = spawn(process.execPath, [await buildServer()], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(serverPort), DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: 'ignore',
  })
  await eventually(async () => (await fetch(`http://127.0.0.1:${serverPort}/healthz`)).ok, 30_000, 200)
  proxy = await startProxy(serverPort)
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  h = await launchHarness()
  await eventually(async () => (await h.badge()).title.includes('Claude is up'))
}, 90_000)

afterAll(async () => {
  await h?.close()
  proxy?.close()
  server?.kill('SIGTERM')
  rmSync(dataDir, { recursive: true, force: true })
})

describe('crowd reports', () => {
  it('off (the default): failures, the popup and the banner send nothing', async () => {
    await setCrowd(false)
    const page = await app()
    await fail(page, 3)
    const popup = await h.openPopup()
    await popup.getByTestId('crowd-first-run').waitFor()
    // The first-run card shows the exact payload before anything is sent.
    // It loads from the background after the card appears, so wait for it rather than read once.
    await expect
      .poll(() => popup.getByTestId('crowd-preview').textContent())
      .toMatch(/"kind": "server_error"/)
    await page.waitForTimeout(1500)
    expect(seen).toEqual([])
    await popup.close()
    await page.close()
  })

  it('on: a confirmed failure is reported with only the vocabulary fields; one per kind per 5 min', async () => {
    await setCrowd(true)
    await h.sw(() => chrome.storage.local.remove('observations'))
    const page = await app()
    await fail(page, 1)
    await page.waitForTimeout(500)
    expect(seen.filter((s) => s.path === '/v1/reports')).toEqual([]) // one blip is never reported
    await fail(page, 3)
    const reports = await eventually(() => {
      const r = seen.filter((s) => s.method === 'POST' && s.path === '/v1/reports')
      return r.length ? r : null
    })
    await page.waitForTimeout(1000)
    expect(seen.filter((s) => s.method === 'POST' && s.path === '/v1/reports')).toHaveLength(1)
    const body = JSON.parse(reports[0]!.body) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual([
      'client',
      'kind',
      'model',
      'region',
      'reporter',
      'status',
      'surface',
      'tier',
      'v',
    ])
    expect(body).toMatchObject({
      v: 1,
      kind: 'server_error',
      status: 500,
      surface: 'claude.ai',
      model: 'sonnet',
      tier: 'pro',
    })
    expect(String(body.reporter)).toMatch(/^[A-Za-z0-9_-]{32,64}$/)
    const metrics = await (await fetch(`http://127.0.0.1:${serverPort}/metrics`)).text()
    expect(metrics).toMatch(/^crowd_reports_accepted_total 1$/m)
    await page.close()
  })

  it('turning it off stops everything at once', async () => {
    await setCrowd(false)
    await eventually(async () => {
      const stored = await h.sw(() => chrome.storage.local.get(['crowdReporter', 'crowdView', 'crowdState']))
      return Object.keys(stored).length === 0
    })
    const before = seen.length
    const page = await app()
    await fail(page, 3)
    await page.waitForTimeout(1500)
    expect(seen.length).toBe(before)
    await page.close()
  })

  it('Chromium has no data-collection consent: the popup card and the settings box turn it on', async () => {
    await setCrowd(false)
    const enabled = () =>
      h.sw(async () => {
        const { settings } = await chrome.storage.sync.get('settings')
        return (settings as { crowd: { enabled: boolean } }).crowd.enabled
      })
    const popup = await h.openPopup()
    await popup.getByTestId('crowd-enable').click()
    await popup.getByTestId('crowd-panel').waitFor()
    expect(await enabled()).toBe(true)
    await popup.close()

    await setCrowd(false)
    const options = await h.context.newPage()
    await options.goto(`chrome-extension://${h.extensionId}/src/options/index.html`)
    const box = options.getByTestId('crowd-toggle')
    await expect.poll(() => box.isChecked()).toBe(false)
    await box.click()
    await expect.poll(() => box.isChecked()).toBe(true)
    expect(await enabled()).toBe(true)
    await box.click()
    await expect.poll(() => box.isChecked()).toBe(false)
    await expect.poll(enabled).toBe(false)
    await options.close()
  })

  it('a spike on the server turns the banner’s attribution to crowd', async () => {
    // Twelve other people report server errors on Sonnet within a minute.
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`http://127.0.0.1:${serverPort}/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          v: 1,
          kind: 'server_error',
          status: 500,
          surface: 'claude.ai',
          model: 'sonnet',
          tier: i % 2 ? 'free' : 'pro',
          region: 'europe',
          client: '0.3.0',
          reporter: `spike-reporter-${String(i).padStart(2, '0')}-${'x'.repeat(24)}`,
        }),
      })
      expect(res.status).toBe(202)
    }
    await eventually(
      async () => {
        const s = (await (await fetch(`http://127.0.0.1:${serverPort}/v1/summary`)).json()) as {
          total: { anomalous: boolean }
        }
        return s.total.anomalous
      },
      20_000,
      500,
    )
    await setCrowd(true)
    await h.sw(() => chrome.storage.local.remove('observations'))
    const page = await app()
    await fail(page, 2)
    const state = await eventually(async () => {
      const s = await page.evaluate(() => {
        const host = document.getElementById('is-claude-down-root')
        return {
          attribution: host?.dataset.attribution,
          level: host?.dataset.level,
          text: host?.shadowRoot?.querySelector('[data-testid="crowd-line"]')?.textContent ?? '',
        }
      })
      return s.attribution === 'crowd' ? s : null
    }, 20_000)
    expect(state.level).toBe('outage')
    expect(state.text).toMatch(/people reported errors in the last 15 min/)
    const popup = await h.openPopup()
    await popup.getByTestId('crowd-panel').waitFor()
    await expect.poll(() => popup.getByTestId('crowd-summary').getAttribute('data-anomalous')).toBe('true')
    // The split names plans and models as the user reads them ("Free", "Sonnet"), not as keys.
    await expect.poll(() => popup.getByTestId('crowd-panel').textContent()).toMatch(/By plan:.*Free: \d/)
    await expect.poll(() => popup.getByTestId('crowd-panel').textContent()).toMatch(/By model:.*Sonnet: \d/)
    await popup.getByTestId('report-problem').click()
    await expect.poll(() => popup.getByTestId('report-state').textContent()).toMatch(/reported/)
    await popup.close()
    await page.close()
  })
})
