// status.claude.com (and the 302 from status.anthropic.com): serves the current scenario with
// the real page's headers, weak ETags and genuine 304s, and counts what clients sent.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { escapeHtml, hostOf, ifNoneMatchHits, send, urlOf, weakEtag } from '../http.ts'
import {
  type BuildContext,
  buildPayloads,
  type FailureScenario,
  isFailureScenario,
  isStatusScenario,
  type ScenarioPayloads,
  type StatusScenario,
} from './scenarios.ts'

export const STATUS_HOST = 'status.claude.com'
export const OLD_STATUS_HOST = 'status.anthropic.com'

/** Headers captured from a real Statuspage edge (statuspage.md §1). */
const JSON_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'max-age=10, public, s-maxage=10, stale-while-revalidate=20, stale-if-error=3600',
  'access-control-allow-origin': '*',
  server: 'AtlassianEdge',
  vary: 'Accept-Encoding',
  'x-statuspage-version': '6b4f1d2f0e1c9a7d3b5e8f20a1c4d7e9b2f6a3c1',
  'x-statuspage-skip-logging': 'true',
}

export interface StatusRequestRecord {
  at: number
  host: string
  method: string
  /** Path without the query. */
  path: string
  query: string
  /** Request headers exactly as Node parsed them (lowercased names). */
  headers: IncomingHttpHeaders
  /** 0 while a `hang` request is still open. */
  status: number
  bodyBytes: number
}

export interface StatusStats {
  requests: number
  /** Requests per path (without query), status.claude.com and status.anthropic.com alike. */
  byPath: Record<string, number>
  /** Responses per HTTP status ("200", "304", "302", …). */
  byStatus: Record<string, number>
  status200: number
  status304: number
  /** 302s served on status.anthropic.com. */
  redirects: number
  /** Response body bytes sent (304s and HEADs send none). */
  bodyBytes: number
  /** Every request, oldest first; the newest 1000 are kept. */
  log: StatusRequestRecord[]
}

export interface SetScenarioOptions {
  /** Forget remembered timestamps, so incidents start "now" again. */
  fresh?: boolean
  /** Padding of the `huge` scenario, for this call only; 5 MiB by default. */
  hugeBytes?: number
}

interface Reply {
  status: number
  headers: OutgoingHttpHeaders
  body: Buffer
  /** Only 200s carry an ETag and can be revalidated. */
  etag?: string
}

const LOG_CAP = 1000
const ANCHOR_TTL_MS = 6 * 3600 * 1000
const DEFAULT_HUGE_BYTES = 5 * 1024 * 1024

function emptyStats(): StatusStats {
  return {
    requests: 0,
    byPath: {},
    byStatus: {},
    status200: 0,
    status304: 0,
    redirects: 0,
    bodyBytes: 0,
    log: [],
  }
}

export class StatusSide {
  /** Live counters; `resetStats()` clears them in place, so a held reference stays valid. */
  readonly stats: StatusStats = emptyStats()

  #scenario: StatusScenario | 'custom' = 'operational'
  #payloads: ScenarioPayloads
  #custom: { summary?: unknown; incidents?: unknown } = {}
  /** Remembered instants per key, so rebuilding a scenario yields the same bytes; forgotten after 6 h. */
  #anchors = new Map<string, { t: number; setAt: number }>()
  #replies = new Map<string, Reply | null>()
  #hanging = new Set<ServerResponse>()

  constructor(initial: StatusScenario = 'operational') {
    this.#payloads = this.#build('operational')
    this.setScenario(initial)
  }

  /** The active scenario name, or `custom` after `setSummary`/`setIncidents`. */
  get scenario(): StatusScenario | 'custom' {
    return this.#scenario
  }

  /** The payloads being served (for a payload scenario; failure scenarios keep the last ones). */
  get payloads(): ScenarioPayloads {
    return this.#payloads
  }

  setScenario(name: StatusScenario, opts: SetScenarioOptions = {}): void {
    if (!isStatusScenario(name)) throw new Error(`unknown status scenario: ${String(name)}`)
    if (opts.fresh) this.#anchors.clear()
    if (!isFailureScenario(name)) this.#payloads = this.#build(name, opts.hugeBytes ?? DEFAULT_HUGE_BYTES)
    this.#scenario = name
    this.#custom = {}
    this.#replies.clear()
  }

