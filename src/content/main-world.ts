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
//   - posts raw, whitelisted, bounded FACTS (the v2 wire contract, facts.ts) with
//     window.postMessage(msg, location.origin), and keeps the last 20 (+ the plan) as JSON in
//     <html data-is-claude-down-obs> for the isolated script, which may start listening later.
// It decides nothing: the error rules, model parsing and the slowness baseline run in the isolated
// script (assemble.ts), the tier decision in the background (tier.ts). What stays here is what needs
// this world: the wrappers, endpoint matching (org and conversation ids never leave this script;
// orgs get a per-page alias), the field whitelists, SSE parsing, and the stall timers, which need
// the byte timing.
import { classifyUrl, isCompletion, type UrlClass } from '../shared/core/observe/endpoints.ts'
// Types and constants only: zod never enters this bundle.
import {
  CONTENT_TYPE_MAX,
  ERROR_DETAIL_MAX,
  FACT_TEXT_MAX,
  type FactBase,
  type FactDetails,
  type FactMessage,
  MODEL_ID_MAX,
  type OrgPlanFacts,
  PLAN_ORGS_MAX,
  type PlanMessage,
  REJECTION_MESSAGE_MAX,
  SELECTOR_TEXT_MAX,
  SSE_EVENTS_OF_INTEREST,
} from '../shared/core/observe/facts.ts'
import { clip, type Json, obj } from '../shared/core/observe/json.ts'
import { resolveThresholds } from '../shared/core/observe/latency.ts'
import { copyPlanFields, planInResponse } from '../shared/core/observe/plan-facts.ts'
import { requestedModelId } from '../shared/core/observe/request-model.ts'
import { createSseParser } from '../shared/core/observe/sse.ts'
import { BREADCRUMB_MAX_FACTS, MESSAGE_SOURCE, MESSAGE_VERSION } from '../shared/core/observe/vocab.ts'

/** Non-enumerable marker on window: a second copy of this script (double injection) does nothing. */
const INSTALLED = Symbol.for('is-claude-down.observer')
/** Non-enumerable marker on our wrappers, so nobody (us included) mistakes them for the originals. */
const WRAPPED = Symbol.for('is-claude-down.wrapped')
/**
 * One namespaced sessionStorage key: this tab's plan facts, keyed by a hash of the org id, so a
 * reload knows the plan before bootstrap. It stays on claude.ai's origin and is never posted as is.
 */
const PLAN_KEY = 'isClaudeDown.plan'
const XHR_FAILURES: Record<string, string> = {
  abort: 'AbortError',
  timeout: 'TimeoutError',
  error: 'TypeError',
}

interface Flow {
  id: string
  /** Facts posted so far: the per-flow part of a fact's id. */
  n: number
  endpoint: FactBase['endpoint']
  transport: FactBase['transport']
  url: UrlClass
  start: number
  signal: AbortSignal | null | undefined
  model: FactBase['model']
  servedModel: string | null
  requestId: string | null
  status: number | null
  ttfb: number | null
  /** Time of the last body byte of a completion; 0 until the first. */
  lastByte: number
  toolOpen?: boolean
  timer?: ReturnType<typeof setTimeout>
  sawEvent?: boolean
  sawStart?: boolean
  stopReason?: string | null
  stalled?: boolean
  stopped?: boolean
  done?: boolean
}

interface OrgEntry {
  /** A hash of the org id: finds the org again (URLs, the cache) without keeping the id. */
  key: number
  facts: OrgPlanFacts
}

/** UUIDs: the form of claude.ai's org and conversation ids. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/**
 * Error text as it crosses to the isolated script, which classifies it and drops it: cut to `max`
 * chars, with any UUID (an org or conversation id quoted by an error page) replaced first.
 */
function errorText(v: unknown, max = FACT_TEXT_MAX): string | null {
  return typeof v === 'string' ? v.replace(UUID, '…').slice(0, max) : null
}

function parseJson(text: string | null | undefined): Json | null {
  try {
    return text ? obj(JSON.parse(text)) : null
  } catch {
    return null
  }
}

