// The simulator: one HTTPS server on an ephemeral port that plays claude.ai, status.claude.com
// and status.anthropic.com, dispatching on the Host header. Chromium reaches it through
// --host-resolver-rules, so the production build runs unchanged (toolchain.md §5).

import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { ensureCert } from './certs.ts'
import type { CompletionMode } from './claude/modes.ts'
import type { Tier } from './claude/orgs.ts'
import { CLAUDE_HOST, ClaudeSide, type ClaudeStats } from './claude/side.ts'
import { CONTROL_PREFIX, handleControl } from './control/panel.ts'
import { escapeHtml, hostOf, send, urlOf } from './http.ts'
import type { StatusScenario } from './status/scenarios.ts'
import { OLD_STATUS_HOST, STATUS_HOST, StatusSide, type StatusStats } from './status/side.ts'

export type { CompletionMode, CompletionModeName, CompletionModeSpec } from './claude/modes.ts'
export { COMPLETION_MODES } from './claude/modes.ts'
export type { Tier } from './claude/orgs.ts'
export { DEFAULT_MODEL, MODELS, SIM_ORG_UUID, TIERS } from './claude/orgs.ts'
export { ClaudeSide, type ClaudeStats, type CompletionRecord, DEFAULT_CSP } from './claude/side.ts'
export type { StatusScenario } from './status/scenarios.ts'
export {
  COMPONENT_IDS,
  HOSTILE_BODY,
  HOSTILE_TITLE,
  SIM_INCIDENT_IDS,
  STATUS_SCENARIOS,
} from './status/scenarios.ts'
export { type StatusRequestRecord, StatusSide, type StatusStats } from './status/side.ts'

/** Every host name the simulator answers for. */
export const SIM_HOSTS = [CLAUDE_HOST, STATUS_HOST, OLD_STATUS_HOST] as const

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Listen address; 127.0.0.1 by default. */
  host?: string
  /** Where the certificate is kept; `.sim-certs/` at the repo root by default. */
  certDir?: string
  statusScenario?: StatusScenario
  completionMode?: CompletionMode
  tier?: Tier
  /** Called with one line per request (method, host, path, status). Bodies are never logged. */
  log?: (line: string) => void
}

export interface SimulatorStats {
  requests: number
  byHost: Record<string, number>
  readonly status: StatusStats
  readonly claude: ClaudeStats
}

export interface Simulator {
  port: number
  /** https://127.0.0.1:<port> — where Node clients connect (sending a Host header). */
  origin: string
  certPath: string
  keyPath: string
  /** base64 SHA-256 of the cert's public key, for --ignore-certificate-errors-spki-list. */
  spki: string
  /** The --host-resolver-rules value for this port. */
  hostRules: string
  /** Chromium flags that make the browser use the simulator. */
  chromiumArgs: string[]
  /** The URLs as a browser with the host rules sees them. */
  urls: { claude: string; status: string; oldStatus: string; control: string }
  status: StatusSide
  claude: ClaudeSide
  stats: SimulatorStats
  /** Clears the server's, the status side's and the claude side's counters. */
  resetStats(): void
  /** Ends hanging and stalled responses, drops every connection and stops listening. */
  close(): Promise<void>
}

/** The --host-resolver-rules value that sends claude.ai and both status hosts to the simulator. */
export function chromiumHostRules(port: number): string {
  return SIM_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',')
}

/** Host rules plus --ignore-certificate-errors (which also covers the extension's service worker). */
export function chromiumArgs(port: number): string[] {
  return [`--host-resolver-rules=${chromiumHostRules(port)}`, '--ignore-certificate-errors']
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const cert = ensureCert(opts.certDir)
  const status = new StatusSide(opts.statusScenario)
  const claude = new ClaudeSide({ tier: opts.tier, mode: opts.completionMode })
  const stats: SimulatorStats = {
    requests: 0,
    byHost: {},
    get status() {
      return status.stats
    },
    get claude() {
      return claude.stats
    },
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = hostOf(req)
    stats.requests++
    stats.byHost[host] = (stats.byHost[host] ?? 0) + 1
    const path = urlOf(req).pathname
    if (host === CLAUDE_HOST) {
      if (path === '/__sim' || path.startsWith(CONTROL_PREFIX))
        return handleControl(req, res, { status, claude })
      return claude.handle(req, res)
    }
    if (host === STATUS_HOST) return status.handle(req, res)
    if (host === OLD_STATUS_HOST) return status.redirect(req, res)
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') {
      // Reached without host rules: offer the control panel and explain the rest.
      if (path === '/__sim' || path.startsWith(CONTROL_PREFIX))
        return handleControl(req, res, { status, claude })
      if (path === '/')
        return void send(req, res, 200, { 'content-type': 'text/html; charset=utf-8' }, indexPage())
    }
    send(
      req,
      res,
      421,
      { 'content-type': 'text/plain; charset=utf-8' },
      `The simulator answers for ${SIM_HOSTS.join(', ')} (got Host "${host}").\n`,
    )
  }

  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    if (opts.log) {
      const t0 = Date.now()
      res.on('close', () =>
        opts.log?.(
          `${req.method} ${hostOf(req)}${urlOf(req).pathname} → ${res.headersSent ? res.statusCode : 'no response'} (${Date.now() - t0} ms)`,
        ),
      )
    }
    dispatch(req, res).catch((err: unknown) => {
      // A bug here must not take the server down; answer 500 if we still can.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`simulator error: ${err instanceof Error ? err.message : String(err)}\n`)
      } else {
        res.destroy()
      }
    })
  })
  // Clients that reset connections (network-reset mode, aborted fetches) are expected here.
  server.on('clientError', (_err, socket) => socket.destroy())
  server.on('tlsClientError', () => {})

  const listenHost = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, listenHost, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const connectHost = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost

  let closing: Promise<void> | undefined
  function indexPage(): string {
    const rules = escapeHtml(chromiumHostRules(port))
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Simulator</title></head><body>
<h1>Is Claude Down? — local simulator</h1>
<p>Start Chromium with <code>--host-resolver-rules="${rules}" --ignore-certificate-errors</code>,
then open <a href="https://claude.ai/">https://claude.ai/</a>.</p>
<p>Control panel: <a href="/__sim/">/__sim/</a></p></body></html>`
  }

  return {
    port,
    origin: `https://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`,
    certPath: cert.certPath,
    keyPath: cert.keyPath,
    spki: cert.spki,
    hostRules: chromiumHostRules(port),
    chromiumArgs: chromiumArgs(port),
    urls: {
      claude: `https://${CLAUDE_HOST}`,
      status: `https://${STATUS_HOST}`,
      oldStatus: `https://${OLD_STATUS_HOST}`,
      control: `https://${CLAUDE_HOST}${CONTROL_PREFIX}`,
    },
    status,
    claude,
    stats,
    resetStats() {
      stats.requests = 0
      for (const host of Object.keys(stats.byHost)) delete stats.byHost[host]
      status.resetStats()
      claude.resetStats()
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        status.close()
        claude.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
