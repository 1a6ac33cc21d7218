// The fixed vocabulary of the page observer, as plain constants. Kept apart from the zod schemas
// (observation.ts, page-messages.ts) because the MAIN-world script imports these and must not pull
// zod in: it has a 5 KB gzip budget and runs before claude.ai's own code.

/** What one request (or one stream) turned out to be. See README.md for what each means. */
export const OBSERVATION_KINDS = [
  'success',
  'server_error',
  'overloaded',
  'gateway',
  'stall',
  'slow',
  'network',
  'auth',
  'model_unavailable',
  'usage_limit',
  'rate_limit',
  'account',
  'length_limit',
  'challenge',
  'aborted',
] as const
export type ObservationKind = (typeof OBSERVATION_KINDS)[number]

/** Which claude.ai call an observation is about (endpoints.ts decides from the URL). */
export const ENDPOINTS = [
  'completion',
  'retry_completion',
  'conversation',
  'organization',
  'bootstrap',
  'login',
  'completion_status',
  'other',
] as const
export type Endpoint = (typeof ENDPOINTS)[number]

export const TIERS = ['free', 'pro', 'max', 'team', 'enterprise', 'unknown'] as const
export type Tier = (typeof TIERS)[number]

/** 'response': decided from the HTTP response or a rejection; 'stream': from the SSE body. */
export const PHASES = ['response', 'stream'] as const
export type Phase = (typeof PHASES)[number]

/** The tag on every message the page script posts; the isolated side drops anything else. */
export const MESSAGE_SOURCE = 'is-claude-down'
/** 2: the page script posts raw, whitelisted facts (facts.ts); 1 posted classified observations. */
export const MESSAGE_VERSION = 2
/** Breadcrumb on `<html data-is-claude-down-obs>`: the last ≤ 20 fact messages + the last plan message. */
export const BREADCRUMB_MAX_FACTS = 20

/** Per-load random token + request counter: correlates a stall with the same request's outcome. */
export const FLOW_ID_RE = /^[a-z0-9]{4,16}\.[a-z0-9]{1,8}$/
/**
 * Flow id + per-flow counter: unique per fact, so the inbox can de-duplicate. A fact yields at most
 * one observation, which takes the fact's id.
 */
export const OBSERVATION_ID_RE = /^[a-z0-9]{4,16}\.[a-z0-9]{1,8}\.[a-z0-9]{1,4}$/
/** `request-id` / `request_id`: `req_` + 24 alphanumerics today; a little slack for tomorrow. */
export const REQUEST_ID_RE = /^req_[A-Za-z0-9]{8,64}$/
export const ERROR_TYPE_RE = /^[a-z_]{1,40}$/

/**
 * `errorType` values we synthesise when the wire carries no `error.type` (stalls, cut streams,
 * the capacity banner text). Everything else in `errorType` is copied from the wire after a
 * `^[a-z_]{1,40}$` check.
 */
export const SYNTHETIC_ERROR_TYPES = {
  /** Stream open, then no bytes for the silence threshold. */
  streamIdle: 'stream_idle',
  /** No first byte within the first-byte threshold. */
  firstByteTimeout: 'first_byte_timeout',
  /** The body ended or broke before `message_stop`, with no error event. */
  streamInterrupted: 'stream_interrupted',
  /** The "unexpected capacity constraints" UI text: not on the status page (claude-web.md §4). */
  capacity: 'capacity_constraints',
  /** An `AbortSignal.timeout()`-style `TimeoutError` rejection. */
  timeout: 'timeout_error',
} as const
