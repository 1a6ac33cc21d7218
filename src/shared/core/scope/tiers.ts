// Tiers and surfaces named in one clause of incident text (statuspage.md §5). Tiers are rare and
// default to "all/unknown": only a plan named as a group of users or a subscription counts, so
// "free credits", "Build plan" and "our teams" do not.

import type { Surface, Tier } from './types.ts'

const TIER_PATTERNS: [Tier, RegExp][] = [
  [
    'free',
    /\bfree(?:[- ]tier)?\s+(?:claude\.ai\s+)?(?:users?|usage|accounts?|plans?|tier)\b|\bclaude\.ai\s+free\s+(?:users?|usage|accounts?|plans?|tier)\b|\bfree-tier\b/gi,
  ],
  // Plan names are capitalised when they are plans: "Claude Pro", "Pro subscriptions".
  ['pro', /\bClaude Pro\b|\bPro (?:users?|subscri\w+|plans?|tier|accounts?)\b/g],
  ['max', /\bClaude Max\b|\bMax (?:users?|subscri\w+|plans?|tier|accounts?)\b/g],
  ['team', /\bClaude Team\b|\bTeam (?:users?|plans?|accounts?|workspaces?|organi[sz]ations?)\b/g],
  [
    'enterprise',
    /\bClaude Enterprise\b|\bEnterprise (?:users?|plans?|customers?|accounts?|organi[sz]ations?)\b/g,
  ],
  ['paid', /\bpaid (?:users?|plans?|tiers?|accounts?|subscri\w+|usage)\b/gi],
]

// "Pro and Max users", "Team, Enterprise or Max plans": plan names sharing one noun.
const PLAN = '(?:free|Pro|Max|Team|Enterprise|paid)'
const TIER_LIST = new RegExp(
  `\\b(${PLAN}(?:\\s*(?:,|and|or|&|/)\\s*${PLAN})+)\\s+(?:users?|plans?|subscri\\w+|accounts?|customers?|tiers?)\\b`,
  'g',
)

export function tiersIn(clause: string): Tier[] {
  const out = new Set<Tier>()
  for (const [tier, re] of TIER_PATTERNS) {
    re.lastIndex = 0
    if (re.test(clause)) out.add(tier)
  }
  for (const m of clause.matchAll(TIER_LIST)) {
    for (const w of (m[1] ?? '').split(/\s*(?:,|and|or|&|\/)\s*/)) {
      const t = w.toLowerCase() as Tier
      if ((['free', 'pro', 'max', 'team', 'enterprise', 'paid'] as string[]).includes(t)) out.add(t)
    }
  }
  return [...out]
}

// A surface as the subject of a "not affected" clause: "API requests are not affected", "The API
// is unaffected", "the API and Console are still available". Not "The purchase of API credits".
const SURFACE_WORDS: [Surface, RegExp][] = [
  ['api', /^(?:the\s+)?(?:anthropic\s+|claude\s+)?api(?:\.anthropic\.com)?$/i],
  [
    'console',
    /^(?:the\s+)?(?:anthropic\s+|claude\s+)?console(?:\.anthropic\.com)?$|^platform\.claude\.com$/i,
  ],
  ['claude.ai', /^claude\.ai$/i],
  ['claude-code', /^claude code$/i],
  ['cowork', /^(?:claude\s+)?cowork$/i],
  ['mobile', /^(?:the\s+)?(?:claude\s+)?(?:mobile|ios|android)(?:\s+apps?)?$/i],
  ['desktop', /^(?:the\s+)?(?:claude\s+)?desktop(?:\s+apps?)?$/i],
]
const SUBJECT =
  /^\s*((?:[\w.]+\s+){0,3}?[\w.]+?)(?:\s+(?:requests|usage|traffic|calls|access))?(?:\s+(?:and|&)\s+((?:the\s+)?[\w.]+(?:\s+[\w.]+)?))?\s+(?:is|are|was|were|will|remains?|remain|has|have)\b/i

/** Surfaces a clause with "ok" polarity names as its subject. */
export function surfacesIn(clause: string): Surface[] {
  const m = SUBJECT.exec(clause.replace(/^\s*(?:but|and|however|only)\s+/i, ''))
  if (!m) return []
  const out: Surface[] = []
  for (const part of [m[1], m[2]]) {
    if (!part) continue
    for (const [surface, re] of SURFACE_WORDS) if (re.test(part.trim())) out.push(surface)
  }
  return out
}
