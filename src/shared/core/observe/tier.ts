// Account tier from the org data claude.ai already loads (claude-web.md §6). Tier detection broke
// four times in sixteen months in the best-known usage extension, so this module is built to say
// "unknown" rather than guess: it collects independent signals, each with a strength and the set
// of tiers it is compatible with, and decides only on one strong signal or several agreeing ones.
//
// It runs in the background, on the plan facts the page script copied out of org objects and
// bootstrap (plan-facts.ts: only whitelisted fields, orgs by per-page alias) and the isolated
// script forwarded with `reportAccount`.
//
// Signals, strongest first:
//   strong  capabilities claude_max / claude_pro; raven_type team / enterprise
//   medium  seat_tier; analytics_subscription_plan; capabilities that are just ["chat"] (free);
//           a raven capability without raven_type (team or enterprise)
//   weak    rate_limit_tier (a CEILING, not the plan: a Team premium seat can show max_5x);
//           billing_type; GrowthBook / Statsig user fields (abandoned by others as unstable)
import { parseModelId } from '../models.ts'
import type { CatalogFacts, OrgPlanFacts, PlanFacts } from './facts.ts'
import { TIERS, type Tier } from './vocab.ts'

export type KnownTier = Exclude<Tier, 'unknown'>
export type Strength = 'strong' | 'medium' | 'weak'

export interface TierSignal {
  /** Which field said it (one signal per field: the page merges an org's fields before they come here). */
  source: string
  tiers: readonly KnownTier[]
  strength: Strength
}

const ALL: readonly KnownTier[] = ['free', 'pro', 'max', 'team', 'enterprise']
const CONSUMER_PAID: readonly KnownTier[] = ['pro', 'max']
const ORG_PLANS: readonly KnownTier[] = ['team', 'enterprise']

function word(v: unknown): string | null {
  return typeof v === 'string' && v.length <= 80 ? v.toLowerCase() : null
}

/** `claude_max_5x` → max, `claude_free` → free, `team_standard` → team: the plan word, by pattern. */
function tierWord(s: string): KnownTier | null {
  const m = /(?:^|_)(free|pro|max|team|enterprise|raven)(?:_|$)/.exec(s)
  if (!m) return null
  return m[1] === 'raven' ? 'team' : (m[1] as KnownTier)
}

/**
 * Signals from one org's plan facts: its object's fields (`/api/organizations[]`,
 * `/api/organizations/{org}`, a membership's organization) and, weakest, its bootstrap flags.
 */
export function orgSignals(o: OrgPlanFacts): TierSignal[] {
  const out: TierSignal[] = []
  const caps = Array.isArray(o.capabilities)
    ? o.capabilities
        .slice(0, 64)
        .map(word)
        .filter((c): c is string => c !== null)
    : null
  const ravenType = word(o.raven_type)

  if (caps) {
    // Max orgs may also carry claude_pro; max is the higher plan, so it wins within the family.
    if (caps.includes('claude_max')) out.push({ source: 'capabilities', tiers: ['max'], strength: 'strong' })
    else if (caps.includes('claude_pro'))
      out.push({ source: 'capabilities', tiers: ['pro'], strength: 'strong' })
    else if (caps.includes('raven') && !ravenType)
      out.push({ source: 'capabilities', tiers: ORG_PLANS, strength: 'medium' })
    else if (caps.length > 0 && caps.every((c) => c === 'chat'))
      out.push({ source: 'capabilities', tiers: ['free'], strength: 'medium' })
  }
  if (ravenType === 'team' || ravenType === 'enterprise')
    out.push({ source: 'raven_type', tiers: [ravenType], strength: 'strong' })

  const seat = word(o.seat_tier)
  const seatTier = seat ? tierWord(seat) : null
  if (seatTier === 'team' || seatTier === 'enterprise')
    out.push({ source: 'seat_tier', tiers: [seatTier], strength: 'medium' })

  const plan = word(o.analytics_subscription_plan)
  const planTier = plan ? tierWord(plan) : null
  if (planTier) out.push({ source: 'analytics_subscription_plan', tiers: [planTier], strength: 'medium' })

  const rlt = word(o.rate_limit_tier)
  if (rlt) {
    // Ceilings: what the limit allows, compatible with several plans.
    if (/max_\d+x/.test(rlt))
      out.push({ source: 'rate_limit_tier', tiers: ['max', ...ORG_PLANS], strength: 'weak' })
    else if (/raven|team/.test(rlt))
      out.push({ source: 'rate_limit_tier', tiers: ORG_PLANS, strength: 'weak' })
    else if (/enterprise/.test(rlt))
      out.push({ source: 'rate_limit_tier', tiers: ['enterprise'], strength: 'weak' })
    else if (/claude_ai$/.test(rlt))
      // default_claude_ai is both Free and Pro (claude-web.md §6).
      out.push({ source: 'rate_limit_tier', tiers: ['free', 'pro'], strength: 'weak' })
  }

  const billing = word(o.billing_type)
  if (billing) {
    if (/enterprise|contracted/.test(billing))
      out.push({ source: 'billing_type', tiers: ORG_PLANS, strength: 'weak' })
    else if (/apple|google_play/.test(billing))
      out.push({ source: 'billing_type', tiers: CONSUMER_PAID, strength: 'weak' })
    else if (/subscription/.test(billing))
      out.push({ source: 'billing_type', tiers: ['pro', 'max', 'team', 'enterprise'], strength: 'weak' })
  }
  return [...out, ...flagSignals(o)]
}

