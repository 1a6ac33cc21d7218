// Account tier from the org data claude.ai already loads (claude-web.md §6). Tier detection broke
// four times in sixteen months in the best-known usage extension, so this module is built to say
// "unknown" rather than guess: it collects independent signals, each with a strength and the set
// of tiers it is compatible with, and decides only on one strong signal or several agreeing ones.
//
// Signals, strongest first:
//   strong  capabilities claude_max / claude_pro; raven_type team / enterprise
//   medium  seat_tier; analytics_subscription_plan; capabilities that are just ["chat"] (free);
//           a raven capability without raven_type (team or enterprise)
//   weak    rate_limit_tier (a CEILING, not the plan: a Team premium seat can show max_5x);
//           billing_type; GrowthBook / Statsig user fields (abandoned by others as unstable)
import { parseModelId } from '../models.ts'
import { TIERS, type Tier } from './vocab.ts'

export type KnownTier = Exclude<Tier, 'unknown'>
export type Strength = 'strong' | 'medium' | 'weak'

export interface TierSignal {
  /** Which field said it; one signal per field, so a field seen in two responses counts once. */
  source: string
  tiers: readonly KnownTier[]
  strength: Strength
}

type Json = Record<string, unknown>
const ALL: readonly KnownTier[] = ['free', 'pro', 'max', 'team', 'enterprise']
const CONSUMER_PAID: readonly KnownTier[] = ['pro', 'max']
const ORG_PLANS: readonly KnownTier[] = ['team', 'enterprise']

function obj(v: unknown): Json | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null
}

function word(v: unknown): string | null {
  return typeof v === 'string' && v.length <= 80 ? v.toLowerCase() : null
}

/** `claude_max_5x` → max, `claude_free` → free, `team_standard` → team: the plan word, by pattern. */
function tierWord(s: string): KnownTier | null {
  const m = /(?:^|_)(free|pro|max|team|enterprise|raven)(?:_|$)/.exec(s)
  if (!m) return null
  return m[1] === 'raven' ? 'team' : (m[1] as KnownTier)
}

/** Signals from one org object (`/api/organizations[]`, `/api/organizations/{org}`, a membership's organization). */
export function orgSignals(org: unknown): TierSignal[] {
  const o = obj(org)
  if (!o) return []
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
  return out
}

/**
 * Weak fallback from bootstrap feature-flag payloads: GrowthBook `org_growthbook.user.{isPro,
 * isMax, maxTier, isRaven}` and Statsig `org_statsig.user.custom.orgType` (or the legacy statsig
 * endpoint's `user.custom`).
 */
export function flagSignals(bootstrap: unknown): TierSignal[] {
  const b = obj(bootstrap)
  if (!b) return []
  const out: TierSignal[] = []
  const gb = obj(obj(b.org_growthbook)?.user) ?? obj(obj(b.growthbook)?.user)
  if (gb) {
    let t: readonly KnownTier[] | null = null
    if (gb.isRaven === true) t = ORG_PLANS
    else if (gb.isMax === true || (typeof gb.maxTier === 'string' && /\d+x/.test(gb.maxTier))) t = ['max']
    else if (gb.isPro === true) t = ['pro']
    else if (gb.isPro === false && gb.isMax === false && gb.isRaven === false) t = ['free']
    if (t) out.push({ source: 'growthbook', tiers: t, strength: 'weak' })
  }
  const custom = obj(obj(obj(b.org_statsig)?.user)?.custom) ?? obj(obj(b.user)?.custom)
  const orgType = word(custom?.orgType)
  const fromType = orgType ? tierWord(orgType) : null
  if (fromType) out.push({ source: 'statsig', tiers: [fromType], strength: 'weak' })
  return out
}

/** Merges signal lists; a later signal from the same source replaces the earlier one. */
export function mergeSignals(...lists: TierSignal[][]): TierSignal[] {
  const bySource = new Map<string, TierSignal>()
  for (const list of lists) for (const s of list) bySource.set(s.source, s)
  return [...bySource.values()]
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

/** Tier of one org object alone. */
export function tierFromOrg(org: unknown): Tier {
  return decideTier(orgSignals(org))
}

const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isOrgId(v: unknown): v is string {
  return typeof v === 'string' && ORG_ID.test(v)
}

/**
 * Per-org signals from a response the app loaded: the `/api/organizations` list, one
 * `/api/organizations/{org}` object, or bootstrap (`account.memberships[].organization`, plus the
 * flag payloads, which belong to the org in the bootstrap URL). `urlOrgId` is the org in the path.
 */
export function orgSignalsFromResponse(
  endpoint: 'organization' | 'bootstrap',
  json: unknown,
  urlOrgId: string | null,
): Map<string, TierSignal[]> {
  const out = new Map<string, TierSignal[]>()
  const add = (org: unknown) => {
    const id = obj(org)?.uuid
    if (isOrgId(id)) out.set(id.toLowerCase(), mergeSignals(out.get(id.toLowerCase()) ?? [], orgSignals(org)))
  }
  if (endpoint === 'organization') {
    if (Array.isArray(json)) for (const org of json.slice(0, 50)) add(org)
    else add(json)
    return out
  }
  const root = obj(json)
  const memberships = obj(root?.account)?.memberships
  if (Array.isArray(memberships)) for (const m of memberships.slice(0, 50)) add(obj(m)?.organization)
  const flags = flagSignals(root)
  if (flags.length && isOrgId(urlOrgId)) {
    const id = urlOrgId.toLowerCase()
    out.set(id, mergeSignals(flags, out.get(id) ?? []))
  }
  return out
}

export interface CatalogEntry {
  family: string
  version: string | null
  minTier: Tier
}

/**
 * The model catalogue from a bootstrap response (`claude_ai_available_models.models[]` with
 * `model_id` and `minimum_tier`). Bounded; ids that are not Claude model ids are skipped.
 */
export function catalogFromBootstrap(json: unknown, max = 40): CatalogEntry[] | null {
  const root = json && typeof json === 'object' ? (json as Record<string, unknown>) : null
  const box = root?.claude_ai_available_models
  const models = box && typeof box === 'object' ? (box as Record<string, unknown>).models : null
  if (!Array.isArray(models)) return null
  const out: CatalogEntry[] = []
  for (const m of models.slice(0, max * 2)) {
    if (!m || typeof m !== 'object') continue
    const { model_id: id, minimum_tier: min } = m as Record<string, unknown>
    const ref = typeof id === 'string' && id.length <= 80 ? parseModelId(id) : null
    if (!ref || !/^[a-z]{2,20}$/.test(ref.family)) continue
    const minTier =
      typeof min === 'string' && (TIERS as readonly string[]).includes(min) ? (min as Tier) : 'unknown'
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
