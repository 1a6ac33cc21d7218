// claude.ai's network layer: the app pages (with a strict CSP), their same-origin scripts, and the
// internal API the web app calls — org, bootstrap, usage, and the streaming `/completion` whose
// behaviour is set per test through completion modes.
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { readBody, requestId, send, sendJson, urlOf } from '../http.ts'
import {
  type CompletionMode,
  type CompletionModeSpec,
  type Outcome,
  serveCompletion,
  toSpec,
} from './modes.ts'
import {
  bootstrapFor,
  DEFAULT_MODEL,
  isTier,
  type Organization,
  organizationFor,
  type Tier,
  usageFor,
} from './orgs.ts'
import { appPage } from './pages.ts'

export const CLAUDE_HOST = 'claude.ai'

/** claude.ai's CSP, reduced to what matters here: no inline script, no foreign origins. */
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'"

const ASSETS = {
  '/app.js': readFileSync(new URL('./assets/app.js', import.meta.url)),
  '/early.js': readFileSync(new URL('./assets/early.js', import.meta.url)),
} as const

export interface CompletionRecord {
  at: number
  kind: 'completion' | 'retry_completion'
  /** Top-level keys of the JSON body, in the order sent. Never the values: the prompt stays private. */
  bodyKeys: string[]
  /** `body.model` (or `create_conversation_params.model`), which is not user content. */
  model: string | null
  accept: string | undefined
  mode: CompletionModeSpec['mode']
  /** True when this was Chromium resending a request after a `network-reset` (see below). */
  resent: boolean
}

export interface ClaudeStats {
  requests: number
  /** Requests per route, e.g. "GET /api/organizations", "POST …/completion". */
  byRoute: Record<string, number>
  /** `/completion` + `/retry_completion` requests, not counting Chromium's silent resends. */
  completions: number
  /** Chromium's silent resends after a `network-reset` (see RESEND_WINDOW_MS). */
  resends: number
  /** The last completion request's body keys; `null` before the first one. */
  lastBodyKeys: string[] | null
  /** SHA-256 (hex) of the body bytes of the last completion response that ended. */
  lastSentDigest: string | null
  /** The last completion request's headers (no body). */
  lastCompletionHeaders: IncomingHttpHeaders | null
  /** Every completion request, oldest first (newest 500 kept). */
  completionLog: CompletionRecord[]
}

function emptyStats(): ClaudeStats {
  return {
    requests: 0,
    byRoute: {},
    completions: 0,
    resends: 0,
    lastBodyKeys: null,
    lastSentDigest: null,
    lastCompletionHeaders: null,
    completionLog: [],
  }
}

// Chromium silently resends a request when a *reused* keep-alive connection dies before any
// response byte (HttpNetworkTransaction::ShouldResendRequest) — observed: up to 3 resends, one per
// idle pooled connection. Without care a `network-reset` would then hit the next queued mode
// instead of surfacing. So a byte-identical body arriving soon after a reset is reset again,
// without consuming the queue. The app's bodies carry fresh turn_message_uuids, so a new send
// never matches; Node clients that repeat a body verbatim within the window get a reset too.
const RESEND_WINDOW_MS = 10_000

export class ClaudeSide {
  /** Live counters; `resetStats()` clears them in place. */
  readonly stats: ClaudeStats = emptyStats()
  csp: string = DEFAULT_CSP

  #tier: Tier = 'pro'
  #org: Organization = organizationFor('pro')
  #mode: CompletionModeSpec = { mode: 'ok' }
  #queue: CompletionModeSpec[] = []
  #open = new Set<ServerResponse>()
  #conversations = new Map<string, Outcome>()
  #resetBodies = new Map<string, number>()

  constructor(opts: { tier?: Tier; mode?: CompletionMode } = {}) {
    if (opts.tier) this.setTier(opts.tier)
    if (opts.mode) this.setCompletionMode(opts.mode)
  }

  get tier(): Tier {
    return this.#tier
  }
  get organization(): Organization {
    return this.#org
  }
  /** The persistent mode, used whenever the queue is empty. */
  get completionMode(): CompletionModeSpec {
    return { ...this.#mode }
  }
  /** Modes still queued for the next requests. */
  get queuedModes(): CompletionModeSpec[] {
    return this.#queue.map((m) => ({ ...m }))
  }

  /** Switches the plan. `overrides` are merged into the org object (e.g. a Team seat with a Max rate_limit_tier). */
  setTier(tier: Tier, overrides: Record<string, unknown> = {}): void {
    if (!isTier(tier)) throw new Error(`unknown tier: ${String(tier)}`)
    this.#tier = tier
    this.#org = organizationFor(tier, overrides)
  }

  /** Sets how every completion answers from now on (after any queued modes). */
  setCompletionMode(mode: CompletionMode): void {
    this.#mode = toSpec(mode)
  }

  /** The next `modes.length` completions answer with these, in order; then the persistent mode again. */
  queueCompletionModes(modes: CompletionMode[]): void {
    this.#queue.push(...modes.map(toSpec))
  }

  clearQueue(): void {
    this.#queue = []
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats())
  }

