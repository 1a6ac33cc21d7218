// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://claude.ai/chat/5b1c7e2a-0000-4000-8000-000000000001"}
//
// The MAIN-world observer, end to end inside happy-dom: it is installed over a fake fetch that
// returns real Response objects, exactly as the manifest installs it over the page's fetch. Each
// test re-evaluates the module (a fresh page load): the window marker is cleared and fetch reset.
//
// What the script posts (raw facts, facts.ts) goes, as in the extension, through the isolated
// script's page inbox, which validates them and assembles observations (assemble.ts); the tests
// assert on those observations, and on the plan facts through the background's tier decision.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PageMessage, PlanFacts } from '../shared/core/observe/facts.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import { parsePageMessage } from '../shared/core/observe/page-messages.ts'
import { decideAccountTier } from '../shared/core/observe/tier.ts'
import { createPageInbox, type PageInbox } from './page-inbox.ts'

const ORG = '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65'
const ORG2 = '1c7d6b1f-4e3a-4d2c-8b9f-8e7d6c5b4a32'
const CONV = '5b1c7e2a-0000-4000-8000-000000000001'
const COMPLETION = `/api/organizations/${ORG}/chat_conversations/${CONV}/completion`
const STOP = `/api/organizations/${ORG}/chat_conversations/${CONV}/stop_response`
const PROMPT = 'TOP-SECRET-PROMPT: my diagnosis is 🫀 and my password is hunter2'
const REPLY = 'TOP-SECRET-REPLY: here is what I think about your diagnosis'
const REQ = 'req_011CZAZLDXQdVKwgHDw6GTiN'
const INSTALLED = Symbol.for('is-claude-down.observer')
const enc = new TextEncoder()

type Fetch = typeof window.fetch
let posted: { msg: PageMessage; origin: string }[] = []
let fakeFetch: ReturnType<typeof vi.fn<Fetch>>
/** The isolated script's side of this page: what it made of the posted facts. */
let inbox: PageInbox
let observed: Observation[] = []
let plans: PlanFacts[] = []

function observations(): Observation[] {
  return observed
}

/** The tier the background decides from the last plan facts the page posted. */
function lastAccount() {
  const plan = plans.at(-1)
  return plan ? decideAccountTier(plan) : undefined
}

async function loadPage(opts: { hook?: unknown; respond?: Fetch } = {}): Promise<void> {
  delete (window as unknown as Record<symbol, unknown>)[INSTALLED]
  fakeFetch = vi.fn<Fetch>(opts.respond ?? (async () => new Response('{}')))
  window.fetch = fakeFetch
  const root = document.documentElement
  delete root.dataset.isClaudeDownObs
  if (opts.hook) root.dataset.isClaudeDownTest = JSON.stringify(opts.hook)
  else delete root.dataset.isClaudeDownTest
  observed = []
  plans = []
  inbox = createPageInbox({
    window,
    onObservation: (o) => observed.push(o),
    onPlan: (p) => plans.push(p),
  })
  vi.resetModules()
  await import('./main-world.ts')
}

/** A first page load that learnt these orgs (so this tab's sessionStorage holds their plan facts). */
async function seedPlanCache(orgs: unknown[]): Promise<void> {
  await loadPage({ respond: async () => json(200, orgs) })
  await window.fetch('/api/organizations')
  await until(() => plans.length > 0)
  posted = []
}

function completionInit(body: Record<string, unknown> = { model: 'claude-opus-4-8' }): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ prompt: PROMPT, timezone: 'Europe/Berlin', rendering_mode: 'messages', ...body }),
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

const START = frame('message_start', {
  type: 'message_start',
  message: { uuid: 'm1', model: 'claude-opus-4-8', request_id: REQ },
})
const DELTA = frame('content_block_delta', {
  type: 'content_block_delta',
  delta: { type: 'text_delta', text: REPLY },
})
const END =
  frame('message_delta', { delta: { stop_reason: 'end_turn' } }) +
  frame('message_stop', { type: 'message_stop' })

/** A streamed response whose chunks the test pushes when it wants. */
function liveSse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      ctrl = c
    },
  })
  const response = new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  })
  return {
    response,
    push: (s: string) => ctrl.enqueue(enc.encode(s)),
    close: () => ctrl.close(),
    fail: (e: unknown) => ctrl.error(e),
  }
}

function sse(...chunks: string[]): Response {
  const s = liveSse()
  for (const c of chunks) s.push(c)
  s.close()
  return s.response
}

async function readAll(res: Response): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const parts: Uint8Array[] = []
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value)
  return new TextDecoder().decode(Buffer.concat(parts))
}