  /**
   * Serves `summary` as summary.json (and its page/status as status.json). A string is served
   * verbatim, byte for byte; anything else is JSON-encoded. Switches the scenario to `custom`.
   */
  setSummary(summary: unknown): void {
    this.#leaveFailure()
    this.#custom.summary = summary
    this.#scenario = 'custom'
    this.#replies.clear()
  }

  /** Serves `incidents` as incidents.json (string verbatim, otherwise JSON). Scenario becomes `custom`. */
  setIncidents(incidents: unknown): void {
    this.#leaveFailure()
    this.#custom.incidents = incidents
    this.#scenario = 'custom'
    this.#replies.clear()
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats())
  }

  /** Ends every `hang` request (the server calls this on close). */
  close(): void {
    for (const res of this.#hanging) res.socket?.destroy()
    this.#hanging.clear()
  }

  // -------------------------------------------------------------------------------------------

  /** Requests for status.claude.com. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = urlOf(req)
    if (req.method === 'OPTIONS') {
      // CORS preflight (If-None-Match is not a safelisted header for page-context fetches).
      this.#finish(req, url, 204, send(req, res, 204, this.#preflightHeaders()))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.#finish(req, url, 405, send(req, res, 405, { allow: 'GET, HEAD, OPTIONS' }))
      return
    }
    if (url.pathname === '/favicon.ico') {
      // Browsers ask for it on every page; answering keeps their consoles free of 404 noise.
      this.#finish(req, url, 204, send(req, res, 204, {}))
      return
    }
    if (this.#scenario === 'hang') {
      // Accept and never answer; close() (or the client giving up) ends it.
      this.#record(req, url, 0, 0)
      this.#hanging.add(res)
      res.on('close', () => this.#hanging.delete(res))
      return
    }
    const reply = this.#replyFor(url.pathname)
    if (!reply) {
      const isApi = url.pathname.startsWith('/api/')
      const n = isApi
        ? send(req, res, 404, JSON_HEADERS, '{"error":"Not found"}')
        : send(req, res, 404, { 'content-type': 'text/html; charset=utf-8' }, '<h1>Page not found</h1>')
      this.#finish(req, url, 404, n)
      return
    }
    if (reply.etag && ifNoneMatchHits(req.headers['if-none-match'], reply.etag)) {
      // A real 304: validators and caching headers, no body, no content-type.
      const { 'content-type': _drop, ...headers } = reply.headers
      res.writeHead(304, { ...headers, etag: reply.etag })
      res.end()
      this.#finish(req, url, 304, 0)
      return
    }
    this.#finish(req, url, reply.status, send(req, res, reply.status, reply.headers, reply.body))
  }

  /** Requests for status.anthropic.com: a 302 to the same path on status.claude.com. */
  redirect(req: IncomingMessage, res: ServerResponse): void {
    const url = urlOf(req)
    const location = `https://${STATUS_HOST}${url.pathname}${url.search}`
    const body = `<html><body>You are being <a href="${escapeHtml(location)}">redirected</a>.</body></html>`
    const n = send(
      req,
      res,
      302,
      { location, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      body,
    )
    this.#finish(req, url, 302, n)
  }

  // -------------------------------------------------------------------------------------------

  #build(name: Exclude<StatusScenario, FailureScenario>, hugeBytes = DEFAULT_HUGE_BYTES): ScenarioPayloads {
    const now = Date.now()
    const ctx: BuildContext = {
      now,
      hugeBytes,
      anchor: (key, agoMs) => {
        const known = this.#anchors.get(key)
        if (known !== undefined && now - known.setAt < ANCHOR_TTL_MS) return known.t
        const t = now - agoMs
        this.#anchors.set(key, { t, setAt: now })
        return t
      },
    }
    return buildPayloads(name, ctx)
  }

  #leaveFailure(): void {
    // Custom payloads replace whatever the failure mode was serving.
    if (isFailureScenario(this.#scenario)) this.#scenario = 'custom'
  }

  #preflightHeaders(): OutgoingHttpHeaders {
    return {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'If-None-Match, Cache-Control',
      'access-control-max-age': '600',
    }
  }

  #replyFor(path: string): Reply | null {
    if (!this.#replies.has(path)) this.#replies.set(path, this.#computeReply(path))
    return this.#replies.get(path)!
  }

  #computeReply(path: string): Reply | null {
    const scenario = this.#scenario
    const html = (status: number, body: string): Reply => ({
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: Buffer.from(body),
    })
    if (scenario === 'http-503') {
      return html(
        503,
        '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>503 Service Unavailable</h1><p>No server is available to handle this request.</p></body></html>',
      )
    }
    if (path === '/' || path === '/index.html') return html(200, this.#homePage())

    const value = this.#apiValue(path)
    if (value === undefined) return null
    if (scenario === 'html') {
      // A 200 that is not JSON at all: a captive portal or an edge error page.
      return html(
        200,
        '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>Checking your browser before accessing status.claude.com</h1><p>This process is automatic.</p></body></html>',
      )
    }
    let text = typeof value === 'string' ? value : JSON.stringify(value)
    if (scenario === 'invalid-json') text = text.slice(0, Math.floor(text.length * 0.6))
    if (scenario === 'wrong-types') {
      text = JSON.stringify({
        page: 'Claude',
        status: 'All Systems Operational',
        components: { 'claude.ai': 'up' },
        incidents: 'none',
        scheduled_maintenances: null,
        incident: 42,
      })
    }
    const body = Buffer.from(text, 'utf8')
    const etag = weakEtag(body)
    return { status: 200, headers: { ...JSON_HEADERS, etag }, body, etag }
  }

  /** The JSON value (or verbatim string) an API path serves, or undefined for a 404. */
  #apiValue(path: string): unknown {
    const p = this.#payloads
    const summary = this.#custom.summary ?? p.summary
    const incidents = this.#custom.incidents ?? p.incidents
    const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined)
    const page = obj(summary)?.page ?? p.summary.page
    switch (path) {
      case '/api/v2/summary.json':
        return summary
      case '/api/v2/status.json':
        return obj(summary) ? { page, status: obj(summary)!.status } : summary
      case '/api/v2/components.json':
        return obj(summary) ? { page, components: obj(summary)!.components } : summary
      case '/api/v2/incidents/unresolved.json':
        return obj(summary) ? { page, incidents: obj(summary)!.incidents } : summary
      case '/api/v2/incidents.json':
        return incidents
      case '/api/v2/scheduled-maintenances.json':
        return p.maintenances
    }
    const m = /^\/api\/v2\/incidents\/([a-z0-9]+)\.json$/.exec(path)
    if (m) {
      const list = [
        ...((obj(incidents)?.incidents as unknown[] | undefined) ?? []),
        ...((obj(summary)?.incidents as unknown[] | undefined) ?? []),
      ]
      const incident = list.find((i) => obj(i)?.id === m[1])
      return incident ? { page, incident } : undefined
    }
    return undefined
  }

  /** A tiny human page, so a person opening https://status.claude.com in the demo sees the state. */
  #homePage(): string {
    const s = this.#custom.summary ?? this.#payloads.summary
    const summary = (s && typeof s === 'object' ? s : {}) as Partial<ScenarioPayloads['summary']>
    const rows = Array.isArray(summary.components)
      ? summary.components.map(
          (c) => `<li>${escapeHtml(String(c.name))}: ${escapeHtml(String(c.status))}</li>`,
        )
      : []
    const incidents = Array.isArray(summary.incidents)
      ? summary.incidents.map(
          (i) => `<li>${escapeHtml(String(i.name))} (${escapeHtml(String(i.status))})</li>`,
        )
      : []
    return [
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Claude Status (simulated)</title></head><body>',
      `<h1>Claude Status <small>(simulator: ${escapeHtml(this.#scenario)})</small></h1>`,
      `<p>${escapeHtml(String(summary.status?.description ?? 'Status unavailable'))}</p>`,
      `<ul>${rows.join('')}</ul>`,
      incidents.length ? `<h2>Open incidents</h2><ul>${incidents.join('')}</ul>` : '',
      '</body></html>',
    ].join('')
  }

  #record(req: IncomingMessage, url: URL, status: number, bodyBytes: number): StatusRequestRecord {
    const rec: StatusRequestRecord = {
      at: Date.now(),
      host: hostOf(req),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      headers: { ...req.headers },
      status,
      bodyBytes,
    }
    const s = this.stats
    s.requests++
    s.byPath[url.pathname] = (s.byPath[url.pathname] ?? 0) + 1
    s.log.push(rec)
    if (s.log.length > LOG_CAP) s.log.splice(0, s.log.length - LOG_CAP)
    return rec
  }

  #finish(req: IncomingMessage, url: URL, status: number, bodyBytes: number): void {
    this.#record(req, url, status, bodyBytes)
    const s = this.stats
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1
    if (status === 200) s.status200++
    if (status === 304) s.status304++
    if (status === 302) s.redirects++
    s.bodyBytes += bodyBytes
  }
}
