// MAIN-world network observer for claude.ai (claude-web.md §8, architecture.md "MAIN-world observer").
//
// Runs at document_start as a standalone IIFE (toolchain.md pitfall 1) in the page's own world:
// no extension APIs, no polyfill (pitfall 3), no zod (the 5 KB gzip budget; the isolated world
// validates). It wraps fetch and XMLHttpRequest once, and for claude.ai's API calls:
//   - returns the ORIGINAL promise / Response untouched and immediately — same object, same bytes,
//     same streaming; rejections reach the page as the very same error;
//   - analyses a clone() asynchronously, inside try/catch, so a bug here never reaches the page;
//   - reads only whitelisted request fields (`model`, `create_conversation_params.model`), never
//     the prompt, and never keeps a reply (content deltas are read and dropped by the parser);
//   - posts compact, bounded observations with window.postMessage(msg, location.origin), and keeps
//     the last 20 (+ the account message) as JSON in <html data-is-claude-down-obs> for the
//     isolated script, which starts later and cannot hear what was posted before it listened.
// The org id, the conversation id and the org objects stay in this world; only the tier leaves.
import type { ModelRef } from '../shared/core/models.ts'
import {
  type Classification,
  classifyCompletionStatus,
  classifyFetchRejection,
  classifyHttp,
  classifySseEvent,
  ERROR_BODY_CAP,
  requestIdOf,
  SSE_EVENTS_OF_INTEREST,
} from '../shared/core/observe/classify.ts'
import { classifyUrl, isCompletion, type UrlClass } from '../shared/core/observe/endpoints.ts'
import { createLatencyTracker, resolveThresholds } from '../shared/core/observe/latency.ts'
// Types only: erased at build time, so zod never enters this bundle.
import type { AccountMessage, Observation, PageMessage } from '../shared/core/observe/observation.ts'
import {
  modelFromDisplayName,
  modelFromId,
  modelFromRequestBody,
  sameModel,
} from '../shared/core/observe/request-model.ts'
import { createSseParser } from '../shared/core/observe/sse.ts'
import {
  type CatalogEntry,
  catalogFromBootstrap,
  decideTier,
  isOrgId,
  mergeSignals,
  orgSignalsFromResponse,
  type TierSignal,
} from '../shared/core/observe/tier.ts'
import {
  BREADCRUMB_MAX_OBSERVATIONS,
  type Endpoint,
  MESSAGE_SOURCE,
  MESSAGE_VERSION,
  type ObservationKind,
  type Phase,
  SYNTHETIC_ERROR_TYPES as SYN,
  TIERS,
  type Tier,
} from '../shared/core/observe/vocab.ts'

/** Non-enumerable marker on window: a second copy of this script (double injection) does nothing. */
const INSTALLED = Symbol.for('is-claude-down.observer')
/** Non-enumerable marker on our fetch wrapper, so nobody (us included) mistakes it for the original. */
const WRAPPED = Symbol.for('is-claude-down.wrapped')
/** One namespaced sessionStorage key: org id → tier, so a reload knows the tier before bootstrap. */
const TIER_KEY = 'isClaudeDown.tiers'
const TIER_CACHE_MAX = 10
const MAX_MS = 86_400_000

interface Flow {
  id: string
  n: number
  endpoint: Endpoint
  transport: 'fetch' | 'xhr'
  url: UrlClass
  start: number
  signal: AbortSignal | null
  /** The requested model, and where it came from (the body outranks the stream outranks the DOM). */
  model: ModelRef | null
  modelFromBody: boolean
  served: ModelRef | null
  requestId: string | null
  status: number | null
  ttfb: number | null
  firstByte: boolean
  lastByte: number
  toolOpen: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  sawEvent: boolean
  sawStart: boolean
  limitReported: boolean
  stalled: boolean
  stopped: boolean
  done: boolean
}