  /** Ends every stalled or hanging completion (the server calls this on close). */
  close(): void {
    for (const res of this.#open) res.socket?.destroy()
    this.#open.clear()
  }

  // -------------------------------------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = urlOf(req)
    const path = url.pathname
    const method = req.method ?? 'GET'
    this.stats.requests++

    if (
      (method === 'GET' || method === 'HEAD') &&
      (path === '/' || path === '/new' || /^\/chat\/[^/]+$/.test(path))
    ) {
      this.#count(`${method} ${path === '/' || path === '/new' ? path : '/chat/:id'}`)
      return this.#page(req, res, url, false)
    }
    if ((method === 'GET' || method === 'HEAD') && path === '/early') {
      this.#count(`${method} /early`)
      return this.#page(req, res, url, true)
    }
    if ((method === 'GET' || method === 'HEAD') && path in ASSETS) {
      this.#count(`${method} ${path}`)
      send(
        req,
        res,
        200,
        { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
        ASSETS[path as keyof typeof ASSETS],
      )
      return
    }
    if (path === '/favicon.ico') {
      this.#count(`${method} /favicon.ico`)
      res.writeHead(204).end()
      return
    }
    if (path.startsWith('/api/') || path.startsWith('/edge-api/')) return this.#api(req, res, url, method)

    this.#count(`${method} (other)`)
    send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found')
  }

  #page(req: IncomingMessage, res: ServerResponse, url: URL, early: boolean): void {
    const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light'
    const stallMs = Number(url.searchParams.get('stallMs'))
    const firstByteMs = Number(url.searchParams.get('firstByteMs'))
    // The extension's documented test hook: short stall thresholds read at document_start.
    const testHook =
      stallMs > 0 || firstByteMs > 0
        ? JSON.stringify({ ...(stallMs > 0 ? { stallMs } : {}), ...(firstByteMs > 0 ? { firstByteMs } : {}) })
        : null
    const html = appPage({ theme, early, org: this.#org.uuid, model: DEFAULT_MODEL, testHook })
    send(
      req,
      res,
      200,
      {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': this.csp,
        'cache-control': 'no-store',
        // The org cookie is real (claude-web.md §1); the session cookie is an obviously fake value.
        'set-cookie': [
          `lastActiveOrg=${this.#org.uuid}; Path=/; Secure; SameSite=Lax`,
          'sessionKey=sk-ant-sid01-SIMULATED-not-a-real-session; Path=/; Secure; HttpOnly; SameSite=Lax',
        ],
      },
      html,
    )
  }

  async #api(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const path = url.pathname
    const rid = requestId()
    const json = (status: number, value: unknown) => sendJson(req, res, status, value, { 'request-id': rid })
    const route = (name: string) => this.#count(`${method} ${name}`)

    if (method === 'GET' && path === '/api/organizations') {
      route('/api/organizations')
      return void json(200, [this.#org])
    }
    let m = /^\/api\/organizations\/([^/]+)$/.exec(path)
    if (method === 'GET' && m) {
      route('/api/organizations/:org')
      return void json(200, this.#org)
    }
    m = /^\/(?:edge-api|api)\/bootstrap\/([^/]+)\/app_start$/.exec(path)
    if (method === 'GET' && m) {
      route(`${path.startsWith('/edge-api') ? '/edge-api' : '/api'}/bootstrap/:org/app_start`)
      return void json(200, bootstrapFor(this.#org, this.#tier))
    }
    m = /^\/api\/organizations\/([^/]+)\/usage$/.exec(path)
    if (method === 'GET' && m) {
      route('/api/organizations/:org/usage')
      return void json(200, usageFor())
    }
    if (method === 'POST' && path === '/api/event_logging/v2/batch') {
      route('/api/event_logging/v2/batch')
      await readBody(req, 4 << 20).catch(() => undefined)
      return void json(200, {})
    }
    m = /^\/api\/organizations\/([^/]+)\/chat_conversations$/.exec(path)
    if (method === 'POST' && m) {
      route('/api/organizations/:org/chat_conversations')
      const body = parseJson(await readBody(req).catch(() => Buffer.alloc(0)))
      const uuid = typeof body?.uuid === 'string' ? body.uuid : randomUUID()
      return void json(201, conversation(uuid, typeof body?.model === 'string' ? body.model : DEFAULT_MODEL))
    }
    m = /^\/api\/organizations\/([^/]+)\/chat_conversations\/([^/]+)\/(completion|retry_completion)$/.exec(
      path,
    )
    if (method === 'POST' && m) {
      route(`/api/organizations/:org/chat_conversations/:conv/${m[3]}`)
      return this.#completion(req, res, m[2]!, m[3] as CompletionRecord['kind'])
    }
    m = /^\/api\/organizations\/([^/]+)\/chat_conversations\/([^/]+)\/completion_status$/.exec(path)
    if (method === 'GET' && m) {
      route('/api/organizations/:org/chat_conversations/:conv/completion_status')
      return void json(200, completionStatus(this.#conversations.get(m[2]!)))
    }
    m = /^\/api\/organizations\/([^/]+)\/chat_conversations\/([^/]+)\/stop_response$/.exec(path)
    if (method === 'POST' && m) {
      route('/api/organizations/:org/chat_conversations/:conv/stop_response')
      this.#conversations.set(m[2]!, { state: 'done' })
      return void json(200, {})
    }
    m = /^\/api\/organizations\/([^/]+)\/chat_conversations\/([^/]+)$/.exec(path)
    if (method === 'GET' && m) {
      route('/api/organizations/:org/chat_conversations/:conv')
      return void json(200, conversation(m[2]!, DEFAULT_MODEL))
    }
    route('(unknown api)')
    json(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' }, request_id: rid })
  }

  async #completion(
    req: IncomingMessage,
    res: ServerResponse,
    conv: string,
    kind: CompletionRecord['kind'],
  ): Promise<void> {
    let raw: Buffer
    try {
      raw = await readBody(req)
    } catch {
      res.writeHead(413).end()
      return
    }
    const body = parseJson(raw)
    const hash = createHash('sha256').update(raw).digest('hex')
    this.#pruneResets()
    const resent = this.#resetBodies.has(hash)
    const spec: CompletionModeSpec = resent
      ? { mode: 'network-reset' }
      : (this.#queue.shift() ?? { ...this.#mode })

    const model =
      (typeof body?.model === 'string' && body.model) ||
      (typeof body?.create_conversation_params === 'object' &&
      body.create_conversation_params !== null &&
      typeof (body.create_conversation_params as Record<string, unknown>).model === 'string'
        ? ((body.create_conversation_params as Record<string, unknown>).model as string)
        : null)
    const s = this.stats
    if (resent) s.resends++
    else s.completions++
    s.lastBodyKeys = body ? Object.keys(body) : []
    s.lastCompletionHeaders = { ...req.headers }
    s.completionLog.push({
      at: Date.now(),
      kind,
      bodyKeys: s.lastBodyKeys,
      model,
      accept: req.headers.accept,
      mode: spec.mode,
      resent,
    })
    if (s.completionLog.length > 500) s.completionLog.splice(0, s.completionLog.length - 500)

    if (spec.mode === 'network-reset') this.#resetBodies.set(hash, Date.now() + RESEND_WINDOW_MS)

    // Fingerprint of the exact body bytes sent, so tests can prove the page received them unchanged.
    const sent = createHash('sha256')
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    const feed = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) sent.update(chunk)
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      feed(chunk)
      return write(chunk, ...rest)
    }) as typeof res.write
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') feed(args[0])
      s.lastSentDigest = sent.digest('hex')
      return end(...args)
    }) as typeof res.end

    const controller = new AbortController()
    this.#open.add(res)
    res.on('close', () => {
      this.#open.delete(res)
      controller.abort()
    })
    this.#conversations.set(conv, { state: 'pending' })
    const outcome = await serveCompletion({
      req,
      res,
      spec,
      model: model ?? DEFAULT_MODEL,
      parentUuid: typeof body?.parent_message_uuid === 'string' ? body.parent_message_uuid : null,
      signal: controller.signal,
    })
    this.#conversations.set(conv, outcome)
  }

  #pruneResets(): void {
    const now = Date.now()
    for (const [hash, until] of this.#resetBodies) if (until < now) this.#resetBodies.delete(hash)
  }

  #count(route: string): void {
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1
  }
}

function parseJson(raw: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'))
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** `completion_status?poll=false` [ext]: what a detector cross-checks when a stream goes quiet. */
function completionStatus(outcome: Outcome | undefined) {
  if (outcome?.state === 'pending')
    return { is_pending: true, is_error: false, error_detail: null, error_code: null }
  if (outcome?.state === 'error' || outcome?.state === 'reset') {
    return {
      is_pending: false,
      is_error: true,
      error_detail: outcome.state === 'error' ? outcome.detail : 'connection reset',
      error_code: outcome.state === 'error' ? outcome.code : 'network_error',
    }
  }
  return { is_pending: false, is_error: false, error_detail: null, error_code: null }
}

function conversation(uuid: string, model: string) {
  const now = new Date().toISOString()
  return {
    uuid,
    name: '',
    summary: '',
    model,
    created_at: now,
    updated_at: now,
    settings: {},
    is_starred: false,
    is_temporary: false,
    current_leaf_message_uuid: null,
    chat_messages: [],
  }
}
