// Pure classification of what claude.ai's backend said, per claude-web.md §4. Four entry points:
//   classifyHttp           — an HTTP response (status, content type, capped body)
//   classifySseEvent       — one event of the completion stream
//   classifyFetchRejection — a rejected fetch
//   classifyErrorText      — a UI / CLI / log string (DOM fallback, report text)
// They share one rule table (`decide`), so the wire path and the text path cannot drift apart.
// Every rule is about a *kind* of signal (status, error.type, error code, a phrase family), never
// about one particular string; README.md has the table.
//
// Bodies are untrusted and may be truncated or not JSON at all (Envoy gateways answer in plain
// text), so every parser degrades to "no envelope" and the rules fall back to status + text.
import { type Json, obj } from './json.ts'
import {
  type Endpoint,
  ERROR_TYPE_RE,
  type ObservationKind,
  REQUEST_ID_RE,
  SYNTHETIC_ERROR_TYPES as SYN,
} from './vocab.ts'

/** Error bodies are small; 4 KB holds every envelope seen. Longer text is cut before any regex. */
export const ERROR_BODY_CAP = 4096
/** How much of a message the phrase rules look at. */
const MESSAGE_CAP = 600

export interface Classification {
  kind: ObservationKind
  /** `error.details.error_code` ?? `error.code` ?? `error.type`, or a synthetic type (vocab.ts). */
  errorType: string | null
  /** Usage-limit reset, epoch ms. */
  resetsAt: number | null
  requestId: string | null
}

export type LimitState = 'within' | 'approaching' | 'exceeded' | 'unknown'

export interface LimitInfo {
  state: LimitState
  resetsAt: number | null
}

export interface ErrorEnvelope {
  /** `error.type`, or the top-level `type` of a bare limit object (`exceeded_limit`). */
  errorType: string | null
  /** `error.details.error_code` or `error.code` (e.g. `account_session_invalid`, `model_not_allowed`). */
  code: string | null
  /** `error.message`, or (non-JSON bodies) the start of the text. Lowercased, capped. */
  message: string
  requestId: string | null
  /** Usage-limit state when the body carries one (429 JSON-in-message, message_limit, bare). */
  limit: LimitInfo | null
  /** Whether a JSON object was found at all. */
  json: boolean
}

// ---------------------------------------------------------------------------------------------
// Small readers

function str(v: unknown, max = 200): string | null {
  return typeof v === 'string' && v.length <= max ? v : null
}

function token(v: unknown): string | null {
  const s = str(v, 40)
  return s && ERROR_TYPE_RE.test(s) ? s : null
}

export function requestIdOf(v: unknown): string | null {
  const s = str(v, 80)
  return s && REQUEST_ID_RE.test(s) ? s : null
}

const EPOCH_MIN = Date.UTC(2020, 0, 1)
const EPOCH_MAX = Date.UTC(2100, 0, 1)

/**
 * Reset times come as unix seconds (`resetsAt`, `resets_at`, the ratelimit header), sometimes as
 * ms or ISO strings. Values below 1e11 are seconds (1e11 s is the year 5138; 1e11 ms is 1973).
 */
export function toEpochMs(v: unknown): number | null {
  let n: number | null = null
  if (typeof v === 'number') n = v
  else if (typeof v === 'string' && v.length <= 40) n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v)
  if (n === null || !Number.isFinite(n)) return null
  const ms = Math.round(n < 1e11 ? n * 1000 : n)
  return ms >= EPOCH_MIN && ms <= EPOCH_MAX ? ms : null
}

/** JSON.parse that returns null instead of throwing. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * The first JSON object inside `text` (after a prefix like `API Error: 529 ` or `event: error\ndata: `),
 * found by brace matching that respects strings. Null when there is none or it does not parse.
 */
