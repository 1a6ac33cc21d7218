// How the simulated `/completion` endpoint answers: one function per mode, each producing the
// status line, headers and (SSE) body that claude.ai produces in that situation. Strings come
// from ../shared/fixtures/claude-web/errors.json wherever a real one exists.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { requestId } from '../http.ts'

export const COMPLETION_MODES = [
  'ok',
  'long-ok',
  'slow-first-byte',
  'error-500',
  'overloaded-529',
  'overloaded-500',
  'sse-error',
  'stop-reason-error',
  'stall',
  'stall-before-first-byte',
  'usage-limit-429',
  'sse-message-limit',
  'gateway-502',
  'gateway-503',
  'model-unavailable-403',
  'auth-401',
  'network-reset',
] as const

export type CompletionModeName = (typeof COMPLETION_MODES)[number]

export function isCompletionMode(name: string): name is CompletionModeName {
  return (COMPLETION_MODES as readonly string[]).includes(name)
}

/** A mode with its parameters. Every parameter has a default. */
export interface CompletionModeSpec {
  mode: CompletionModeName
  /** `slow-first-byte`: wait before the status line. Default 3000 ms. */
  delayMs?: number
  /** Pause between SSE frames for the streaming modes. Default 10 ms (`long-ok`: 0). */
  intervalMs?: number
  /** `long-ok`: number of text_delta events. Default 5000. */
  events?: number
  /** `long-ok`: characters of text per delta. Default 64. */
  deltaBytes?: number
  /** Reply text of the streaming modes (split into several deltas). */
  text?: string
  /** Model named in `message_start`, when the served model should differ from the requested one ("" is real too). */
  servedModel?: string
  /** `usage-limit-429` / `sse-message-limit`: seconds until the limit resets. Default 7200. */
  resetsInS?: number
}

export type CompletionMode = CompletionModeName | CompletionModeSpec

export function toSpec(mode: CompletionMode): CompletionModeSpec {
  const spec = typeof mode === 'string' ? { mode } : { ...mode }
  if (!isCompletionMode(spec.mode)) throw new Error(`unknown completion mode: ${String(spec.mode)}`)
  return spec
}

/** What `completion_status` reports afterwards for the conversation. */
export type Outcome =
  | { state: 'done' }
  | { state: 'pending' }
  | { state: 'error'; code: string; detail: string }
  | { state: 'reset' }

export interface CompletionRequest {
  req: IncomingMessage
  res: ServerResponse
  spec: CompletionModeSpec
  /** The model the client asked for (or the org default). */
  model: string
  parentUuid: string | null
  /** Aborted when the response closes: client gone, or the simulator shutting down. */
  signal: AbortSignal
}

export const DEFAULT_REPLY =
  'Hello from the local claude.ai stand-in. This reply is streamed in several text deltas — with ünïcödé ✓ 🙂 so multi-byte UTF-8 crosses the wire too.'

/** Real error strings (errors.json) and the composite envelopes built around them. */
export const ERROR_TEXT = {
  internal: 'Internal server error',
  overloaded: 'Overloaded',
  gateway502: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
  gateway503: 'no healthy upstream',
  modelUnavailable:
    "This model isn't available right now. You can switch to another model to continue using Claude.",
  auth: 'Invalid authorization',
} as const