/** A minimal XHR: enough surface for the wrapper, driven by the test. */
class FakeXHR extends EventTarget {
  status = 0
  responseType = ''
  responseText = ''
  headers: Record<string, string> = {}
  open(_method: string, _url: string) {}
  send(_body?: unknown) {}
  getResponseHeader(name: string) {
    return this.headers[name.toLowerCase()] ?? null
  }
  finish(status: number, text: string, headers: Record<string, string>, events = ['load']) {
    this.status = status
    this.responseText = text
    this.headers = headers
    for (const e of [...events, 'loadend']) this.dispatchEvent(new Event(e))
  }
}

const until = (pred: () => boolean) =>
  vi.waitFor(() => expect(pred()).toBe(true), { timeout: 3000, interval: 5 })

beforeEach(() => {
  posted = []
  vi.spyOn(window, 'postMessage').mockImplementation(((msg: PageMessage, origin: string) => {
    posted.push({ msg, origin })
    // Delivered as the browser would: a structured clone, from this window, to the isolated script.
    inbox.handleMessageEvent(
      new MessageEvent('message', { data: structuredClone(msg), origin, source: window }),
    )
  }) as typeof window.postMessage)
  sessionStorage.clear()
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true })
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('failures on the completion request', () => {
  it('500 api_error: the page gets the same Response with the same bytes; we post server_error', async () => {
    // Verbatim from errors.json (anthropics/claude-code#22777). Inlined: test/fixtures.ts builds its
    // path with `new URL(…, import.meta.url)`, which Vite rewrites to http: in a DOM environment.
    const envelope =
      '{"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CXmPTULN8bgXB7G5MDu9J"}'
    const original = json(500, envelope)
    await loadPage({ respond: async () => original })
    const res = await window.fetch(COMPLETION, completionInit())
    expect(res).toBe(original)
    expect(await res.text()).toBe(envelope)
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({
      kind: 'server_error',
      endpoint: 'completion',
      transport: 'fetch',
      status: 500,
      errorType: 'api_error',
      model: { family: 'opus', version: '4.8' },
      requestId: 'req_011CXmPTULN8bgXB7G5MDu9J',
      online: true,
      phase: 'response',
    })
    expect(posted[0]?.origin).toBe('https://claude.ai')
    for (const { msg } of posted) expect(parsePageMessage(msg)).toEqual(msg)
  })

  it('529 overloaded', async () => {
    await loadPage({
      respond: async () =>
        json(529, {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
          request_id: null,
        }),
    })
    await window.fetch(COMPLETION, completionInit())
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({
      kind: 'overloaded',
      status: 529,
      errorType: 'overloaded_error',
    })
  })

  it('429 with exceeded_limit in the message: usage_limit with the reset time in ms', async () => {
    const limit = JSON.stringify({
      type: 'exceeded_limit',
      resetsAt: 1785069600,
      representativeClaim: 'five_hour',
    })
    await loadPage({
      respond: async () => json(429, { type: 'error', error: { type: 'rate_limit_error', message: limit } }),
    })
    await window.fetch(COMPLETION, completionInit())
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'usage_limit', status: 429, resetsAt: 1785069600000 })
  })

  it('fetch rejects with TypeError: the page gets the very same error; we post network', async () => {
    const error = new TypeError('Failed to fetch')
    await loadPage({ respond: async () => Promise.reject(error) })
    await expect(window.fetch(COMPLETION, completionInit())).rejects.toBe(error)
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'network', status: null, phase: 'response' })
  })

  it('offline is recorded with the observation', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true })
    const error = new TypeError('Failed to fetch')
    await loadPage({ respond: async () => Promise.reject(error) })
    await expect(window.fetch(COMPLETION, completionInit())).rejects.toBe(error)
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'network', online: false })
  })

  it('AbortError: the same error reaches the page; we post aborted (never a failure)', async () => {
    const error = new DOMException('The user aborted a request.', 'AbortError')
    await loadPage({ respond: async () => Promise.reject(error) })
    await expect(window.fetch(COMPLETION, completionInit())).rejects.toBe(error)
    await until(() => observations().length === 1)
    expect(observations()[0]?.kind).toBe('aborted')
  })
})

