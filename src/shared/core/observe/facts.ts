// THE wire contract (v2) between the MAIN-world observer (src/content/main-world.ts) and the
// isolated content script (src/content/page-inbox.ts): raw, whitelisted, bounded FACTS about what
// claude.ai's requests did — never a verdict. The page observer decides nothing; the isolated script
// validates these (page-messages.ts, zod), turns them into observations (assemble.ts) and forwards
// the plan facts to the background, which decides the tier (tier.ts).
//
// Types and plain constants only: the MAIN-world bundle imports this module, and zod must never
// enter it (5 KB gzip budget; it runs before claude.ai's own code).
//
// What may cross, and nothing else (architecture.md "Privacy and trust"): endpoint kind, status,
// content type, an error body capped at FACT_TEXT_MAX, the request-id /
// anthropic-ratelimit-unified-reset / cf-mitigated headers, challenge flags, from the reply stream
// the served model id, the request id, whether a block is a tool call, the stop reason, the end,
// the raw data of `error` and exceeded `message_limit` events; a rejection's name and scrubbed
// message; the requested model's text and where it came from; timings; navigator.onLine. NEVER an
// org id, a conversation id, the prompt, reply text or tool / web-search content. Raw error text
// crosses into the isolated world only: it is classified there and dropped, never stored or
// forwarded.
import type { Endpoint, MESSAGE_SOURCE, MESSAGE_VERSION } from './vocab.ts'

/** Error bodies, SSE `error` / `message_limit` data: 4 KB holds every envelope seen. */
export const FACT_TEXT_MAX = 4096
/** A rejection's message after scrubbing: enough for the "page's own bug" wording rules. */
export const REJECTION_MESSAGE_MAX = 200
/** `completion_status.error_detail`: what the phrase rules read of a message (classify.ts). */
export const ERROR_DETAIL_MAX = 600
/** `model` / `create_conversation_params.model` of a request body, and the served model id. */
export const MODEL_ID_MAX = 100
/** The model selector's text ("Claude Sonnet 4.5 Extended"). */
export const SELECTOR_TEXT_MAX = 120
/** Request ids, header values, stop reasons, error codes, rejection names: short tokens. */
export const TOKEN_MAX = 80
export const CONTENT_TYPE_MAX = 100
/** Orgs the plan facts follow per page; a person belongs to a handful. */
export const PLAN_ORGS_MAX = 20
/** More models than the app has ever listed at once, with room to spare. */
export const CATALOG_MAX = 40
/** `capabilities[]` entries kept per org. */
export const CAPABILITIES_MAX = 64

/** SSE events whose data the page script reads; everything else (reply deltas) is read and dropped. */
export const SSE_EVENTS_OF_INTEREST: ReadonlySet<string> = new Set([
  'message_start',
  'message_limit',
  'message_delta',
  'message_stop',
  'content_block_start',
  'error',
])

/**
 * The requested model as the page gave it, unparsed: the isolated script parses it (request-model.ts).
 * The body's id outranks the selector's text, which is only a guess; the selector is read too, for
 * when the body names no model or one that does not parse.
 */
export interface RequestedModel {
  /** The body's `model` / `create_conversation_params.model` (≤ MODEL_ID_MAX). */
  body: string | null
  /** The model selector's text (≤ SELECTOR_TEXT_MAX). */
  selector: string | null
}

/** What every fact says about its request (its "flow"), whatever happened. */
export interface FactBase {
  /** `${flow}.${n}` (n base 36): unique per fact; the observation it yields takes this id. */
  id: string
  /** A per-load random token + a request counter: correlates a stall with the request's outcome. */
  flow: string
  endpoint: Endpoint
  transport: 'fetch' | 'xhr'
  /** Epoch ms when the fact was posted. */
  at: number
  /** HTTP status, once the response arrived. */
  status: number | null
  /** Request start → first body byte (streams) or response headers (everything else). */
  ttfbMs: number | null
  /** Request start → this fact. */
  durationMs: number
  online: boolean | null
  /** The user pressed Stop on this conversation, or the stream said `user_canceled`. */
  stopped: boolean
  /** Completion POSTs only: the model asked for. */
  model: RequestedModel | null
  /** `message_start.message.model`, raw (≤ MODEL_ID_MAX). */
  servedModel: string | null
  /** The `request-id` header or `message_start.message.request_id`, raw (≤ TOKEN_MAX). */
  requestId: string | null
}

