// URL → endpoint class. claude.ai's endpoints are internal and move: `/edge-api/` appeared in 2026
// for bootstrap while `/completion` stayed under `/api/` (claude-web.md §1). So the `/api/` or
// `/edge-api/` prefix is matched first and the rest of the path against prefix-free patterns, each
// written once; anything we do not recognise degrades to 'other', never to an error.
import type { Endpoint } from './vocab.ts'

/** The completion pattern from claude-web.md §1, on a full URL or a path. */
export const COMPLETION_URL_RE =
  /\/(edge-)?api\/organizations\/[^/]+\/chat_conversations\/[^/?]+\/(retry_)?completion(\?|$)/

/** `/organizations/{org}/chat_conversations[/{conv}[/{action}]]`, after the API prefix. */
const CONVERSATION =
  /^\/organizations\/([^/]{1,100})\/chat_conversations(?:\/([^/]{1,100})(?:\/([a-z_]{1,40}))?)?$/
/** The org a call is about: `/organizations/{org}…` or `/bootstrap/{org}…`. */
const ORG_IN_PATH = /^\/(?:organizations|bootstrap)\/([^/]{1,100})/
const CONVERSATION_ACTIONS: Record<string, Endpoint> = {
  completion: 'completion',
  retry_completion: 'retry_completion',
  completion_status: 'completion_status',
}

export interface UrlClass {
  endpoint: Endpoint
  /** The org the call is about. Used in the page only (active org, aliases); NEVER posted. */
  orgId?: string
  /** The conversation the call is about. Used in the page only (Stop tracking); NEVER posted. */
  conversationId?: string
  /** `POST …/{conv}/stop_response`: the user pressed Stop. Never a failure. */
  stop?: boolean
  /** `/api/challenge_redirect`: a Cloudflare challenge, not an outage. */
  challenge?: boolean
}

/**
 * Classifies a request URL (absolute or relative to `base`, normally `location.href`). Returns
 * null for anything that is not an API call to the page's own host or a claude.ai (sub)domain:
 * third-party hosts, pages, assets.
 */
export function classifyUrl(url: string, base: string): UrlClass | null {
  let parsed: URL
  let baseHost: string
  try {
    parsed = new URL(url, base)
    baseHost = new URL(base).host
  } catch {
    return null
  }
  const host = parsed.host
  if (host !== baseHost && host !== 'claude.ai' && !host.endsWith('.claude.ai')) return null
  const path = /^\/(?:edge-)?api(\/.*)$/.exec(parsed.pathname)?.[1]
  if (!path) return null
  const out: UrlClass = { endpoint: 'other', orgId: ORG_IN_PATH.exec(path)?.[1] }
  const conversation = CONVERSATION.exec(path)
  if (conversation) {
    out.conversationId = conversation[2]
    const action = conversation[3]
    if (!action) out.endpoint = 'conversation'
    else if (Object.hasOwn(CONVERSATION_ACTIONS, action))
      out.endpoint = CONVERSATION_ACTIONS[action] as Endpoint
    else out.stop = action === 'stop_response'
  } else if (/^\/organizations(?:\/[^/]{1,100})?$/.test(path)) out.endpoint = 'organization'
  else if (/^\/bootstrap(?:\/[^/]{1,100}(?:\/.*)?)?$/.test(path)) out.endpoint = 'bootstrap'
  else if (path.startsWith('/auth/')) out.endpoint = 'login'
  else out.challenge = path === '/challenge_redirect'
  return out
}

/** Completions are the only requests whose success we report: they carry the user's experience. */
export function isCompletion(endpoint: Endpoint): boolean {
  return endpoint === 'completion' || endpoint === 'retry_completion'
}