describe('the reply stream', () => {
  it('success: identical bytes to the page, ttfb/duration, and the served model when it differs', async () => {
    const text = START.replace('claude-opus-4-8', 'claude-sonnet-4-5-20250929') + DELTA + END
    const original = sse(text)
    await loadPage({ respond: async () => original })
    const res = await window.fetch(COMPLETION, completionInit({ model: 'claude-opus-4-8' }))
    expect(res).toBe(original)
    expect(await readAll(res)).toBe(text)
    await until(() => observations().length === 1)
    const o = observations()[0] as Observation
    expect(o).toMatchObject({
      kind: 'success',
      status: 200,
      phase: 'stream',
      model: { family: 'opus', version: '4.8' },
      servedModel: { family: 'sonnet', version: '4.5' },
      requestId: REQ,
    })
    expect(o.ttfbMs).toEqual(expect.any(Number))
    expect(o.durationMs).toBeGreaterThanOrEqual(o.ttfbMs as number)
  })

  it('an error event after 200 is overloaded, from the stream', async () => {
    const error = frame('error', {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    })
    await loadPage({ respond: async () => sse(START, DELTA, error) })
    const res = await window.fetch(COMPLETION, completionInit())
    expect(await readAll(res)).toBe(START + DELTA + error)
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({
      kind: 'overloaded',
      status: 200,
      errorType: 'overloaded_error',
      phase: 'stream',
    })
  })

  it('message_limit exceeded is a usage_limit, then the stream still ends in success', async () => {
    const limit = frame('message_limit', {
      type: 'message_limit',
      message_limit: {
        type: 'exceeded_limit',
        resetsAt: 1785069600,
        windows: { '5h': { status: 'exceeded_limit', resets_at: 1785069600, utilization: 1 } },
      },
    })
    await loadPage({ respond: async () => sse(START, DELTA, limit, END) })
    await readAll(await window.fetch(COMPLETION, completionInit()))
    await until(() => observations().length === 2)
    expect(observations().map((o) => o.kind)).toEqual(['usage_limit', 'success'])
    expect(observations()[0]?.resetsAt).toBe(1785069600000)
    // Both belong to the same request.
    expect(observations()[0]?.flow).toBe(observations()[1]?.flow)
  })

  it('stop_reason "error" is a server_error', async () => {
    const bad = frame('message_delta', { delta: { stop_reason: 'error' } })
    await loadPage({ respond: async () => sse(START, bad, frame('message_stop', {})) })
    await readAll(await window.fetch(COMPLETION, completionInit()))
    await until(() => observations().length === 1)
    expect(observations()[0]?.kind).toBe('server_error')
  })

  it('a stream cut before message_stop is an interrupted stall', async () => {
    await loadPage({ respond: async () => sse(START, DELTA) })
    await readAll(await window.fetch(COMPLETION, completionInit()))
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'stall', errorType: 'stream_interrupted' })
  })

  it('the page may ignore the body: our analysis still completes', async () => {
    await loadPage({ respond: async () => sse(START, DELTA, END) })
    await window.fetch(COMPLETION, completionInit())
    await until(() => observations().length === 1)
    expect(observations()[0]?.kind).toBe('success')
  })
})