/** Serves one completion request in the given mode. Resolves when the response is finished or left open. */
export async function serveCompletion(c: CompletionRequest): Promise<Outcome> {
  const { res, spec } = c
  const rid = requestId()
  const jsonError = (status: number, type: string, message: string, opts: JsonErrorOpts = {}) =>
    writeJsonError(res, status, type, message, opts.requestId === undefined ? rid : opts.requestId, opts)

  switch (spec.mode) {
    case 'ok':
      return stream(c, rid, okFrames(c, rid))
    case 'long-ok': {
      const n = spec.events ?? 5000
      const size = spec.deltaBytes ?? 64
      const chunk = 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(Math.ceil(size / 55) + 1)
      const texts = Array.from({ length: n }, (_, i) => chunk.slice(i % 55, (i % 55) + size))
      return stream(c, rid, okFrames(c, rid, texts), spec.intervalMs ?? 0)
    }
    case 'slow-first-byte':
      try {
        await sleep(spec.delayMs ?? 3000, undefined, { signal: c.signal })
      } catch {
        return { state: 'pending' } // the client gave up first
      }
      return stream(c, rid, okFrames(c, rid))
    case 'error-500':
      jsonError(500, 'api_error', ERROR_TEXT.internal)
      return { state: 'error', code: 'api_error', detail: ERROR_TEXT.internal }
    case 'overloaded-529':
      jsonError(529, 'overloaded_error', ERROR_TEXT.overloaded)
      return { state: 'error', code: 'overloaded_error', detail: ERROR_TEXT.overloaded }
    case 'overloaded-500':
      // Overload reported as a 500 api_error with a null request_id (claude-code #3955, #8116).
      jsonError(500, 'api_error', ERROR_TEXT.overloaded, { requestId: null })
      return { state: 'error', code: 'api_error', detail: ERROR_TEXT.overloaded }
    case 'sse-error': {
      const frames = [
        ...startFrames(c, rid),
        ...textFrames(splitText(spec.text ?? DEFAULT_REPLY).slice(0, 3)),
      ]
      frames.push(
        sse('error', { type: 'error', error: { type: 'overloaded_error', message: ERROR_TEXT.overloaded } }),
      )
      await stream(c, rid, frames)
      return { state: 'error', code: 'overloaded_error', detail: ERROR_TEXT.overloaded }
    }
    case 'stop-reason-error': {
      const frames = [
        ...startFrames(c, rid),
        ...textFrames(splitText(spec.text ?? DEFAULT_REPLY).slice(0, 2)),
        sse('content_block_stop', {
          type: 'content_block_stop',
          index: 0,
          stop_timestamp: new Date().toISOString(),
        }),
        sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'error', stop_sequence: null } }),
        sse('message_stop', { type: 'message_stop' }),
      ]
      await stream(c, rid, frames)
      return { state: 'error', code: 'api_error', detail: 'stop_reason error' }
    }
    case 'stall': {
      // Headers, message_start and one delta, then silence until the client aborts or we close.
      const frames = [
        ...startFrames(c, rid),
        ...textFrames(splitText(spec.text ?? DEFAULT_REPLY).slice(0, 1)),
      ]
      await stream(c, rid, frames, spec.intervalMs, { end: false })
      return { state: 'pending' }
    }
    case 'stall-before-first-byte':
      // Not even a status line. The request stays open until the client aborts or we close.
      return { state: 'pending' }
    case 'usage-limit-429': {
      const resetsAt = resetsAtFrom(spec)
      // error.message is itself a JSON string (claude-web.md §4; errors.json, Wei-Shaw/sub2api).
      const message = JSON.stringify({
        type: 'exceeded_limit',
        resetsAt,
        representativeClaim: 'five_hour',
        perModelLimit: false,
      })
      jsonError(429, 'rate_limit_error', message, {
        headers: { 'anthropic-ratelimit-unified-reset': String(resetsAt) },
      })
      return { state: 'error', code: 'rate_limit_error', detail: message }
    }
    case 'sse-message-limit': {
      const resetsAt = resetsAtFrom(spec)
      const frames = okFrames(c, rid, undefined, messageLimit('exceeded_limit', resetsAt))
      return stream(c, rid, frames)
    }
    case 'gateway-502':
      writeText(res, 502, ERROR_TEXT.gateway502)
      return { state: 'error', code: 'gateway', detail: ERROR_TEXT.gateway502 }
    case 'gateway-503':
      writeText(res, 503, ERROR_TEXT.gateway503)
      return { state: 'error', code: 'gateway', detail: ERROR_TEXT.gateway503 }
    case 'model-unavailable-403':
      jsonError(403, 'permission_error', ERROR_TEXT.modelUnavailable, {
        details: { error_visibility: 'user_facing' },
      })
      return { state: 'error', code: 'permission_error', detail: ERROR_TEXT.modelUnavailable }
    case 'auth-401':
      // Composite: 401 + the clove/clewdr message + the bundle's session error code.
      jsonError(401, 'authentication_error', ERROR_TEXT.auth, {
        details: { error_visibility: 'user_facing', error_code: 'account_session_invalid' },
      })
      return { state: 'error', code: 'account_session_invalid', detail: ERROR_TEXT.auth }
    case 'network-reset':
      // No response at all: the page's fetch rejects with a TypeError.
      c.req.socket.destroy()
      return { state: 'reset' }
  }
}

// ---------------------------------------------------------------------------------------------
// SSE frames

export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

