// What kind of failure an incident is (statuspage.md §5, word classes). The title decides, read in
// priority order (maintenance, a non-product site, login, billing, quality, feature, latency,
// errors); bodies decide only when the title has no cue, with one exception: a body that says
// users cannot log in makes it a login incident unless the title says maintenance, billing or a
// non-product site ("Delays delivering emails … affecting users ability to login").

import type { IncidentKind } from './types.ts'

const LOGIN =
  /\b(?:log ?ins?|logging in|log-in|sign ?in|signing in|sign-in|auth|authenticat\w*|oauth|sso|magic link|verification code)\b/i
const BILLING =
  /\b(?:payments?|pay for|billing|subscriptions?|sign ?up|signing up|sign-up|credits|purchas\w*|checkout|invoic\w*|upgrading to)\b/i
const QUALITY =
  /\b(?:quality|intelligence|malformed|inconsisten\w*|gibberish|garbled|incoherent|nonsensical|did not (?:fully )?align|wrong answers|incorrect (?:responses|outputs?|answers))\b/i
const FEATURE =
  /\b(?:connectors?|mcp|uploads?|uploading|attachments?|images?|artifacts?|desktop app|desktop|projects|memory|voice|web search|integrations?|files?|pdfs?|documents?|analysis tool|code execution)\b/i
/** Request content is not a feature: "errors for requests with many images" is an errors incident. */
const REQUEST_CONTENT = /\brequests? (?:with|involving|containing|including)(?: \w+){0,2} $/i
const LATENCY =
  /\b(?:latency|latencies|slow(?:ness|er)?|stall\w*|delays?|delayed|hang(?:s|ing)?|long response times)\b/i
const ERRORS =
  /\b(?:errors?|error rates?|outages?|down|downtime|unavailab\w*|failures?|failing|failed|[45]\d\ds?|5xx|degraded|disruption|offline|not operational|rate limit\w*|partially)\b/i
const MAINTENANCE = /\bmaintenance\b/i

/** A host on anthropic.com that is not a product surface (the website, docs): kind `other`. */
function namesNonProductSite(text: string): boolean {
  for (const m of text.matchAll(/\b((?:[a-z0-9-]+\.)*)anthropic\.com\b/gi)) {
    const sub = (m[1] ?? '').toLowerCase().replace(/\.$/, '')
    if (!['api', 'console', 'platform'].includes(sub)) return true
  }
  return false
}

function featureCue(text: string): boolean {
  for (const m of text.matchAll(new RegExp(FEATURE.source, 'gi'))) {
    if (!REQUEST_CONTENT.test(text.slice(Math.max(0, m.index - 60), m.index))) return true
  }
  return false
}

function kindOfText(text: string): IncidentKind | null {
  if (MAINTENANCE.test(text)) return 'maintenance'
  if (namesNonProductSite(text)) return 'other'
  if (LOGIN.test(text)) return 'login'
  if (BILLING.test(text)) return 'billing'
  if (QUALITY.test(text)) return 'quality'
  if (featureCue(text)) return 'feature'
  if (LATENCY.test(text)) return 'latency'
  if (ERRORS.test(text)) return 'errors'
  return null
}

export function classifyKind(title: string, bodies: string[], isMaintenance: boolean): IncidentKind {
  if (isMaintenance) return 'maintenance'
  const fromTitle = kindOfText(title)
  if (fromTitle === 'maintenance' || fromTitle === 'other' || fromTitle === 'billing') return fromTitle
  if (fromTitle !== 'login' && bodies.some((b) => LOGIN.test(b))) return 'login'
  if (fromTitle) return fromTitle
  // No cue in the title: the most specific kind any body names, in the same priority order.
  const found = bodies.map(kindOfText).filter((k): k is IncidentKind => k !== null)
  const order: IncidentKind[] = [
    'maintenance',
    'other',
    'login',
    'billing',
    'quality',
    'feature',
    'latency',
    'errors',
  ]
  for (const k of order) if (found.includes(k)) return k
  return 'other'
}