function install(win: Window & typeof globalThis): void {
  const w = win as unknown as Record<symbol, unknown>
  if (w[INSTALLED]) return
  Object.defineProperty(win, INSTALLED, { value: true, configurable: true })

  const doc = win.document
  const thresholds = resolveThresholds(doc.documentElement?.dataset.isClaudeDownTest)
  const latency = createLatencyTracker()
  const now = () => Date.now()
  const online = (): boolean | null =>
    typeof win.navigator?.onLine === 'boolean' ? win.navigator.onLine : null
  const loadToken = randomToken(win)
  let flowCount = 0
  const active = new Set<Flow>()
  const crumbs: PageMessage[] = []
  let account: AccountMessage | null = null

  // ------------------------------------------------------------------ posting

  function post(msg: PageMessage): void {
    try {
      win.postMessage(msg, win.location.origin)
    } catch {}
    if (msg.type === 'observation') {
      crumbs.push(msg)
      if (crumbs.length > BREADCRUMB_MAX_OBSERVATIONS) crumbs.shift()
    }
    try {
      const root = doc.documentElement
      if (root) root.dataset.isClaudeDownObs = JSON.stringify(account ? [...crumbs, account] : crumbs)
    } catch {}
  }

  const ms = (v: number | null): number | null =>
    v === null ? null : Math.min(MAX_MS, Math.max(0, Math.round(v)))

  function emit(flow: Flow, kind: ObservationKind, c: Partial<Classification>, phase: Phase): void {
    const at = now()
    const observation: Observation = {
      id: `${flow.id}.${(flow.n++).toString(36)}`,
      flow: flow.id,
      kind,
      endpoint: flow.endpoint,
      transport: flow.transport,
      status: flow.status !== null && flow.status >= 100 && flow.status <= 599 ? flow.status : null,
      errorType: c.errorType ?? null,
      model: flow.model,
      servedModel: flow.served,
      requestId: c.requestId ?? flow.requestId,
      resetsAt: c.resetsAt ?? null,
      ttfbMs: ms(flow.ttfb),
      durationMs: ms(at - flow.start),
      online: online(),
      at,
      phase,
    }
    post({ source: MESSAGE_SOURCE, v: MESSAGE_VERSION, type: 'observation', observation })
  }

  /** The one terminal observation of a flow. After the user pressed Stop, any end is 'aborted'. */
  function finish(flow: Flow, c: Classification | null, phase: Phase): void {
    if (flow.done) return
    flow.done = true
    clearTimeout(flow.timer)
    active.delete(flow)
    if (!c || (c.kind === 'usage_limit' && flow.limitReported)) return
    if (flow.stopped && c.kind !== 'usage_limit') emit(flow, 'aborted', {}, phase)
    else emit(flow, c.kind, c, phase)
  }

  // ------------------------------------------------------------------ tier

  const signalsByOrg = new Map<string, TierSignal[]>()
  const tiers: Record<string, Tier> = {}
  try {
    // The page can write this key too: keep only well-formed entries.
    const stored = JSON.parse(win.sessionStorage.getItem(TIER_KEY) ?? '{}') as Record<string, unknown>
    for (const [id, tier] of Object.entries(stored ?? {}).slice(0, TIER_CACHE_MAX)) {
      if (isOrgId(id) && (TIERS as readonly unknown[]).includes(tier)) tiers[id.toLowerCase()] = tier as Tier
    }
  } catch {}
  let activeOrg: string | null = null
  let catalog: CatalogEntry[] | null = null

  function publishAccount(): void {
    const known = Object.keys(tiers)
    let tier: Tier = 'unknown'
    let orgKnown = false
    if (activeOrg && tiers[activeOrg]) {
      tier = tiers[activeOrg] as Tier
      orgKnown = true
    } else if (known.length) {
      // Active org not seen yet: a single org is the active one; several only if they agree.
      const all = new Set(known.map((id) => tiers[id]))
      tier = all.size === 1 ? (tiers[known[0] as string] as Tier) : 'unknown'
      orgKnown = known.length === 1
    }
    const models = catalog ?? undefined
    if (account && account.tier === tier && account.orgKnown === orgKnown && account.catalog === models)
      return
    account = { source: MESSAGE_SOURCE, v: MESSAGE_VERSION, type: 'account', tier, orgKnown }
    if (models) account.catalog = models
    post(account)
  }

  function setActiveOrg(id: string | null): void {
    const org = id?.toLowerCase() ?? null
    if (!org || org === activeOrg) return
    activeOrg = org
    if (tiers[org]) publishAccount()
  }

  function learnTier(endpoint: 'organization' | 'bootstrap', json: unknown, urlOrg: string | null): void {
    // The model catalogue rides along in bootstrap: advice may only suggest models the plan has.
    const listed = endpoint === 'bootstrap' ? catalogFromBootstrap(json) : null
    if (listed) catalog = listed
    const found = orgSignalsFromResponse(endpoint, json, urlOrg)
    if (!found.size) {
      if (listed) publishAccount()
      return
    }
    for (const [id, signals] of found) {
      const merged = mergeSignals(signalsByOrg.get(id) ?? [], signals)
      signalsByOrg.set(id, merged)
      tiers[id] = decideTier(merged)
    }
    const ids = Object.keys(tiers)
    if (ids.length > TIER_CACHE_MAX)
      for (const id of ids.slice(0, ids.length - TIER_CACHE_MAX)) delete tiers[id]
    try {
      win.sessionStorage.setItem(TIER_KEY, JSON.stringify(tiers))
    } catch {}
    publishAccount()
  }

  // ------------------------------------------------------------------ timers (stalls)

  /** (Re)arms the flow's single timer for whichever deadline applies now. */
  function arm(flow: Flow): void {
    clearTimeout(flow.timer)
    if (flow.done || flow.stalled || flow.stopped || !isCompletion(flow.endpoint)) return
    const limit = !flow.firstByte
      ? thresholds.firstByteMs
      : flow.toolOpen
        ? thresholds.stallAfterToolMs
        : thresholds.stallMs
    const due = (flow.firstByte ? flow.lastByte : flow.start) + limit
    flow.timer = setTimeout(
      () => {
        try {
          if (flow.done || flow.stalled || flow.stopped) return
          // Chunks only move lastByte; the deadline is re-checked here instead of re-armed per chunk.
          if (now() < (flow.firstByte ? flow.lastByte : flow.start) + limit) return arm(flow)
          flow.stalled = true
          emit(
            flow,
            'stall',
            { errorType: flow.firstByte ? SYN.streamIdle : SYN.firstByteTimeout },
            flow.status === null ? 'response' : 'stream',
          )
        } catch {}
      },
      Math.max(0, due - now()),
    )
  }

  /** Body bytes of a completion: first-byte time, slowness, and the silence clock. Only completions
   * have a "normal" first-byte time worth a baseline, and only their silence means a stuck reply. */
  function onBytes(flow: Flow): void {
    if (!isCompletion(flow.endpoint)) return
    const t = now()
    flow.lastByte = t
    if (flow.firstByte) return
    flow.firstByte = true
    flow.ttfb = t - flow.start
    if (latency.isSlow(flow.ttfb)) emit(flow, 'slow', {}, 'stream')
    latency.record(flow.ttfb)
    arm(flow)
  }

  // ------------------------------------------------------------------ request start

  function begin(
    url: string,
    method: string,
    body: unknown,
    signal: AbortSignal | null,
    transport: Flow['transport'],
    start: number,
  ): Flow | null {
    const cls = classifyUrl(url, win.location.href)
    if (!cls) return null
    if (cls.endpoint !== 'organization') setActiveOrg(cls.orgId)
    if (cls.stop) {
      // The user pressed Stop: whatever happens to this conversation's stream now is not a failure.
      for (const f of active) {
        if (f.url.conversationId === cls.conversationId) {
          f.stopped = true
          clearTimeout(f.timer)
        }
      }
      return null
    }
    const flow: Flow = {
      id: `${loadToken}.${(flowCount++).toString(36)}`,
      n: 0,
      endpoint: cls.endpoint,
      transport,
      url: cls,
      start,
      signal,
      model: null,
      modelFromBody: false,
      served: null,
      requestId: null,
      status: null,
      ttfb: null,
      firstByte: false,
      lastByte: 0,
      toolOpen: false,
      timer: undefined,
      sawEvent: false,
      sawStart: false,
      limitReported: false,
      stalled: false,
      stopped: false,
      done: false,
    }
    if (isCompletion(cls.endpoint) && /^post$/i.test(method)) {
      flow.model = modelFromRequestBody(body)
      flow.modelFromBody = flow.model !== null
      if (!flow.model) {
        const selector = doc.querySelector('[data-testid="model-selector-dropdown"]')
        flow.model = modelFromDisplayName(selector?.textContent)
      }
      active.add(flow)
      arm(flow)
    }
    return flow
  }

  // ------------------------------------------------------------------ responses

  /** Non-completion endpoints report only their failures; 'other' only server-side ones. */
  function reportable(flow: Flow, c: Classification | null): c is Classification {
    if (!c || c.kind === 'success') return false
    if (flow.endpoint !== 'other') return true
    return (
      c.kind === 'server_error' || c.kind === 'overloaded' || c.kind === 'gateway' || c.kind === 'challenge'
    )
  }

  async function onResponse(flow: Flow, res: Response): Promise<void> {
    flow.status = res.status
    const headers = res.headers
    const type = headers.get('content-type') ?? ''
    flow.requestId = requestIdOf(headers.get('request-id'))
    const completion = isCompletion(flow.endpoint)
    const redirectUrl = res.redirected ? res.url : null
    if (completion && res.ok && /event-stream/i.test(type) && res.body) return readStream(flow, res.clone())
    flow.ttfb = now() - flow.start
    const failed =
      res.status >= 400 || (completion && /html/i.test(type)) || /challenge/i.test(redirectUrl ?? '')
    if (!failed) {
      if (completion)
        return finish(flow, { kind: 'success', errorType: null, resetsAt: null, requestId: null }, 'response')
      if (!res.ok || !/json/i.test(type)) return
      if (flow.endpoint === 'organization' || flow.endpoint === 'bootstrap') {
        learnTier(flow.endpoint, await res.clone().json(), flow.url.orgId)
      } else if (flow.endpoint === 'completion_status') {
        const c = classifyCompletionStatus(await res.clone().json())
        if (c) emit(flow, c.kind, c, 'response')
      }
      return
    }
    // 'other' endpoints: only 5xx is worth reading (telemetry 4xx are noise).
    if (flow.endpoint === 'other' && res.status < 500 && !redirectUrl) return
    const c = classifyHttp({
      status: res.status,
      contentType: type,
      bodyText: await readCapped(res.clone()),
      endpoint: flow.endpoint,
      requestIdHeader: flow.requestId,
      resetHeader: headers.get('anthropic-ratelimit-unified-reset'),
      cfMitigated: headers.get('cf-mitigated'),
      redirectUrl,
      challengeUrl: flow.url.challenge,
    })
    if (completion) finish(flow, c, 'response')
    else if (reportable(flow, c)) emit(flow, c.kind, c, 'response')
  }

  /** At most ERROR_BODY_CAP bytes of an error body; the rest is cancelled on our branch only. */
  async function readCapped(res: Response): Promise<string> {
    const reader = res.body?.getReader()
    if (!reader) return ''
    const parts: Uint8Array[] = []
    let size = 0
    while (size < ERROR_BODY_CAP) {
      const r = await reader.read()
      if (r.done) break
      parts.push(r.value)
      size += r.value.byteLength
    }
    reader.cancel().catch(() => {})
    const all = new Uint8Array(size)
    let at = 0
    for (const p of parts) {
      all.set(p, at)
      at += p.byteLength
    }
    return new TextDecoder().decode(all.subarray(0, ERROR_BODY_CAP))
  }

  async function readStream(flow: Flow, res: Response): Promise<void> {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const parser = createSseParser({ keep: (e) => SSE_EVENTS_OF_INTEREST.has(e) })
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>
      try {
        r = await reader.read()
      } catch (err) {
        // The body broke mid-stream. Aborted by the page or the user: not a failure. Offline: the
        // network. Otherwise the connection was cut — neutral 'stall' (interrupted), to be confirmed.
        const rej = rejection(flow, err)
        const c = classifyFetchRejection(rej)
        if (c?.kind === 'aborted' || c?.kind === 'network') return finish(flow, c, 'stream')
        return finish(
          flow,
          { kind: 'stall', errorType: SYN.streamInterrupted, resetsAt: null, requestId: null },
          'stream',
        )
      }
      if (r.done) {
        for (const ev of parser.end()) onEvent(flow, ev.event, ev.data)
        // No message_stop: cut short. A stream in a format we do not know (events but no
        // message_start) is not judged.
        const cut = !flow.sawEvent || flow.sawStart
        return finish(
          flow,
          flow.stopped || !cut
            ? { kind: 'success', errorType: null, resetsAt: null, requestId: null }
            : { kind: 'stall', errorType: SYN.streamInterrupted, resetsAt: null, requestId: null },
          'stream',
        )
      }
      try {
        onBytes(flow)
        for (const ev of parser.push(r.value)) onEvent(flow, ev.event, ev.data)
      } catch (bug) {
        // Stop reading our branch so the tee does not buffer the rest of the reply for nobody.
        reader.cancel().catch(() => {})
        throw bug
      }
    }
  }

  function onEvent(flow: Flow, event: string, data: string | null): void {
    flow.sawEvent = true
    if (flow.done) return
    const s = classifySseEvent(event, data)
    if (!s) return
    switch (s.type) {
      case 'start': {
        flow.sawStart = true
        flow.requestId = s.requestId ?? flow.requestId
        const served = modelFromId(s.modelId)
        if (!served || sameModel(served, flow.model)) break
        // The body names what was asked for; the stream what served it (fallbacks). A model read
        // from the selector is only a guess, so the stream's answer replaces it.
        if (flow.modelFromBody) flow.served = served
        else flow.model = served
        break
      }
      case 'limit':
        if (s.state === 'exceeded' && !flow.limitReported) {
          flow.limitReported = true
          emit(flow, 'usage_limit', { resetsAt: s.resetsAt }, 'stream')
        }
        break
      case 'error':
        finish(flow, s.classification, 'stream')
        break
      case 'stop_reason':
        if (s.stopReason === 'user_canceled') flow.stopped = true
        break
      case 'block':
        flow.toolOpen = s.toolUse
        arm(flow)
        break
      case 'end':
        finish(flow, { kind: 'success', errorType: null, resetsAt: null, requestId: null }, 'stream')
        break
    }
  }

  function rejection(flow: Flow, err: unknown) {
    const e = err as { name?: unknown; message?: unknown } | null
    return {
      name: typeof e?.name === 'string' ? e.name : null,
      message: typeof e?.message === 'string' ? e.message : null,
      online: online(),
      signalAborted: flow.signal?.aborted === true,
      userStopped: flow.stopped,
    }
  }

  function onReject(flow: Flow, err: unknown): void {
    const c = classifyFetchRejection(rejection(flow, err))
    // Only completions report aborts; and 'other' calls (telemetry) are blocked by ad blockers with
    // the same TypeError as a dead network, so their rejections say nothing.
    if (isCompletion(flow.endpoint)) finish(flow, c, 'response')
    else if (c && c.kind !== 'aborted' && flow.endpoint !== 'other') emit(flow, c.kind, c, 'response')
  }

  // ------------------------------------------------------------------ fetch

  /**
   * Runs our analysis of a flow so that nothing escapes to the page. If it fails (a bug, a body we
   * cannot read), the flow is closed silently: no timer may later report a stall we did not see.
   */
  const guard = (flow: Flow, fn: () => unknown): void => {
    const abandon = () => finish(flow, null, 'response')
    try {
      const r = fn() as Promise<unknown> | undefined
      if (r && typeof r.catch === 'function') r.catch(abandon)
    } catch {
      abandon()
    }
  }

  const original = win.fetch
  if (typeof original === 'function' && !(original as unknown as Record<symbol, unknown>)[WRAPPED]) {
    const wrapped = function fetch(this: unknown, ...args: Parameters<typeof win.fetch>): Promise<Response> {
      const start = now()
      // The request is dispatched first, untouched; reading the URL and the model comes after, so it
      // never delays the page's request. A synchronous throw goes to the page as it is.
      const promise = Reflect.apply(original, this, args) as Promise<Response>
      let flow: Flow | null = null
      try {
        const [input, init] = args
        const req = typeof input === 'object' && input !== null && 'url' in input ? (input as Request) : null
        const url = req ? req.url : String(input)
        const method = init?.method ?? req?.method ?? 'GET'
        flow = begin(url, method, init?.body, init?.signal ?? req?.signal ?? null, 'fetch', start)
      } catch {}
      if (flow && promise && typeof promise.then === 'function') {
        const f = flow
        promise.then(
          (res) => guard(f, () => onResponse(f, res)),
          (err) => guard(f, () => onReject(f, err)),
        )
      }
      return promise
    }
    Object.defineProperty(wrapped, WRAPPED, { value: true })
    win.fetch = wrapped as typeof win.fetch
  }

  // ------------------------------------------------------------------ XMLHttpRequest (status only)

  const XHR = win.XMLHttpRequest
  const proto = typeof XHR === 'function' ? XHR.prototype : null
  if (proto && !(proto.send as unknown as Record<symbol, unknown>)[WRAPPED]) {
    const open = proto.open
    const send = proto.send
    const meta = new WeakMap<XMLHttpRequest, { method: string; url: string }>()
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        meta.set(this, { method: String(args[0]), url: String(args[1]) })
      } catch {}
      return Reflect.apply(open, this, args)
    } as typeof proto.open
    proto.send = function (this: XMLHttpRequest, ...args: unknown[]) {
      // Listeners go on before send(): a synchronous XHR finishes inside send().
      try {
        const m = meta.get(this)
        const flow = m ? begin(m.url, m.method, args[0], null, 'xhr', now()) : null
        if (flow) watchXhr(this, flow)
      } catch {}
      return Reflect.apply(send, this, args)
    } as typeof proto.send
    Object.defineProperty(proto.send, WRAPPED, { value: true })
  }

  function watchXhr(xhr: XMLHttpRequest, flow: Flow): void {
    let ended: 'abort' | 'error' | 'timeout' | null = null
    const on = (type: string, fn: () => void) => xhr.addEventListener(type, () => guard(flow, fn))
    on('abort', () => (ended = 'abort'))
    on('error', () => (ended = 'error'))
    on('timeout', () => (ended = 'timeout'))
    on('progress', () => onBytes(flow))
    on('loadend', () => {
      if (ended || !xhr.status) {
        const name = ended === 'abort' ? 'AbortError' : ended === 'timeout' ? 'TimeoutError' : 'TypeError'
        return onReject(flow, { name, message: null })
      }
      flow.status = xhr.status
      flow.ttfb ??= now() - flow.start
      flow.requestId = requestIdOf(xhr.getResponseHeader('request-id'))
      const rt = xhr.responseType
      const c = classifyHttp({
        status: xhr.status,
        contentType: xhr.getResponseHeader('content-type'),
        bodyText:
          xhr.status >= 400 && (rt === '' || rt === 'text') ? xhr.responseText.slice(0, ERROR_BODY_CAP) : '',
        endpoint: flow.endpoint,
        requestIdHeader: flow.requestId,
        resetHeader: xhr.getResponseHeader('anthropic-ratelimit-unified-reset'),
        cfMitigated: xhr.getResponseHeader('cf-mitigated'),
        challengeUrl: flow.url.challenge,
      })
      if (isCompletion(flow.endpoint)) finish(flow, c, 'response')
      else if (reportable(flow, c)) emit(flow, c.kind, c, 'response')
    })
  }

  if (Object.keys(tiers).length) publishAccount()
}

function randomToken(win: Window & typeof globalThis): string {
  try {
    const a = win.crypto.getRandomValues(new Uint32Array(2))
    return ((a[0] as number).toString(36) + (a[1] as number).toString(36)).slice(0, 12).padEnd(4, '0')
  } catch {
    return Math.random().toString(36).slice(2, 10).padEnd(4, '0')
  }
}

// Installs on evaluation, at document_start. The module exports nothing (an IIFE entry must not);
// tests re-evaluate it (vi.resetModules) over a fake fetch, as a fresh page would.
try {
  install(window)
} catch {}
