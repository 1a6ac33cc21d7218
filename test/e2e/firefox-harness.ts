// Real headless Firefox (Debian's firefox-esr) with the production Firefox build installed, reaching
// the simulator over HTTPS. Chromium maps host names with --host-resolver-rules; Firefox has no such
// flag (network.dns.localDomains maps names, not ports: toolchain.md §7), so Firefox is pointed at a
// local CONNECT proxy that tunnels the simulator's host names, and only those, to the simulator.
// Driven through WebDriver BiDi by puppeteer-core: Playwright drives only its own patched Firefox.
import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { resolve } from 'node:path'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { SIM_HOSTS, type Simulator } from '../../sim/server.ts'
import { REPO_ROOT } from '../fixtures.ts'
import { browserExecutable, type EvaluatingPage } from './harness.ts'

/** The production Firefox build, made by the E2E global set-up (`vite build` with TARGET_BROWSER=firefox). */
export const FIREFOX_DIST = process.env.E2E_FIREFOX_DIST ?? resolve(REPO_ROOT, 'dist-e2e-firefox')

export function firefoxPath(): string {
  return browserExecutable('Firefox', 'firefox-esr', 'FIREFOX_PATH', [
    '/usr/bin/firefox-esr',
    '/usr/bin/firefox',
  ])
}

/** A puppeteer page as the shared helpers (hostHooks, sendCompletions) take pages. */
export function evaluating(page: Page): EvaluatingPage {
  return {
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
  }
}

export interface FirefoxHarness {
  browser: Browser
  /**
   * Host names Firefox asked the proxy for that are not the simulator's: refused, never reached.
   * Plain HTTP goes through the proxy too (and is refused), so this lists every other host asked.
   */
  refused: string[]
  openApp(path?: string): Promise<Page>
  close(): Promise<void>
}

/** A CONNECT proxy that tunnels `host:443` for the simulator's hosts to the simulator's port. */
async function startSimProxy(sim: Simulator, refused: string[]): Promise<Server> {
  const allowed = new Set<string>(SIM_HOSTS)
  const sockets = new Set<Socket>()
  const proxy = createServer((req, res) => {
    // Plain-HTTP proxying is not offered: everything the product and the simulator do is HTTPS.
    const host = req.headers.host?.split(':')[0]
    if (host && refused.length < 100) refused.push(host)
    res.writeHead(405, { 'content-type': 'text/plain' }).end('CONNECT only\n')
  })
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':')
    if (!host || !allowed.has(host) || port !== '443') {
      if (host && refused.length < 100) refused.push(host)
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const upstream = connect(sim.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    }
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  proxy.on('close', () => {
    for (const s of sockets) s.destroy()
  })
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done))
  return proxy
}

export async function launchFirefoxHarness(sim: Simulator): Promise<FirefoxHarness> {
  const refused: string[] = []
  const proxy = await startSimProxy(sim, refused)
  const proxyPort = (proxy.address() as { port: number }).port
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      // The simulator's certificate is self-signed; this applies to the extension's requests too.
      acceptInsecureCerts: true,
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxyPort,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
      },
    })
  } catch (error) {
    proxy.close()
    throw error
  }
  // A temporary add-on, as `about:debugging` or `web-ext run` would install it.
  await browser.installExtension(FIREFOX_DIST)
  return {
    browser,
    refused,
    async openApp(path = '/') {
      const page = await browser.newPage()
      await page.goto(`https://claude.ai${path}`)
      // simApp.ready is a promise; puppeteer's waitForFunction wants a plain truthy value.
      await page.waitForFunction(
        () => typeof (window as unknown as { simApp?: { send?: unknown } }).simApp?.send === 'function',
      )
      await page.evaluate(() => (window as unknown as { simApp: { ready: Promise<unknown> } }).simApp.ready)
      return page
    },
    async close() {
      await browser.close().catch(() => {})
      await new Promise((done) => proxy.close(done))
    },
  }
}