describe('stalls and slowness (short thresholds through the test hook)', () => {
  it('stream started, then silence for stallMs: stall, and the same flow still reports its end', async () => {
    const live = liveSse()
    await loadPage({ hook: { stallMs: 150, firstByteMs: 5000 }, respond: async () => live.response })
    const res = await window.fetch(COMPLETION, completionInit())
    const pageRead = readAll(res)
    live.push(START)
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'stall', errorType: 'stream_idle', phase: 'stream' })
    live.push(DELTA + END)
    live.close()
    expect(await pageRead).toBe(START + DELTA + END)
    await until(() => observations().length === 2)
    expect(observations()[1]?.kind).toBe('success')
    expect(observations()[1]?.flow).toBe(observations()[0]?.flow)
  })

  it('no response at all within firstByteMs: first_byte_timeout', async () => {
    await loadPage({
      hook: { stallMs: 5000, firstByteMs: 150 },
      respond: () => new Promise<Response>(() => {}),
    })
    void window.fetch(COMPLETION, completionInit())
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({
      kind: 'stall',
      errorType: 'first_byte_timeout',
      phase: 'response',
      status: null,
    })
  })

  it('default thresholds: nothing at 59 s of silence, a stall at 60 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const live = liveSse()
    await loadPage({ respond: async () => live.response })
    void readAll(await window.fetch(COMPLETION, completionInit()))
    live.push(START)
    await vi.advanceTimersByTimeAsync(10)
    await vi.advanceTimersByTimeAsync(59_000)
    expect(observations()).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(observations()).toEqual([expect.objectContaining({ kind: 'stall', errorType: 'stream_idle' })])
  })

  it('after a tool call starts, silence is tolerated three times as long', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const live = liveSse()
    await loadPage({ respond: async () => live.response })
    void readAll(await window.fetch(COMPLETION, completionInit()))
    live.push(
      START +
        frame('content_block_start', { content_block: { type: 'server_tool_use', name: 'web_search' } }),
    )
    await vi.advanceTimersByTimeAsync(179_000)
    expect(observations()).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1_010)
    expect(observations().map((o) => o.kind)).toEqual(['stall'])
  })

  it('slow: a first byte far above this page’s median, only after 5 samples', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    let live = liveSse()
    await loadPage({ respond: async () => live.response })
    const oneReply = async (ttfb: number) => {
      live = liveSse()
      void readAll(await window.fetch(COMPLETION, completionInit()))
      await vi.advanceTimersByTimeAsync(ttfb)
      live.push(START + END)
      live.close()
      await vi.advanceTimersByTimeAsync(1)
    }
    for (let i = 0; i < 5; i++) await oneReply(1000)
    expect(observations().map((o) => o.kind)).toEqual(Array(5).fill('success'))
    await oneReply(12_000)
    const last = observations().slice(5)
    expect(last.map((o) => o.kind)).toEqual(['slow', 'success'])
    expect(last[0]?.ttfbMs).toBeGreaterThanOrEqual(12_000)
  })

  it('user Stop: no stall, and the end of that stream is aborted, not a failure', async () => {
    const live = liveSse()
    const stopped = new DOMException('aborted', 'AbortError')
    await loadPage({
      hook: { stallMs: 150, firstByteMs: 5000 },
      respond: async (input) => (String(input).endsWith('stop_response') ? json(200, {}) : live.response),
    })
    const res = await window.fetch(COMPLETION, completionInit())
    void readAll(res).catch(() => {})
    live.push(START)
    await window.fetch(STOP, { method: 'POST' })
    await new Promise((r) => setTimeout(r, 300))
    expect(observations()).toHaveLength(0)
    live.fail(stopped)
    await until(() => observations().length === 1)
    expect(observations()[0]?.kind).toBe('aborted')
  })
})

describe('the page is never affected', () => {
  it('a throwing bug inside our analysis: same Response, same bytes, nothing posted, nothing thrown', async () => {
    class Poisoned extends Response {
      override clone(): Response {
        throw new Error('bug in the observer')
      }
    }
    const original = new Poisoned(JSON.stringify({ type: 'error', error: { type: 'api_error' } }), {
      status: 500,
      headers: { 'content-type': 'application/json' },
    })
    await loadPage({ respond: async () => original })
    const res = await window.fetch(COMPLETION, completionInit())
    expect(res).toBe(original)
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'api_error' } })
    await new Promise((r) => setTimeout(r, 50))
    expect(observations()).toHaveLength(0)
  })

  it('an analysis that fails leaves no timer behind: no stall is reported later', async () => {
    class Unclonable extends Response {
      override clone(): Response {
        throw new Error('bug in the observer')
      }
    }
    const original = new Unclonable(START + DELTA + END, { headers: { 'content-type': 'text/event-stream' } })
    await loadPage({ hook: { stallMs: 100, firstByteMs: 100 }, respond: async () => original })
    const res = await window.fetch(COMPLETION, completionInit())
    expect(await readAll(res)).toBe(START + DELTA + END)
    await new Promise((r) => setTimeout(r, 300))
    expect(observations()).toHaveLength(0)
  })

  it('postMessage itself throwing does not reach the page either', async () => {
    vi.mocked(window.postMessage).mockImplementation(() => {
      throw new Error('boom')
    })
    const original = json(500, {
      type: 'error',
      error: { type: 'api_error', message: 'Internal server error' },
    })
    await loadPage({ respond: async () => original })
    const res = await window.fetch(COMPLETION, completionInit())
    expect(res).toBe(original)
    await new Promise((r) => setTimeout(r, 50))
    // The breadcrumb is still written (it holds the facts, v2; the isolated script classifies them).
    const crumb = JSON.parse(document.documentElement.dataset.isClaudeDownObs ?? '[]') as PageMessage[]
    expect(crumb).toEqual([
      expect.objectContaining({ fact: expect.objectContaining({ fact: 'response', status: 500 }) }),
    ])
  })

  it('arguments and this reach the underlying fetch unchanged, once', async () => {
    await loadPage()
    const init = completionInit()
    const req = new Request(`https://claude.ai${COMPLETION}`, init)
    await window.fetch(req)
    await window.fetch('https://example.com/x', { method: 'GET' })
    expect(fakeFetch).toHaveBeenCalledTimes(2)
    expect(fakeFetch.mock.calls[0]).toEqual([req])
    expect(fakeFetch.mock.calls[1]?.[1]).toEqual({ method: 'GET' })
  })

  it('the prompt, the reply, the org and the conversation ids never appear in a message or the breadcrumb', async () => {
    const error = frame('error', {
      type: 'error',
      error: { type: 'api_error', message: 'Internal server error' },
    })
    await loadPage({
      respond: async (input) =>
        String(input).endsWith('/api/organizations')
          ? json(200, [
              { uuid: ORG, capabilities: ['chat', 'claude_pro'], rate_limit_tier: 'default_claude_ai' },
            ])
          : sse(START, DELTA, DELTA, error),
    })
    await window.fetch('/api/organizations')
    await readAll(await window.fetch(COMPLETION, completionInit()))
    await until(() => observations().length === 1)
    const everything = JSON.stringify(posted) + (document.documentElement.dataset.isClaudeDownObs ?? '')
    for (const secret of ['TOP-SECRET', 'hunter2', 'diagnosis', ORG, CONV])
      expect(everything).not.toContain(secret)
  })
})