/** A 32-bit string hash: equal org ids give equal keys; a key does not give the id back. */
function hashOrgId(id: string): number {
  let h = 0
  for (const c of id.toLowerCase()) h = (Math.imul(h, 31) + (c.codePointAt(0) as number)) | 0
  return h
}

function install(win: Window & typeof globalThis): void {
  if ((win as unknown as Record<symbol, unknown>)[INSTALLED]) return
  Object.defineProperty(win, INSTALLED, { value: true, configurable: true })

  const doc = win.document
  const thresholds = resolveThresholds(doc.documentElement?.dataset.isClaudeDownTest)
  const now = () => Date.now()
  // A per-load token + a counter: correlates a stall with the same request's outcome.
  const loadToken = Math.random().toString(36).slice(2, 10).padEnd(4, '0')
  let flowCount = 0
  const active = new Set<Flow>()
  const crumbs: FactMessage[] = []
  let plan: PlanMessage | null = null

  // ------------------------------------------------------------------ posting

  function post(msg: FactMessage | PlanMessage): void {
    try {
      win.postMessage(msg, win.location.origin)
    } catch {}
    if (msg.type === 'fact') {
      crumbs.push(msg)
      if (crumbs.length > BREADCRUMB_MAX_FACTS) crumbs.shift()
    }
    try {
      doc.documentElement.dataset.isClaudeDownObs = JSON.stringify(plan ? [...crumbs, plan] : crumbs)
    } catch {}
  }

  /** Posts one fact about a flow: what happened (`details`) and where the flow stands. */
  function emit(flow: Flow, details: FactDetails): void {
    const at = now()
    post({
      source: MESSAGE_SOURCE,
      v: MESSAGE_VERSION,
      type: 'fact',
      fact: {
        id: `${flow.id}.${(flow.n++).toString(36)}`,
        flow: flow.id,
        endpoint: flow.endpoint,
        transport: flow.transport,
        at,
        status: flow.status,
        ttfbMs: flow.ttfb,
        durationMs: at - flow.start,
        online: typeof win.navigator?.onLine === 'boolean' ? win.navigator.onLine : null,
        stopped: !!flow.stopped,
        model: flow.model,
        servedModel: flow.servedModel,
        requestId: flow.requestId,
        ...details,
      },
    })
  }

  /** The one terminal fact of a flow; null closes it silently (our analysis failed). */
  function finish(flow: Flow, details: FactDetails | null): void {
    if (flow.done) return
    flow.done = true
    clearTimeout(flow.timer)
    active.delete(flow)
    if (details) emit(flow, details)
  }

  // ------------------------------------------------------------------ plan (tier facts)

  let orgs: OrgEntry[] = []
  let activeKey: number | undefined
  let catalog: PlanMessage['catalog'] = null
  let cached = false
  try {
    // The page can write this key too: every entry goes through the whitelist again.
    const stored = JSON.parse(win.sessionStorage.getItem(PLAN_KEY) as string)
    orgs = stored.orgs
      .slice(0, PLAN_ORGS_MAX)
      .filter((e: OrgEntry) => typeof e.key === 'number')
      .map((e: OrgEntry) => ({ key: e.key, facts: copyPlanFields(e.facts) }))
    cached = orgs.length > 0
  } catch {}

  function publishPlan(): void {
    const alias = orgs.findIndex((o) => o.key === activeKey)
    const next: PlanMessage = {
      source: MESSAGE_SOURCE,
      v: MESSAGE_VERSION,
      type: 'plan',
      orgs: orgs.map((o) => o.facts),
      active: alias < 0 ? null : alias,
      catalog,
      cached,
    }
    if (JSON.stringify(next) === JSON.stringify(plan)) return
    plan = next
    post(plan)
  }

  function setActiveOrg(id: string | undefined): void {
    const key = id ? hashOrgId(id) : undefined
    if (key === undefined || key === activeKey) return
    activeKey = key
    if (orgs.some((o) => o.key === key)) publishPlan()
  }

  /** `/api/organizations[/{org}]` or bootstrap JSON: merges its plan facts per org, then publishes. */
  function learnPlan(flow: Flow, json: unknown): void {
    const found = planInResponse(flow.endpoint as 'organization' | 'bootstrap', json, flow.url.orgId)
    for (const [id, facts] of found.orgs) {
      const key = hashOrgId(id)
      let entry = orgs.find((o) => o.key === key)
      if (!entry && orgs.length < PLAN_ORGS_MAX) {
        entry = { key, facts: {} }
        orgs.push(entry)
      }
      if (entry) Object.assign(entry.facts, facts)
    }
    catalog = found.catalog ?? catalog
    cached = false
    try {
      win.sessionStorage.setItem(PLAN_KEY, JSON.stringify({ orgs }))
    } catch {}
    publishPlan()
  }

  // ------------------------------------------------------------------ timers (stalls)

  /** (Re)arms the flow's single timer for whichever deadline applies now. */
  function arm(flow: Flow): void {
    clearTimeout(flow.timer)
    if (flow.done || flow.stalled || flow.stopped) return
    const limit = !flow.lastByte
      ? thresholds.firstByteMs
      : flow.toolOpen
        ? thresholds.stallAfterToolMs
        : thresholds.stallMs
    const due = () => (flow.lastByte || flow.start) + limit
    flow.timer = setTimeout(
      () => {
        try {
          if (flow.done || flow.stalled || flow.stopped) return
          // Chunks only move lastByte; the deadline is re-checked here instead of re-armed per chunk.
          if (now() < due()) return arm(flow)
          flow.stalled = true
          emit(flow, { fact: 'stall', stall: flow.lastByte ? 'idle' : 'first_byte' })
        } catch {}
      },
      Math.max(0, due() - now()),
    )
  }

  /** Body bytes of a completion: its first-byte time (the slowness sample) and the silence clock.
   * Only completions have a "normal" first-byte time, and only their silence means a stuck reply. */
  function onBytes(flow: Flow): void {
    if (!isCompletion(flow.endpoint)) return
    const t = now()
    const first = !flow.lastByte
    flow.lastByte = t
    if (!first) return
    flow.ttfb = t - flow.start
    emit(flow, { fact: 'first_byte' })
    arm(flow)
  }

  // ------------------------------------------------------------------ request start

  function begin(
    url: string,
    method: string,
    body: unknown,
    signal: AbortSignal | null | undefined,
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
      servedModel: null,
      requestId: null,
      status: null,
      ttfb: null,
      lastByte: 0,
    }
    if (isCompletion(cls.endpoint) && /^post$/i.test(method)) {
      const selector = doc.querySelector('[data-testid="model-selector-dropdown"]')?.textContent
      flow.model = { body: requestedModelId(body), selector: clip(selector, SELECTOR_TEXT_MAX) }
      active.add(flow)
      arm(flow)
    }
    return flow
  }

  // ------------------------------------------------------------------ responses

  /**
   * Whether an HTTP response (fetch or XHR, not a reply stream) is news. Completions always are
   * (their outcome); other endpoints only when they failed, and 'other' ones (telemetry) only on
   * a 5xx, a redirect or a failed challenge call: their 4xx are noise.
   */
  function isNews(flow: Flow, status: number, failed: boolean, redirected: boolean): boolean {
    if (isCompletion(flow.endpoint)) return true
    return failed && (flow.endpoint !== 'other' || status > 499 || redirected || !!flow.url.challenge)
  }

  /** Posts the facts of an HTTP response; `body` is read (capped) only for a failure. */
  function reportHttp(
    flow: Flow,
    header: (name: string) => string | null,
    body: string,
    redirectedToChallenge: boolean,
  ): void {
    finish(flow, {
      fact: 'response',
      contentType: clip(header('content-type'), CONTENT_TYPE_MAX),
      body: errorText(body) as string,
      reset: clip(header('anthropic-ratelimit-unified-reset')),
      cfMitigated: clip(header('cf-mitigated')),
      challenge: redirectedToChallenge || !!flow.url.challenge,
    })
  }

  /** Status, request id and first-byte time of a response that is not a reply stream. */
  function onHeaders(flow: Flow, status: number, header: (name: string) => string | null): void {
    flow.status = status
    flow.ttfb ??= now() - flow.start
    flow.requestId = clip(header('request-id'))
  }

  /** A completion answered with HTML (an incident page, a proxy) failed whatever its status. */
  function failedStatus(flow: Flow, status: number, contentType: string | null): boolean {
    return status > 399 || (isCompletion(flow.endpoint) && /html/i.test(contentType ?? ''))
  }

  async function onResponse(flow: Flow, res: Response): Promise<void> {
    const header = (name: string) => res.headers.get(name)
    const type = header('content-type')
    if (isCompletion(flow.endpoint) && res.ok && /event-stream/i.test(type ?? '') && res.body) {
      flow.status = res.status
      flow.requestId = clip(header('request-id'))
      return readStream(flow, res.clone().body as ReadableStream<Uint8Array>)
    }
    onHeaders(flow, res.status, header)
    const toChallenge = res.redirected && /challenge/i.test(res.url)
    const failed = failedStatus(flow, res.status, type) || toChallenge
    if (isNews(flow, res.status, failed, res.redirected))
      return reportHttp(flow, header, failed ? await readCapped(res.clone()) : '', toChallenge)
    if (failed || !res.ok || !/json/i.test(type ?? '')) return
    if (flow.endpoint === 'organization' || flow.endpoint === 'bootstrap') {
      learnPlan(flow, await res.clone().json())
    } else if (flow.endpoint === 'completion_status') {
      const status = obj(await res.clone().json())
      if (status?.is_error === true)
        emit(flow, {
          fact: 'completion_status',
          errorCode: clip(status.error_code),
          errorDetail: errorText(status.error_detail, ERROR_DETAIL_MAX),
        })
    }
  }

  /** At most FACT_TEXT_MAX chars of an error body; the rest is cancelled on our branch only. */
  async function readCapped(res: Response): Promise<string> {
    const reader = res.body?.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (reader && text.length < FACT_TEXT_MAX) {
      const r = await reader.read()
      if (r.done) break
      text += decoder.decode(r.value, { stream: true })
    }
    reader?.cancel().catch(() => {})
    return text
  }

  async function readStream(flow: Flow, body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader()
    const parser = createSseParser({ keep: (event) => SSE_EVENTS_OF_INTEREST.has(event) })
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>
      try {
        r = await reader.read()
      } catch (err) {
        // The body broke mid-stream: aborted, offline, or cut. The isolated side tells which.
        return finish(flow, { fact: 'broken', ...rejection(flow, err) })
      }
      if (r.done) return endStream(flow, false)
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

  /** The stream's end: message_stop (`complete`), stop reason "error", or the body just ended. */
  function endStream(flow: Flow, complete: boolean): void {
    finish(flow, {
      fact: 'end',
      complete,
      sawEvent: !!flow.sawEvent,
      sawStart: !!flow.sawStart,
      stopReason: flow.stopReason ?? null,
    })
  }

  /** One SSE event. Only whitelisted facts are kept; of content_block_start only "tool or not". */
  function onEvent(flow: Flow, event: string, data: string | null): void {
    flow.sawEvent = true
    if (flow.done) return
    const json = parseJson(data)
    // An unnamed event is named by its payload's `type`.
    switch (event === 'message' ? json?.type : event) {
      case 'message_start': {
        const message = obj(json?.message)
        flow.sawStart = true
        flow.servedModel = clip(message?.model, MODEL_ID_MAX) ?? flow.servedModel
        flow.requestId = clip(message?.request_id) ?? flow.requestId
        break
      }
      case 'content_block_start':
        flow.toolOpen = /tool_use$/.test(clip(obj(json?.content_block)?.type) ?? '')
        arm(flow)
        break
      case 'message_delta': {
        const reason = clip(obj(json?.delta)?.stop_reason)
        flow.stopReason = reason ?? flow.stopReason
        if (reason === 'user_canceled') flow.stopped = true
        if (reason === 'error') endStream(flow, false)
        break
      }
      case 'message_stop':
        endStream(flow, true)
        break
      case 'message_limit':
        // Only a limit that may be exceeded is news; `within_limit` frames come with every reply.
        if (/exceeded_limit|over_limit/.test(data ?? ''))
          emit(flow, { fact: 'limit', data: errorText(data) as string })
        break
      case 'error':
        finish(flow, { fact: 'stream_error', data: errorText(data) })
    }
  }

  /** The facts of a rejection. The message serves the "page's own bug" rule; ids and URLs scrubbed. */
  function rejection(flow: Flow, err: unknown) {
    const e = err as { name?: unknown; message?: unknown } | null
    return {
      name: clip(e?.name),
      message: clip(e?.message, REJECTION_MESSAGE_MAX)?.replace(/[\w-]{20,}|https?:\S+/g, '…') ?? null,
      signalAborted: !!flow.signal?.aborted,
    }
  }

  function onReject(flow: Flow, err: unknown): void {
    // 'other' calls (telemetry) are blocked by ad blockers with the same TypeError as a dead
    // network, so their rejections say nothing.
    finish(flow, flow.endpoint === 'other' ? null : { fact: 'rejected', ...rejection(flow, err) })
  }

  // ------------------------------------------------------------------ fetch

  /**
   * Runs our analysis of a flow so that nothing escapes to the page. If it fails (a bug, a body we
   * cannot read), the flow is closed silently: no timer may later report a stall we did not see.
   */
  function guard(flow: Flow, fn: () => unknown): void {
    const abandon = () => finish(flow, null)
    try {
      const r = fn() as Promise<unknown> | undefined
      if (typeof r?.catch === 'function') r.catch(abandon)
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
      try {
        const [input, init] = args
        const req = typeof input === 'object' && input !== null && 'url' in input ? (input as Request) : null
        const flow = begin(
          req ? req.url : String(input),
          init?.method ?? req?.method ?? 'GET',
          init?.body,
          init?.signal ?? req?.signal,
          'fetch',
          start,
        )
        if (flow && typeof promise?.then === 'function')
          promise.then(
            (res) => guard(flow, () => onResponse(flow, res)),
            (err) => guard(flow, () => onReject(flow, err)),
          )
      } catch {}
      return promise
    }
    Object.defineProperty(wrapped, WRAPPED, { value: true })
    win.fetch = wrapped as typeof win.fetch
  }

  // ------------------------------------------------------------------ XMLHttpRequest (status only)

  const proto = win.XMLHttpRequest?.prototype
  if (proto && !(proto.send as unknown as Record<symbol, unknown>)[WRAPPED]) {
    const { open, send } = proto
    const requests = new WeakMap<XMLHttpRequest, unknown[]>()
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      try {
        requests.set(this, args)
      } catch {}
      return Reflect.apply(open, this, args)
    } as typeof proto.open
    proto.send = function (this: XMLHttpRequest, ...args: unknown[]) {
      // Listeners go on before send(): a synchronous XHR finishes inside send().
      try {
        const [method, url] = requests.get(this) ?? []
        const flow = url ? begin(String(url), String(method), args[0], null, 'xhr', now()) : null
        if (flow) watchXhr(this, flow)
      } catch {}
      return Reflect.apply(send, this, args)
    } as typeof proto.send
    Object.defineProperty(proto.send, WRAPPED, { value: true })
  }

  function watchXhr(xhr: XMLHttpRequest, flow: Flow): void {
    let failure: string | undefined
    const on = (type: string, fn: () => unknown) => xhr.addEventListener(type, () => guard(flow, fn))
    for (const type in XHR_FAILURES) on(type, () => (failure = XHR_FAILURES[type]))
    on('progress', () => onBytes(flow))
    on('loadend', () => {
      if (failure || !xhr.status) return onReject(flow, { name: failure ?? 'TypeError' })
      const header = (name: string) => xhr.getResponseHeader(name)
      onHeaders(flow, xhr.status, header)
      const failed = failedStatus(flow, xhr.status, header('content-type'))
      const textual = xhr.responseType === '' || xhr.responseType === 'text'
      // Synchronous: an XHR's body is already here.
      if (isNews(flow, xhr.status, failed, false))
        reportHttp(flow, header, failed && textual ? xhr.responseText : '', false)
    })
  }

  if (orgs.length) publishPlan()
}

// Installs on evaluation, at document_start. The module exports nothing (an IIFE entry must not);
// tests re-evaluate it (vi.resetModules) over a fake fetch, as a fresh page would.
try {
  install(window)
} catch {}