export function extractJsonObject(text: string): Json | null {
  const direct = obj(parseJson(text))
  if (direct) return direct
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0
    let inString = false
    for (let i = start; i < text.length; i++) {
      const c = text[i]
      if (inString) {
        if (c === '\\') i++
        else if (c === '"') inString = false
      } else if (c === '"') inString = true
      else if (c === '{') depth++
      else if (c === '}' && --depth === 0) {
        const found = obj(parseJson(text.slice(start, i + 1)))
        if (found) return found
        break
      }
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// Usage limits (claude-web.md §3 message_limit, §4 429 JSON-in-message)

const EXCEEDED = /^(exceeded_limit|over_limit)$/
const APPROACHING = /^approaching_limit$/
const WITHIN = /^within_limit$/

/** `five_hour` → `5h`, `seven_day_opus` → `7d_opus`: the claim names the binding window. */
function windowKeyOfClaim(claim: string): string {
  return claim.replace(/^five_hour/, '5h').replace(/^seven_day/, '7d')
}

/**
 * Reads a usage-limit object: the `message_limit` payload, the `{type:"exceeded_limit",…}` object
 * that a 429 carries as a JSON *string* in `error.message`, or a bare `{type:"exceeded_limit",
 * windows}` from the desktop app. Null when `v` is not one.
 *
 * resetsAt: the top-level `resetsAt`; else the latest reset among exceeded windows (the user is
 * blocked until all of them reset); else the window named by `representativeClaim`; else null —
 * never a guess from a window that may not be the binding one.
 */
export function parseLimit(v: unknown): LimitInfo | null {
  const o = obj(v)
  if (!o) return null
  const type = typeof o.type === 'string' ? o.type : ''
  const windows = obj(o.windows)
  if (!windows && !/_limit$/.test(type) && !('resetsAt' in o)) return null
  const statuses: string[] = [type]
  const exceededResets: number[] = []
  if (windows) {
    for (const key of Object.keys(windows).slice(0, 16)) {
      const w = obj(windows[key])
      if (!w) continue
      const status = typeof w.status === 'string' ? w.status : ''
      statuses.push(status)
      const at = toEpochMs(w.resets_at)
      if (EXCEEDED.test(status) && at !== null) exceededResets.push(at)
    }
  }
  const state: LimitState = statuses.some((s) => EXCEEDED.test(s))
    ? 'exceeded'
    : statuses.some((s) => APPROACHING.test(s))
      ? 'approaching'
      : statuses.some((s) => WITHIN.test(s))
        ? 'within'
        : 'unknown'
  let resetsAt = toEpochMs(o.resetsAt)
  if (resetsAt === null && exceededResets.length) resetsAt = Math.max(...exceededResets)
  if (resetsAt === null && windows && typeof o.representativeClaim === 'string') {
    resetsAt = toEpochMs(obj(windows[windowKeyOfClaim(o.representativeClaim)])?.resets_at)
  }
  return { state, resetsAt }
}

/**
 * When the JSON-in-message is itself broken (one real fixture has a `%d` placeholder where the
 * number should be), the marker words still say what it is.
 */
function limitFromBrokenJson(message: string): LimitInfo | null {
  if (!/"type"\s*:\s*"(exceeded_limit|over_limit)"/.test(message)) return null
  const m = /"resetsAt"\s*:\s*(\d{9,13})/.exec(message)
  return { state: 'exceeded', resetsAt: m ? toEpochMs(Number(m[1])) : null }
}

// ---------------------------------------------------------------------------------------------
// Envelope

/**
 * Parses an error body defensively: the standard envelope
 * `{"type":"error","error":{"type","message","details":{"error_code"}},"request_id"}`, legacy
 * `{"error":{"type","message","code"}}`, a bare `{"type":"permission_error","message"}`, limit
 * objects, and non-JSON text (Envoy, HTML, Python reprs), where the text itself is the message.
 */
export function parseErrorEnvelope(body: string): ErrorEnvelope {
  const text = body.slice(0, ERROR_BODY_CAP)
  return envelopeOf(obj(parseJson(text)), text)
}

/** The envelope of an already-found JSON object (or of plain text when there is none). */
function envelopeOf(root: Json | null, text: string): ErrorEnvelope {
  if (!root) {
    // Not JSON: keep the start for the phrase rules, and any `*_error` type word in it.
    const lower = text.slice(0, MESSAGE_CAP).toLowerCase()
    return {
      errorType: /\b([a-z]+(?:_[a-z]+)*_error)\b/.exec(lower)?.[1] ?? null,
      code: null,
      message: lower,
      requestId: null,
      limit: null,
      json: false,
    }
  }
  const inner = obj(root.error)
  const err = inner ?? root
  const details = obj(err.details)
  const rawMessage = typeof err.message === 'string' ? err.message : ''
  const rootType = token(root.type)
  const errorType = token(err.type) ?? (rootType !== 'error' ? rootType : null)
  let limit: LimitInfo | null = null
  // 429s carry the limit as a JSON string inside error.message (claude-web.md §4).
  if (rawMessage.trimStart().startsWith('{')) {
    limit = parseLimit(parseJson(rawMessage.slice(0, ERROR_BODY_CAP))) ?? limitFromBrokenJson(rawMessage)
  }
  limit ??= parseLimit(obj(root.message_limit) ?? (errorType && /_limit$/.test(errorType) ? root : null))
  return {
    errorType,
    code: token(details?.error_code) ?? token(err.code),
    message: rawMessage.slice(0, MESSAGE_CAP).toLowerCase(),
    requestId: requestIdOf(root.request_id),
    limit,
    json: true,
  }
}

// ---------------------------------------------------------------------------------------------
// The rule table. Phrase families, matched on lowercased text with curly apostrophes folded.

interface Rules {
  usage: RegExp
  length: RegExp
  account: RegExp
  /** The message is about a model: the word, or a model id / display name ("claude-fable-5", "Claude Fable 5"). */
  aboutModel: RegExp
  unavailable: RegExp
  auth: RegExp
  overloaded: RegExp
  gateway: RegExp
  server: RegExp
  rateLimit: RegExp
  // Families that only exist as UI / CLI wording (the text path):
  capacity?: RegExp
  interrupted?: RegExp
  stall?: RegExp
  network?: RegExp
}

/** What error bodies and stream error frames say. */
const WIRE: Rules = {
  usage: /exceeded_limit|over_limit|_messages_rate_limit_exceeded/,
  length: /prompt is too long|max_conversation_length|request_too_large/,
  account: /organization has been disabled|subscription_past_due|seat_minimum_reached/,
  aboutModel: /\bmodels?\b|model_not_allowed|\bclaude[ -][a-z]{2,20}[ -]\d/,
  unavailable: /not available|isn't available|not allowed|invalid model|may not exist|not have access/,
  auth: /invalid authori[sz]ation|unauthori[sz]ed|permission denied|unable to serve your request|account_session_invalid|authentication_error/,
  overloaded: /overloaded/,
  gateway:
    /upstream connect error|no healthy upstream|disconnect\/reset before headers|bad gateway|gateway time-?out|service unavailable/,
  server: /internal server error|temporary service disruption|will return soon|read_only_mode/,
  rateLimit: /rate.limit|too many requests|concurrent connections/,
}

let uiRulesCache: Rules | null = null
/**
 * The wire families plus how the UI and Claude Code word the same things. Built on first use, so
 * the page script — which never classifies UI text — does not carry these regexes.
 */
function uiRules(): Rules {
  const more = (r: RegExp, extra: string) => new RegExp(`${r.source}|${extra}`)
  uiRulesCache ??= {
    ...WIRE,
    usage: more(
      WIRE.usage,
      String.raw`usage limit|hit your limit|out of (?:free messages|extra usage)|\b\d+-hour limit|weekly limit|limits? will reset`,
    ),
    length: more(WIRE.length, 'length limit|too long for|context window'),
    account: more(WIRE.account, 'account (?:has been )?(?:disabled|suspended|banned)'),
    auth: more(WIRE.auth, 'session (?:has )?expired|error logging you in|log ?in again'),
    overloaded: more(WIRE.overloaded, 'high load|capacity constraints'),
    server: more(WIRE.server, 'server-side issue'),
    capacity: /capacity constraints/,
    interrupted: /response was interrupted|didn't load|did not load/,
    stall: /stream idle timeout|taking longer than usual|\bturn failed\b/,
    network:
      /connection error|fetch failed|failed to fetch|networkerror|network error|load failed|internet_disconnected/,
  }
  return uiRulesCache
}

const CHALLENGE = /challenge-platform|cf-chl|cf_chl|just a moment\.\.\.|attention required/

/** Cloudflare / Envoy / load-balancer statuses: infrastructure between the user and Claude. */
function isGatewayStatus(status: number): boolean {
  return (
    status === 502 || status === 503 || status === 504 || status === 408 || (status >= 520 && status <= 527)
  )
}

interface Parts {
  status: number | null
  endpoint: Endpoint | null
  env: ErrorEnvelope
  /** Lowercased text the phrase rules see: message + type + code (or the whole text). */
  text: string
}

type Decision = { kind: ObservationKind; synthetic?: string } | null

function decide({ status, endpoint, env, text }: Parts, R: Rules = WIRE): Decision {
  const type = env.errorType
  // Server side first: on a 5xx the body is the server's or a proxy's, and an HTML error page can
  // contain any word, so only capacity / gateway / server rules apply.
  if (status !== null && status >= 500) {
    if (status === 529 || type === 'overloaded_error' || R.overloaded.test(text))
      return { kind: 'overloaded' }
    if (isGatewayStatus(status) || R.gateway.test(text)) return { kind: 'gateway' }
    return { kind: 'server_error' }
  }
  if (env.limit?.state === 'exceeded' || R.usage.test(text)) return { kind: 'usage_limit' }
  if (status === 413 || R.length.test(text)) return { kind: 'length_limit' }
  if (R.account.test(text)) return { kind: 'account' }
  if (R.aboutModel.test(text) && R.unavailable.test(text)) return { kind: 'model_unavailable' }
  if (status === 401 || status === 403 || R.auth.test(text)) return { kind: 'auth' }
  if (endpoint === 'login' && status !== null && status >= 400) return { kind: 'auth' }
  // Read-only mode and the incident page can come with a 4xx; they are the service's state.
  if (status !== null && R.server.test(text)) return { kind: 'server_error' }
  if (status === 429) return { kind: 'rate_limit' }
  if (status !== null && isGatewayStatus(status)) return { kind: 'gateway' }
  if (status !== null) return null // other 4xx (404 deleted chat, 400 bad request…): not a signal
  // No status (stream error events, UI and CLI text): phrase families, then the error type.
  if (type === 'overloaded_error' || R.overloaded.test(text))
    return R.capacity?.test(text) ? { kind: 'overloaded', synthetic: SYN.capacity } : { kind: 'overloaded' }
  if (R.gateway.test(text)) return { kind: 'gateway' }
  if (type === 'api_error' || R.server.test(text)) return { kind: 'server_error' }
  if (type === 'rate_limit_error' || R.rateLimit.test(text)) return { kind: 'rate_limit' }
  if (type === 'permission_error') return { kind: 'auth' }
  if (R.interrupted?.test(text)) return { kind: 'stall', synthetic: SYN.streamInterrupted }
  if (R.stall?.test(text)) return { kind: 'stall', synthetic: SYN.streamIdle }
  if (R.network?.test(text)) return { kind: 'network' }
  return null
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[‘’ʼ]/g, "'").replace(/\s+/g, ' ')
}

function finish(
  d: Decision,
  env: ErrorEnvelope,
  extra?: { resetsAt?: number | null; requestId?: string | null },
): Classification | null {
  if (!d) return null
  const usage = d.kind === 'usage_limit'
  return {
    kind: d.kind,
    errorType: d.synthetic ?? env.code ?? env.errorType,
    resetsAt: usage ? (env.limit?.resetsAt ?? extra?.resetsAt ?? null) : null,
    requestId: env.requestId ?? extra?.requestId ?? null,
  }
}

function envText(env: ErrorEnvelope): string {
  return fold(`${env.message} ${env.errorType ?? ''} ${env.code ?? ''}`)
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpOutcome {
  status: number
  contentType?: string | null
  /** The body, already capped by the caller (we cap again at ERROR_BODY_CAP). Not needed for 2xx. */
  bodyText?: string | null
  endpoint: Endpoint
  /** `request-id` response header. */
  requestIdHeader?: string | null
  /** `anthropic-ratelimit-unified-reset` header (unix seconds), a fallback for usage limits. */
  resetHeader?: string | null
  /** `cf-mitigated` response header; Cloudflare sets `challenge` on challenge pages. */
  cfMitigated?: string | null
  /** A `Location` header or the final URL of a followed redirect. */
  redirectUrl?: string | null
  /** The request URL itself was `/api/challenge_redirect`. */
  challengeUrl?: boolean
}

/** Classifies one HTTP response. Null means "not a signal" (e.g. a 404 for a deleted chat). */
export function classifyHttp(input: HttpOutcome): Classification | null {
  const { status, endpoint } = input
  const requestId = requestIdOf(input.requestIdHeader)
  const body = (input.bodyText ?? '').slice(0, ERROR_BODY_CAP)
  const html = /html/i.test(input.contentType ?? '')
  const bare = { errorType: null, code: null, resetsAt: null, requestId }
  if (
    input.challengeUrl ||
    /^challenge$/i.test(input.cfMitigated ?? '') ||
    /challenge/i.test(input.redirectUrl ?? '') ||
    ((html || status === 403 || status === 429 || status === 503) && CHALLENGE.test(fold(body)))
  ) {
    return { kind: 'challenge', ...bare }
  }
  if (status >= 200 && status < 300) {
    // A completion answered with an HTML page was answered by something other than Claude:
    // the "Claude will return soon" incident page, or a proxy / captive portal.
    if (html && (endpoint === 'completion' || endpoint === 'retry_completion')) {
      return { kind: WIRE.server.test(fold(body)) ? 'server_error' : 'gateway', ...bare }
    }
    return { kind: 'success', ...bare }
  }
  if (status < 400) return null
  const env = parseErrorEnvelope(body)
  const text = env.json ? envText(env) : fold(env.message)
  return finish(decide({ status, endpoint, env, text }), env, {
    resetsAt: toEpochMs(input.resetHeader),
    requestId,
  })
}

/** `GET …/completion_status?poll=false` → `{is_pending, is_error, error_detail, error_code}`. */
export function classifyCompletionStatus(json: unknown): Classification | null {
  const o = obj(json)
  if (o?.is_error !== true) return null
  const detail = typeof o.error_detail === 'string' ? o.error_detail.slice(0, MESSAGE_CAP) : ''
  const env: ErrorEnvelope = {
    errorType: null,
    code: token(o.error_code),
    message: detail.toLowerCase(),
    requestId: null,
    limit: null,
    json: true,
  }
  // The server says the completion failed; a cause it names refines that, else it is a server error.
  return (
    finish(decide({ status: null, endpoint: 'completion_status', env, text: envText(env) }), env) ?? {
      kind: 'server_error',
      errorType: env.code,
      resetsAt: null,
      requestId: null,
    }
  )
}

// ---------------------------------------------------------------------------------------------
// SSE

export type SseSignal =
  /** `message_start`: the served model id (may be "") and the request id. */
  | { type: 'start'; modelId: string | null; requestId: string | null }
  /** `message_limit`: usage window state; only `exceeded` is an observation. */
  | { type: 'limit'; state: LimitState; resetsAt: number | null }
  /** `error` after HTTP 200 (or `message_delta.stop_reason == "error"`). */
  | { type: 'error'; classification: Classification }
  /** `message_delta` with a non-error stop reason. */
  | { type: 'stop_reason'; stopReason: string | null }
  /** `content_block_start`: whether the block is a tool call (the server may go quiet while it runs). */
  | { type: 'block'; toolUse: boolean }
  /** `message_stop`: normal end. */
  | { type: 'end' }

/** `message_delta.stop_reason` "error" is a failure mid-stream (claude-web.md §3); other reasons are not. */
export function classifyStopReason(stopReason: string | null): Classification | null {
  return stopReason === 'error'
    ? { kind: 'server_error', errorType: 'stop_reason_error', resetsAt: null, requestId: null }
    : null
}

/** An event's data is parsed up to this size (message_start, message_limit, error are < 4 KB). */
const SSE_DATA_CAP = 64 * 1024

/** A `message_limit` event's data: the usage window state (only `exceeded` is an observation). */
export function limitOfEvent(data: string | null): LimitInfo {
  const payload = data === null ? null : obj(parseJson(data.slice(0, SSE_DATA_CAP)))
  return parseLimit(obj(payload?.message_limit) ?? payload) ?? { state: 'unknown', resetsAt: null }
}

/** An `error` event after HTTP 200: whatever the error says, a failure — server_error by default. */
export function classifyStreamError(data: string | null): Classification {
  const env = parseErrorEnvelope(data ?? '')
  return (
    finish(decide({ status: null, endpoint: null, env, text: envText(env) }), env) ?? {
      kind: 'server_error',
      errorType: env.code ?? env.errorType,
      resetsAt: null,
      requestId: env.requestId,
    }
  )
}

/** Classifies one SSE event. `data` null (filtered) is fine for events that need no payload. */
export function classifySseEvent(event: string, data: string | null): SseSignal | null {
  const payload = data === null ? null : obj(parseJson(data.slice(0, SSE_DATA_CAP)))
  const name = event === 'message' && typeof payload?.type === 'string' ? payload.type : event
  switch (name) {
    case 'message_start': {
      const msg = obj(payload?.message)
      return { type: 'start', modelId: str(msg?.model, 100), requestId: requestIdOf(msg?.request_id) }
    }
    case 'message_limit':
      return { type: 'limit', ...limitOfEvent(data) }
    case 'error':
      return { type: 'error', classification: classifyStreamError(data) }
    case 'message_delta': {
      const stopReason = str(obj(payload?.delta)?.stop_reason, 40)
      const failure = classifyStopReason(stopReason)
      return failure ? { type: 'error', classification: failure } : { type: 'stop_reason', stopReason }
    }
    case 'content_block_start': {
      const blockType = str(obj(payload?.content_block)?.type, 60) ?? ''
      return { type: 'block', toolUse: /tool_use$/.test(blockType) }
    }
    case 'message_stop':
      return { type: 'end' }
    default:
      return null
  }
}

// ---------------------------------------------------------------------------------------------
// fetch rejections

export interface Rejection {
  /** `error.name`: 'TypeError', 'AbortError', 'TimeoutError', … */
  name: string | null
  message: string | null
  /** `navigator.onLine`. */
  online: boolean | null
  /** The request's AbortSignal was aborted (a custom abort reason need not be an AbortError). */
  signalAborted?: boolean
  /** The user pressed Stop on this conversation (`stop_response` was sent). */
  userStopped?: boolean
}

/** TypeErrors that are the page's own programming errors, not the network. */
const PROGRAMMER_ERROR =
  /invalid|cannot|can't|not a valid|illegal|must be|failed to execute|malformed|unsupported/i

/**
 * A rejected fetch. AbortError (or an aborted signal, or Stop) is the user or the app cancelling:
 * 'aborted', never a failure. A TypeError is the network — unless the browser is online and the
 * message says the request itself was malformed, which is the page's bug and not a signal.
 */
export function classifyFetchRejection(r: Rejection): Classification | null {
  const bare = { errorType: null, resetsAt: null, requestId: null }
  if (r.userStopped || r.signalAborted || r.name === 'AbortError') return { kind: 'aborted', ...bare }
  if (r.name === 'TimeoutError') return { kind: 'stall', ...bare, errorType: SYN.timeout }
  if (r.online === false) return { kind: 'network', ...bare }
  if (r.name === 'TypeError')
    return PROGRAMMER_ERROR.test(r.message ?? '') ? null : { kind: 'network', ...bare }
  return null
}

// ---------------------------------------------------------------------------------------------
// Text (UI strings, Claude Code errors, log lines)

/**
 * An HTTP status written into a message: `API Error: 529 …`, `API Error (503 …`, `Error: 404 {`,
 * `failed: 403 {`, `(Status: 403)`, or a leading `529 {`. Only 4xx/5xx, and only right after one of
 * those words, so counts, times and token numbers in the text are never taken for a status.
 */
const STATUS_IN_TEXT = /(?:\b(?:error|status|failed)\b[\s:(]*|^)([45]\d\d)\b/i

/**
 * Classifies an error string seen in the UI, a CLI or a log. Embedded JSON envelopes and SSE
 * frames go through the same envelope reader as the wire; everything else through the phrase
 * families. Null when the text is not recognisably an error (or only informational, such as a
 * `message_limit` frame that is within its limits).
 */
export function classifyErrorText(raw: string): Classification | null {
  const text = raw.slice(0, ERROR_BODY_CAP)
  const statusMatch = STATUS_IN_TEXT.exec(text)
  const status = statusMatch ? Number(statusMatch[1]) : null
  const root = extractJsonObject(text)
  if (root && (root.type === 'message_limit' || obj(root.message_limit))) {
    const limit = parseLimit(obj(root.message_limit) ?? root)
    return limit?.state === 'exceeded'
      ? { kind: 'usage_limit', errorType: null, resetsAt: limit.resetsAt, requestId: null }
      : null
  }
  const env = envelopeOf(root, text)
  const phrases = env.json ? envText(env) : fold(text)
  const d = decide({ status, endpoint: null, env, text: phrases }, uiRules())
  // The legacy CLI form `Claude AI usage limit reached|<unix seconds>` carries its reset time.
  const piped = /\|(\d{10})\b/.exec(text)
  return finish(d, env, { resetsAt: piped ? toEpochMs(Number(piped[1])) : null })
}

// ---------------------------------------------------------------------------------------------
// The research vocabulary (claude-web.md §4, the `kind` of fixtures/claude-web/errors.json) → ours.

/** The kinds used by claude-web.md and the errors fixture. */
export type ResearchKind =
  | 'outage'
  | 'overloaded'
  | 'capacity'
  | 'rate_limit'
  | 'usage_limit'
  | 'sse_message_limit'
  | 'interrupted'
  | 'stream_timeout'
  | 'gateway'
  | 'network'
  | 'auth'
  | 'login'
  | 'account_disabled'
  | 'model_unavailable'
  | 'length_limit'

export interface ResearchKindMapping {
  /** Our observation kind; null = informational, no observation. */
  kind: ObservationKind | null
  /** When the payload carries an `exceeded_limit` / `over_limit` marker, this kind instead. */
  whenExceeded?: ObservationKind
  why: string
}

/**
 * How each research kind maps to an observation kind (README.md has the same table). Two research
 * kinds split on the limit marker, because claude-web.md §4 decides by it: a 429 `rate_limit_error`
 * whose message JSON says `exceeded_limit` is the user's plan limit, not throttling.
 */
export const RESEARCH_KIND_MAP: Readonly<Record<ResearchKind, ResearchKindMapping>> = {
  outage: { kind: 'server_error', why: 'HTTP 500 api_error / the incident page: the service is failing' },
  overloaded: {
    kind: 'overloaded',
    why: '529, overloaded_error, 500 "Overloaded": capacity, often per model',
  },
  capacity: {
    kind: 'overloaded',
    why: 'the "capacity constraints" UI text; errorType capacity_constraints, as it is not on the status page',
  },
  rate_limit: {
    kind: 'rate_limit',
    whenExceeded: 'usage_limit',
    why: 'per-account throttling; with exceeded_limit it is the plan limit (§4)',
  },
  usage_limit: { kind: 'usage_limit', why: 'the plan limit: not an outage, show the reset time' },
  sse_message_limit: {
    kind: null,
    whenExceeded: 'usage_limit',
    why: 'a message_limit frame is informational unless exceeded / over_limit',
  },
  interrupted: {
    kind: 'stall',
    why: 'the reply broke off (errorType stream_interrupted); cause unknown, so confirm before counting',
  },
  stream_timeout: { kind: 'stall', why: 'the reply stopped arriving (errorType stream_idle)' },
  gateway: { kind: 'gateway', why: '502/503/504, Envoy text: infrastructure in front of Claude' },
  network: { kind: 'network', why: 'the client could not reach claude.ai' },
  auth: { kind: 'auth', why: 'session expired / wrong org: log in again' },
  login: { kind: 'auth', why: 'a failed login is the same advice as an expired session' },
  account_disabled: { kind: 'account', why: 'account state: never an outage' },
  model_unavailable: { kind: 'model_unavailable', why: 'one model gated or out of capacity: model scope' },
  length_limit: { kind: 'length_limit', why: 'the message or chat is too long: user-side' },
}