describe('privacy of the wire: only whitelisted facts cross', () => {
  const SEARCH = 'SECRET-SEARCH-RESULT: a page about my diagnosis'
  const QUERY = 'SECRET-QUERY my symptoms'
  const TOOL = 'SECRET-TOOL-INPUT'
  const secrets = [
    'TOP-SECRET',
    'hunter2',
    'diagnosis',
    'SECRET-',
    'someone@example.com',
    'Acme',
    ORG,
    ORG2,
    CONV,
  ]

  /** Everything the page script made visible to the page: messages, breadcrumb, its sessionStorage key. */
  function everythingPosted(): string {
    return (
      JSON.stringify(posted) +
      (document.documentElement.dataset.isClaudeDownObs ?? '') +
      (sessionStorage.getItem('isClaudeDown.plan') ?? '')
    )
  }

  it('tool calls, web search and its results, and reply text: only "a tool block started" is read', async () => {
    const stream = [
      START.replace(REQ, REQ),
      frame('content_block_start', {
        type: 'content_block_start',
        content_block: { type: 'server_tool_use', name: 'web_search', input: { query: QUERY } },
      }),
      frame('content_block_delta', {
        delta: { type: 'input_json_delta', partial_json: `{"query":"${TOOL}"}` },
      }),
      frame('content_block_start', {
        type: 'content_block_start',
        content_block: {
          type: 'web_search_tool_result',
          content: [
            { type: 'web_search_result', url: 'https://example.com/secret', title: SEARCH, page_age: '1d' },
          ],
        },
      }),
      frame('content_block_delta', {
        delta: { type: 'citation_start_delta', citation: { cited_text: SEARCH } },
      }),
      DELTA,
      frame('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }),
      frame('message_limit', {
        type: 'message_limit',
        message_limit: { type: 'within_limit', windows: { '5h': { status: 'within_limit' } } },
      }),
      frame('message_stop', { type: 'message_stop' }),
    ]
    await loadPage({ respond: async () => sse(...stream) })
    await readAll(
      await window.fetch(COMPLETION, completionInit({ model: 'claude-opus-4-8', tools: [{ name: TOOL }] })),
    )
    await until(() => observations().length === 1)
    expect(observations()[0]?.kind).toBe('success')
    for (const secret of secrets) expect(everythingPosted()).not.toContain(secret)
    // A first byte and an end: a within-limits frame is not even posted.
    expect(posted.map((p) => p.msg.type === 'fact' && p.msg.fact.fact)).toEqual(['first_byte', 'end'])
  })

  it('org objects and bootstrap: only plan fields; ids quoted in error text and rejections are scrubbed', async () => {
    await loadPage({
      respond: async (input) => {
        const url = String(input)
        if (url.endsWith('/api/organizations'))
          return json(200, [
            { uuid: ORG, name: 'Acme', email: 'someone@example.com', capabilities: ['chat', 'raven'] },
            { uuid: ORG2, name: "someone@example.com's Organization", capabilities: ['chat'] },
          ])
        if (url.includes('/chat_conversations/') && url.endsWith('/completion'))
          return json(404, {
            type: 'error',
            error: { type: 'not_found_error', message: `Conversation ${CONV} of org ${ORG} not found` },
          })
        throw new TypeError(
          `Failed to fetch https://claude.ai/api/organizations/${ORG}/chat_conversations/${CONV}`,
        )
      },
    })
    await window.fetch('/api/organizations')
    await window.fetch(COMPLETION, completionInit())
    await expect(window.fetch(`/api/organizations/${ORG}/chat_conversations/${CONV}`)).rejects.toThrow()
    await until(() => posted.filter((p) => p.msg.type === 'fact').length === 2)
    for (const secret of secrets) expect(everythingPosted()).not.toContain(secret)
    // The scrubbed texts still say what they are about.
    const facts = posted.flatMap((p) => (p.msg.type === 'fact' ? [p.msg.fact] : []))
    expect(facts.map((f) => f.fact).sort()).toEqual(['rejected', 'response'])
    expect(JSON.stringify(facts)).toContain('not_found_error')
    expect(JSON.stringify(facts)).toContain('Failed to fetch')
  })

  it('a fact the page forges is dropped by the isolated script', async () => {
    await loadPage()
    const forged = {
      source: 'is-claude-down',
      v: 2,
      type: 'fact',
      fact: { id: 'aaaa.1.0', flow: 'aaaa.1', fact: 'response', prompt: PROMPT },
    }
    window.postMessage(forged, 'https://claude.ai')
    window.postMessage(
      { ...forged, v: 1, type: 'observation', observation: { kind: 'server_error' } },
      'https://claude.ai',
    )
    expect(observations()).toEqual([])
    expect(inbox.stats().malformed).toBe(2)
  })
})

describe('install', () => {
  it('is idempotent: a second copy wraps nothing and each failure is reported once', async () => {
    await seedPlanCache([{ uuid: ORG, capabilities: ['chat', 'claude_pro'] }])
    ;(window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = class extends FakeXHR {}
    await loadPage({ respond: async () => json(500, { type: 'error', error: { type: 'api_error' } }) })
    const wrapped = window.fetch
    const wrappedSend = window.XMLHttpRequest.prototype.send
    vi.resetModules()
    await import('./main-world.ts')
    expect(window.fetch).toBe(wrapped)
    expect(window.XMLHttpRequest.prototype.send).toBe(wrappedSend)
    // The cached plan, posted once: the second copy posted nothing.
    expect(posted.filter((p) => p.msg.type === 'plan')).toHaveLength(1)
    await window.fetch(COMPLETION, completionInit())
    const xhr = new (window.XMLHttpRequest as unknown as typeof FakeXHR)()
    xhr.open('POST', COMPLETION)
    xhr.send('{}')
    xhr.finish(503, 'no healthy upstream', {})
    await new Promise((r) => setTimeout(r, 50))
    expect(observations().map((o) => o.kind)).toEqual(['gateway', 'server_error'])
    expect(fakeFetch).toHaveBeenCalledTimes(1)
    // Once more when the completion's URL named the active org (its alias is part of the plan).
    expect(
      posted.filter((p) => p.msg.type === 'plan').map((p) => p.msg.type === 'plan' && p.msg.active),
    ).toEqual([null, 0])
  })

  it('even without the window marker, the fetch and XHR markers prevent double wrapping', async () => {
    ;(window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = class extends FakeXHR {}
    await loadPage()
    const wrapped = window.fetch
    const wrappedSend = window.XMLHttpRequest.prototype.send
    delete (window as unknown as Record<symbol, unknown>)[INSTALLED]
    vi.resetModules()
    await import('./main-world.ts')
    expect(window.fetch).toBe(wrapped)
    expect(window.XMLHttpRequest.prototype.send).toBe(wrappedSend)
  })

  it('returns the underlying promise itself: no added waiting', async () => {
    const pending = Promise.resolve(new Response('{}'))
    await loadPage({ respond: () => pending })
    expect(window.fetch(COMPLETION, completionInit())).toBe(pending)
  })

  it('keeps at most 20 facts in the breadcrumb, plus the plan message', async () => {
    await loadPage({
      respond: async (input) =>
        String(input).endsWith('/api/organizations')
          ? json(200, [
              { uuid: ORG, capabilities: ['chat', 'claude_max'], rate_limit_tier: 'default_claude_max_5x' },
            ])
          : json(529, ''),
    })
    await window.fetch('/api/organizations')
    for (let i = 0; i < 25; i++) await window.fetch(COMPLETION, completionInit())
    await until(() => observations().length === 25)
    const crumb = JSON.parse(document.documentElement.dataset.isClaudeDownObs ?? '[]') as PageMessage[]
    expect(crumb).toHaveLength(21)
    // The plan facts (the org's by its alias 0, active since the completions' URLs name it); the
    // background decides the tier from them.
    expect(crumb.at(-1)).toEqual({
      source: 'is-claude-down',
      v: 2,
      type: 'plan',
      orgs: [{ capabilities: ['chat', 'claude_max'], rate_limit_tier: 'default_claude_max_5x' }],
      active: 0,
      catalog: null,
      cached: false,
    })
    expect(lastAccount()).toEqual({ tier: 'max', orgKnown: true })
    // One fact per failed completion; each observation took its fact's id.
    expect(crumb.slice(0, 20).map((m) => m.type === 'fact' && m.fact.id)).toEqual(
      observations()
        .slice(5)
        .map((o) => o.id),
    )
  })

  it('ignores other hosts and non-API paths entirely', async () => {
    await loadPage({ respond: async () => json(500, 'x') })
    await window.fetch(
      'https://example.com/api/organizations/x/chat_conversations/y/completion',
      completionInit(),
    )
    await window.fetch('/_next/static/chunk.js')
    await new Promise((r) => setTimeout(r, 30))
    expect(posted).toHaveLength(0)
  })

  it('a failed call of /api/challenge_redirect is a challenge, not telemetry noise', async () => {
    // The app fetches the challenge endpoint itself; Cloudflare answers it with a 403 challenge page.
    await loadPage({
      respond: async () =>
        new Response('<!DOCTYPE html><title>Just a moment...</title>', {
          status: 403,
          headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' },
        }),
    })
    await window.fetch('/api/challenge_redirect?to=%2Fnew')
    await until(() => observations().length === 1)
    expect(observations()[0]).toMatchObject({ kind: 'challenge', endpoint: 'other', status: 403 })
  })

  it('telemetry blocked by an ad blocker (TypeError on /api/event_logging) is not a network signal', async () => {
    await loadPage({ respond: async () => Promise.reject(new TypeError('Failed to fetch')) })
    await expect(window.fetch('/api/event_logging/v2/batch', { method: 'POST' })).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 30))
    expect(posted).toHaveLength(0)
  })
})

describe('model and tier', () => {
  it('no model in the body: the model selector is read', async () => {
    const selector = document.createElement('button')
    selector.dataset.testid = 'model-selector-dropdown'
    selector.textContent = 'Claude Haiku 4.5'
    document.body.append(selector)
    await loadPage({ respond: async () => json(500, '') })
    await window.fetch(COMPLETION, completionInit({ model: undefined }))
    await until(() => observations().length === 1)
    expect(observations()[0]?.model).toEqual({ family: 'haiku', version: '4.5' })
    selector.remove()
  })

  it('the plan facts of the active org, cached in sessionStorage under one key, without the org id leaving', async () => {
    await loadPage({
      respond: async (input) =>
        String(input).endsWith('/api/organizations')
          ? json(200, [
              { uuid: ORG, capabilities: ['chat', 'raven'], raven_type: 'team', seat_tier: 'team_standard' },
              { uuid: ORG2, capabilities: ['chat'], rate_limit_tier: 'default_claude_ai' },
            ])
          : json(500, ''),
    })
    await window.fetch('/api/organizations')
    await until(() => plans.length > 0)
    // Two orgs with different tiers and no active one yet: unknown.
    expect(lastAccount()).toEqual({ tier: 'unknown', orgKnown: false })
    await window.fetch(COMPLETION, completionInit())
    await until(() => lastAccount()?.tier === 'team')
    expect(plans.at(-1)).toEqual({
      orgs: [
        { capabilities: ['chat', 'raven'], raven_type: 'team', seat_tier: 'team_standard' },
        { capabilities: ['chat'], rate_limit_tier: 'default_claude_ai' },
      ],
      active: 0,
      catalog: null,
      cached: false,
    })
    expect(lastAccount()).toEqual({ tier: 'team', orgKnown: true })
    // The cache holds the same whitelisted facts, keyed by a hash of the org id: not the id either.
    const cache = sessionStorage.getItem('isClaudeDown.plan') ?? ''
    expect(JSON.parse(cache).orgs).toHaveLength(2)
    for (const id of [ORG, ORG2]) {
      expect(cache).not.toContain(id)
      expect(JSON.stringify(posted)).not.toContain(id)
    }
  })

  it('a reload knows the plan from sessionStorage before any request', async () => {
    await seedPlanCache([
      { uuid: ORG, capabilities: ['chat', 'claude_pro'], rate_limit_tier: 'default_claude_ai' },
    ])
    await loadPage()
    expect(posted.map((p) => p.msg)).toEqual([
      {
        source: 'is-claude-down',
        v: 2,
        type: 'plan',
        orgs: [{ capabilities: ['chat', 'claude_pro'], rate_limit_tier: 'default_claude_ai' }],
        active: null,
        catalog: null,
        cached: true,
      },
    ])
    expect(lastAccount()).toEqual({ tier: 'pro', orgKnown: true })
  })

  it('a cache the page wrote itself goes through the whitelist again', async () => {
    sessionStorage.setItem(
      'isClaudeDown.plan',
      JSON.stringify({
        orgs: [
          {
            key: 1,
            facts: { capabilities: ['chat', 'claude_max'], uuid: ORG, name: 'Acme', prompt: PROMPT },
          },
          { key: 'not a number', facts: { capabilities: ['chat'] } },
        ],
      }),
    )
    await loadPage()
    expect(plans).toEqual([
      { orgs: [{ capabilities: ['chat', 'claude_max'] }], active: null, catalog: null, cached: true },
    ])
    sessionStorage.setItem('isClaudeDown.plan', '{not json')
    await loadPage()
    expect(posted.filter((p) => p.msg.type === 'plan')).toHaveLength(1)
  })

  it('bootstrap: the membership’s facts, the flags for the org of the URL, and the model catalogue', async () => {
    const bootstrap = {
      account: {
        email_address: 'someone@example.com',
        memberships: [{ organization: { uuid: ORG, name: 'Acme', capabilities: ['chat', 'claude_pro'] } }],
      },
      org_growthbook: { user: { isPro: true, isMax: false, email: 'someone@example.com' } },
      claude_ai_available_models: {
        models: [
          { model_id: 'claude-sonnet-5', minimum_tier: 'free', name: 'Sonnet 5' },
          { model_id: 'claude-opus-4-8', minimum_tier: 'pro' },
        ],
      },
    }
    await loadPage({ respond: async () => json(200, bootstrap) })
    await window.fetch(`/edge-api/bootstrap/${ORG}/app_start?growthbook_format=sdk`)
    await until(() => plans.length > 0)
    expect(plans.at(-1)).toEqual({
      orgs: [{ capabilities: ['chat', 'claude_pro'], isPro: true, isMax: false }],
      active: 0,
      catalog: [
        { modelId: 'claude-sonnet-5', minimumTier: 'free' },
        { modelId: 'claude-opus-4-8', minimumTier: 'pro' },
      ],
      cached: false,
    })
    expect(lastAccount()).toEqual({ tier: 'pro', orgKnown: true })
    expect(JSON.stringify(posted)).not.toMatch(/someone@example\.com|Acme|Sonnet 5/)
  })
})

describe('XMLHttpRequest (status only)', () => {
  beforeEach(() => {
    ;(window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = class extends FakeXHR {}
  })

  it('a 503 from Envoy on an XHR completion is gateway; a network error is network', async () => {
    await loadPage()
    const Xhr = window.XMLHttpRequest as unknown as typeof FakeXHR
    const a = new Xhr()
    a.open('POST', COMPLETION)
    a.send(completionInit().body)
    a.finish(503, 'upstream connect error or disconnect/reset before headers. reset reason: overflow', {
      'content-type': 'text/plain',
    })
    const b = new Xhr()
    b.open('POST', COMPLETION)
    b.send(completionInit().body)
    b.finish(0, '', {}, ['error'])
    expect(observations()).toEqual([
      expect.objectContaining({
        kind: 'gateway',
        transport: 'xhr',
        status: 503,
        model: { family: 'opus', version: '4.8' },
      }),
      expect.objectContaining({ kind: 'network', transport: 'xhr', status: null }),
    ])
  })

  it('XHR progress on other endpoints arms no stall timer and feeds no latency baseline', async () => {
    await loadPage({ hook: { stallMs: 100, firstByteMs: 100 } })
    const Xhr = window.XMLHttpRequest as unknown as typeof FakeXHR
    const a = new Xhr()
    a.open('GET', '/api/organizations')
    a.send()
    a.dispatchEvent(new Event('progress'))
    a.finish(200, '[]', { 'content-type': 'application/json' })
    await new Promise((r) => setTimeout(r, 250))
    expect(observations()).toEqual([])
  })

  it('an aborted XHR is aborted; a 200 is success', async () => {
    await loadPage()
    const Xhr = window.XMLHttpRequest as unknown as typeof FakeXHR
    const a = new Xhr()
    a.open('POST', COMPLETION)
    a.send('{}')
    a.finish(0, '', {}, ['abort'])
    const b = new Xhr()
    b.open('POST', COMPLETION)
    b.send('{}')
    b.finish(200, '{}', { 'content-type': 'application/json' })
    expect(observations().map((o) => o.kind)).toEqual(['aborted', 'success'])
  })
})
