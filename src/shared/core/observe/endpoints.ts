// URL → endpoint class. claude.ai's endpoints are internal and move: `/edge-api/` appeared in 2026
// for bootstrap while `/completion` stayed under `/api/` (claude-web.md §1). So every pattern
// accepts either prefix, and anything we do not recognise degrades to 'other', never to an error.
import type { Endpoint } from './vocab.ts'

/** The completion pattern from claude-web.md §1, on a full URL or a path. */
export const COMPLETION_URL_RE =
  /\/(edge-)?api\/organizations\/[^/]+\/chat_conversations\/[^/?]+\/(retry_)?completion(\?|$)/

const API = '^/(?:edge-)?api'
const SEG = '([^/]{1,100})'
const CONV = `${API}/organizations/${SEG}/chat_conversations`
const RE = {
  conversationAction: new RegExp(`${CONV}/${SEG}/([a-z_]{1,40})$`),
  conversation: new RegExp(`${CONV}(?:/${SEG})?$`),
  organization: new RegExp(`${API}/organizations(?:/${SEG})?$`),
  bootstrap: new RegExp(`${API}/bootstrap(?:/${SEG}(?:/.*)?)?$`),
  login: new RegExp(`${API}/auth/`),
  challenge: new RegExp(`${API}/challenge_redirect$`),
  api: new RegExp(`${API}/`),
  orgInPath: new RegExp(`${API}/(?:organizations|bootstrap)/${SEG}`),
}

export interface UrlClass {
  endpoint: Endpoint
  /** The org the call is about. Used in the page only (active-org tracking); NEVER posted. */
  orgId: string | null
  /** The conversation the call is about. Used in the page only (stop tracking); NEVER posted. */
  conversationId: string | null
  /** `POST …/{conv}/stop_response`: the user pressed Stop. Never a failure. */
  stop: boolean
  /** `/api/challenge_redirect`: a Cloudflare challenge, not an outage. */
  challenge: boolean
  /** `GET /api/organizations` (the list), as opposed to one org object. */
  orgList: boolean
}

/** Hosts whose `/api/` we observe: the page's own origin and claude.ai (sub)domains. */
function isObservedHost(host: string, baseHost: string): boolean {
  return host === baseHost || host === 'claude.ai' || host.endsWith('.claude.ai')
}

/**
 * Classifies a request URL (absolute or relative to `base`, normally `location.href`). Returns
 * null for anything that is not a claude.ai API call: third-party hosts, pages, assets.
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
  if (!isObservedHost(parsed.host, baseHost)) return null
  const path = parsed.pathname
  if (!RE.api.test(path)) return null
  const out: UrlClass = {
    endpoint: 'other',
    orgId: RE.orgInPath.exec(path)?.[1] ?? null,
    conversationId: null,
    stop: false,
    challenge: false,
    orgList: false,
  }
  const action = RE.conversationAction.exec(path)
  if (action) {
    out.conversationId = action[2] ?? null
    const verb = action[3]
    if (verb === 'completion') out.endpoint = 'completion'
    else if (verb === 'retry_completion') out.endpoint = 'retry_completion'
    else if (verb === 'completion_status') out.endpoint = 'completion_status'
    else if (verb === 'stop_response') out.stop = true
    return out
  }
  const conv = RE.conversation.exec(path)
  if (conv) {
    out.endpoint = 'conversation'
    out.conversationId = conv[2] ?? null
    return out
  }
  const org = RE.organization.exec(path)
  if (org) {
    out.endpoint = 'organization'
    out.orgList = org[1] === undefined
    return out
  }
  if (RE.bootstrap.test(path)) out.endpoint = 'bootstrap'
  else if (RE.login.test(path)) out.endpoint = 'login'
  else if (RE.challenge.test(path)) out.challenge = true
  return out
}

/** Completions are the only requests whose success we report: they carry the user's experience. */
export function isCompletion(endpoint: Endpoint): boolean {
  return endpoint === 'completion' || endpoint === 'retry_completion'
}