/**
 * Weak fallback from bootstrap feature-flag payloads, as copied into the org's facts: GrowthBook
 * `org_growthbook.user.{isPro, isMax, maxTier, isRaven}` and Statsig `org_statsig.user.custom.orgType`
 * (or the legacy statsig endpoint's `user.custom`).
 */
export function flagSignals(o: OrgPlanFacts): TierSignal[] {
  const out: TierSignal[] = []
  let flagged: readonly KnownTier[] | null = null
  if (o.isRaven === true) flagged = ORG_PLANS
  else if (o.isMax === true || (typeof o.maxTier === 'string' && /\d+x/.test(o.maxTier))) flagged = ['max']
  else if (o.isPro === true) flagged = ['pro']
  else if (o.isPro === false && o.isMax === false && o.isRaven === false) flagged = ['free']
  if (flagged) out.push({ source: 'growthbook', tiers: flagged, strength: 'weak' })
  const orgType = word(o.orgType)
  const fromType = orgType ? tierWord(orgType) : null
  if (fromType) out.push({ source: 'statsig', tiers: [fromType], strength: 'weak' })
  return out
}

function intersect(sets: readonly (readonly KnownTier[])[]): KnownTier[] {
  return ALL.filter((t) => sets.every((s) => s.includes(t)))
}

/**
 * The decision:
 *  - strong signals present: they must name the same single tier, and no medium signal may
 *    contradict it (weak ones are ceilings and may) → that tier;
 *  - otherwise at least two signals, one of them medium or two from different weak sources, whose
 *    compatible sets intersect in exactly one tier → that tier;
 *  - anything else (nothing, one medium hint, contradictions, ambiguity) → 'unknown'.
 */
export function decideTier(signals: readonly TierSignal[]): Tier {
  const strong = signals.filter((s) => s.strength === 'strong')
  const medium = signals.filter((s) => s.strength === 'medium')
  if (strong.length) {
    const agreed = intersect(strong.map((s) => s.tiers))
    if (agreed.length !== 1) return 'unknown'
    const tier = agreed[0] as KnownTier
    return medium.every((s) => s.tiers.includes(tier)) ? tier : 'unknown'
  }
  if (signals.length < 2) return 'unknown'
  const agreed = intersect(signals.map((s) => s.tiers))
  return agreed.length === 1 ? (agreed[0] as KnownTier) : 'unknown'
}

/** Tier of one org's plan facts alone. */
export function tierOfOrg(facts: OrgPlanFacts): Tier {
  return decideTier(orgSignals(facts))
}

export interface AccountTier {
  tier: Tier
  /** True when the tier is that of the org the user is working in (not a guess among several). */
  orgKnown: boolean
}

/**
 * The tier of the org the user works in (`plan.active`). Until the page has called an API of that
 * org: a single known org is the one; several only count if they all agree.
 */
export function decideAccountTier(plan: PlanFacts): AccountTier {
  const tiers = plan.orgs.map(tierOfOrg)
  const active = plan.active === null ? undefined : tiers[plan.active]
  if (active) return { tier: active, orgKnown: true }
  const distinct = new Set(tiers)
  const [only] = distinct
  return { tier: distinct.size === 1 && only ? only : 'unknown', orgKnown: tiers.length === 1 }
}

export interface CatalogEntry {
  family: string
  version: string | null
  minTier: Tier
}

/**
 * The model catalogue of bootstrap (`claude_ai_available_models.models[]`), as the page script
 * copied it (raw ids and minimum tiers). Bounded; ids that are not Claude model ids are skipped,
 * an unknown minimum tier is 'unknown'.
 */
export function catalogFromBootstrap(
  models: readonly CatalogFacts[] | null,
  max = 40,
): CatalogEntry[] | null {
  if (!models) return null
  const out: CatalogEntry[] = []
  for (const { modelId: id, minimumTier: min } of models.slice(0, max * 2)) {
    const ref = id.length <= 80 ? parseModelId(id) : null
    if (!ref || !/^[a-z]{2,20}$/.test(ref.family)) continue
    const minTier = (TIERS as readonly string[]).includes(min) ? (min as Tier) : 'unknown'
    out.push({ family: ref.family, version: ref.version, minTier })
    if (out.length >= max) break
  }
  return out
}

/** Plans by what they include: a model open to a lower plan is open to the higher ones. */
const PLAN_RANK: Partial<Record<Tier, number>> = { free: 0, pro: 1, team: 1, max: 2, enterprise: 2 }

/**
 * Catalogue models a plan can use. An unknown plan, or an unknown minimum, is treated as the
 * narrowest case: advice must never suggest a model the user cannot pick.
 */
export function modelsForTier(
  catalog: readonly CatalogEntry[],
  tier: Tier,
): { family: string; version: string | null }[] {
  const rank = PLAN_RANK[tier] ?? 0
  return catalog
    .filter((m) => {
      const need = PLAN_RANK[m.minTier]
      return need !== undefined && need <= rank
    })
    .map(({ family, version }) => ({ family, version }))
}