function startFrames(c: CompletionRequest, rid: string): string[] {
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: `chatcompl_01${randomUUID().replace(/-/g, '').slice(0, 22)}`,
        type: 'message',
        role: 'assistant',
        model: c.spec.servedModel ?? c.model,
        parent_uuid: c.parentUuid,
        uuid: randomUUID(),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        trace_id: randomUUID().replace(/-/g, ''),
        request_id: rid,
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: {
        start_timestamp: new Date().toISOString(),
        stop_timestamp: null,
        type: 'text',
        text: '',
        citations: [],
      },
    }),
  ]
}

function textFrames(texts: string[]): string[] {
  return texts.map((text) =>
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    }),
  )
}

/** A complete normal reply. `limit` replaces the usual within_limit `message_limit` frame. */
function okFrames(c: CompletionRequest, rid: string, texts?: string[], limit?: string): string[] {
  return [
    ...startFrames(c, rid),
    ...textFrames(texts ?? splitText(c.spec.text ?? DEFAULT_REPLY)),
    sse('content_block_stop', {
      type: 'content_block_stop',
      index: 0,
      stop_timestamp: new Date().toISOString(),
    }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null } }),
    limit ?? messageLimit('within_limit', Math.floor(Date.now() / 1000) + 3 * 3600),
    sse('message_stop', { type: 'message_stop' }),
  ]
}

/** The `message_limit` frame, shaped after the real capture in errors.json. */
function messageLimit(type: 'within_limit' | 'exceeded_limit', resetsAt: number): string {
  const exceeded = type === 'exceeded_limit'
  return sse('message_limit', {
    type: 'message_limit',
    message_limit: {
      type,
      resetsAt: exceeded ? resetsAt : null,
      remaining: exceeded ? 0 : null,
      perModelLimit: exceeded ? false : null,
      representativeClaim: 'five_hour',
      overageDisabledReason: 'org_level_disabled',
      overageInUse: false,
      windows: {
        '5h': { status: type, resets_at: resetsAt, utilization: exceeded ? 1 : 0.384 },
        '7d': { status: 'within_limit', resets_at: resetsAt + 5 * 86400, utilization: 0.042 },
      },
    },
  })
}

/** Splits text into roughly word-sized deltas, the way the real stream arrives. */
export function splitText(text: string, parts = 8): string[] {
  const words = text.split(/(?<= )/)
  const per = Math.max(1, Math.ceil(words.length / parts))
  const out: string[] = []
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''))
  return out
}

function resetsAtFrom(spec: CompletionModeSpec): number {
  // Whole minutes, like real window boundaries.
  return Math.floor((Date.now() / 1000 + (spec.resetsInS ?? 7200)) / 60) * 60
}

// ---------------------------------------------------------------------------------------------
// Writers

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
}

/** Writes frames one by one, pausing between them and respecting backpressure. */
async function stream(
  c: CompletionRequest,
  rid: string,
  frames: string[],
  intervalMs = c.spec.intervalMs ?? 10,
  opts: { end?: boolean } = {},
): Promise<Outcome> {
  const { res, signal } = c
  res.writeHead(200, { ...SSE_HEADERS, 'request-id': rid })
  res.flushHeaders()
  try {
    for (const frame of frames) {
      if (signal.aborted) return { state: 'pending' }
      if (!res.write(frame)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done)
            signal.removeEventListener('abort', done)
            resolve()
          }
          res.once('drain', done)
          signal.addEventListener('abort', done, { once: true })
        })
      }
      if (intervalMs > 0) await sleep(intervalMs, undefined, { signal })
    }
  } catch {
    return { state: 'pending' } // aborted mid-stream
  }
  if (opts.end !== false) res.end()
  return { state: 'done' }
}

interface JsonErrorOpts {
  requestId?: string | null
  details?: Record<string, unknown>
  headers?: Record<string, string>
}

function writeJsonError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  rid: string | null,
  opts: JsonErrorOpts,
): void {
  const error: Record<string, unknown> = { type, message }
  if (opts.details) error.details = opts.details
  const body = JSON.stringify({ type: 'error', error, request_id: rid })
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...opts.headers,
  }
  if (rid) headers['request-id'] = rid
  // Node has no reason phrase for 529; over HTTP/2 (as claude.ai is served) there is none anyway.
  res.writeHead(status, status === 529 ? '' : undefined, headers)
  res.end(body)
}

function writeText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