/**
 * What happened, with the few fields each kind carries:
 *  first_byte         the first body byte of a completion: the slowness sample (`ttfbMs`)
 *  stall              no first byte / no byte at all for a threshold (`stall` says which)
 *  limit              a `message_limit` event whose data names an exceeded window (raw data)
 *  stream_error       an `error` event after HTTP 200 (raw data) — terminal
 *  end                the stream ended: `message_stop` (`complete`), stop reason "error", or the
 *                     body just ended — terminal
 *  broken             reading the stream threw — terminal
 *  response           an HTTP response that is an outcome (completions) or a failure — terminal
 *  rejected           fetch rejected / the XHR failed — terminal
 *  completion_status  the app's `completion_status` poll said `is_error`
 */
export type FactDetails =
  | { fact: 'first_byte' }
  | { fact: 'stall'; stall: 'first_byte' | 'idle' }
  | { fact: 'limit'; data: string }
  | { fact: 'stream_error'; data: string | null }
  | { fact: 'end'; complete: boolean; sawEvent: boolean; sawStart: boolean; stopReason: string | null }
  | {
      fact: 'response'
      contentType: string | null
      /** The body of a failure, capped at FACT_TEXT_MAX; '' for a success (never read). */
      body: string
      /** `anthropic-ratelimit-unified-reset`. */
      reset: string | null
      cfMitigated: string | null
      /** The request was `/api/challenge_redirect`, or it was redirected to a challenge. */
      challenge: boolean
    }
  | ({ fact: 'broken' } & RejectionFacts)
  | ({ fact: 'rejected' } & RejectionFacts)
  | { fact: 'completion_status'; errorCode: string | null; errorDetail: string | null }

/** What a rejection (fetch, XHR, or reading the stream) says. */
export interface RejectionFacts {
  name: string | null
  /** Scrubbed: long tokens and URLs replaced, capped at REJECTION_MESSAGE_MAX. */
  message: string | null
  signalAborted: boolean
}

export type Fact = FactBase & FactDetails
export type FactKind = FactDetails['fact']

/**
 * The plan fields of one org, copied from org objects and bootstrap flags; nothing else of them
 * crosses. The background turns them into a tier (tier.ts).
 */
export interface OrgPlanFacts {
  capabilities?: string[]
  raven_type?: string
  seat_tier?: string
  analytics_subscription_plan?: string
  rate_limit_tier?: string
  billing_type?: string
  /** Bootstrap GrowthBook user flags, for the org in the bootstrap URL. */
  isPro?: boolean
  isMax?: boolean
  isRaven?: boolean
  maxTier?: string
  /** Bootstrap Statsig `user.custom.orgType`. */
  orgType?: string
}

/** The string-valued plan fields (each ≤ TOKEN_MAX), in OrgPlanFacts order. */
export const PLAN_TEXT_FIELDS = [
  'raven_type',
  'seat_tier',
  'analytics_subscription_plan',
  'rate_limit_tier',
  'billing_type',
  'maxTier',
  'orgType',
] as const satisfies readonly (keyof OrgPlanFacts)[]
export const PLAN_FLAG_FIELDS = [
  'isPro',
  'isMax',
  'isRaven',
] as const satisfies readonly (keyof OrgPlanFacts)[]

/** One model of bootstrap's catalogue: `model_id` and `minimum_tier`, raw (each ≤ TOKEN_MAX). */
export interface CatalogFacts {
  modelId: string
  minimumTier: string
}

/** What the page has learnt of the user's plan. */
export interface PlanFacts {
  /** Per org, in the order first seen; the index is the org's per-page alias (never its id). */
  orgs: OrgPlanFacts[]
  /** Alias of the org the user works in, when one of `orgs` matches the API URLs. */
  active: number | null
  /** Bootstrap `claude_ai_available_models.models[]`, raw. */
  catalog: CatalogFacts[] | null
  /** True when the orgs come only from the sessionStorage cache of a previous load. */
  cached: boolean
}

interface Envelope {
  source: typeof MESSAGE_SOURCE
  v: typeof MESSAGE_VERSION
}

export interface FactMessage extends Envelope {
  type: 'fact'
  fact: Fact
}

export interface PlanMessage extends Envelope, PlanFacts {
  type: 'plan'
}

export type PageMessage = FactMessage | PlanMessage
