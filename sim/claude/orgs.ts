// Organization, bootstrap and usage payloads per plan, shaped after claude-web.md §6. Only the
// fields a tier detector reads are modelled with care; the rest is plausible filler.

export const TIERS = ['free', 'pro', 'max', 'team', 'enterprise'] as const
export type Tier = (typeof TIERS)[number]

export function isTier(name: string): name is Tier {
  return (TIERS as readonly string[]).includes(name)
}

/** One org uuid for every tier: upgrading a plan keeps the org, and a reload is not needed. */
export const SIM_ORG_UUID = '5e1c0d2a-7b3f-4c89-9a41-0c6d2f8b7e15'
export const SIM_ACCOUNT_UUID = '9b2e4f60-3c1d-4a7e-8f25-6d0a1b3c5e97'

export interface SimModel {
  model_id: string
  /** Display name, as the model selector shows it. */
  name: string
  minimum_tier: 'free' | 'pro'
}

/** The selector's catalog (ids from claude-web.md §6). Sonnet 4.5 is the default. */
export const MODELS: readonly SimModel[] = [
  { model_id: 'claude-sonnet-4-5-20250929', name: 'Sonnet 4.5', minimum_tier: 'free' },
  { model_id: 'claude-opus-4-6', name: 'Opus 4.6', minimum_tier: 'pro' },
  { model_id: 'claude-haiku-4-5-20251001', name: 'Haiku 4.5', minimum_tier: 'free' },
]
export const DEFAULT_MODEL = MODELS[0]!.model_id

interface TierSignals {
  capabilities: string[]
  rate_limit_tier: string
  billing_type: string | null
  raven_type: 'team' | 'enterprise' | null
  seat_tier: string | null
  /** Seen as "claude_free" in one capture; the paid values are our extrapolation [?]. */
  analytics_subscription_plan: string
  name: string
}

// The signals of claude-web.md §6's tier table: capabilities + raven_type decide; rate_limit_tier
// is the same for Free and Pro on purpose (it is the limit ceiling, not the plan).
const SIGNALS: Record<Tier, TierSignals> = {
  free: {
    capabilities: ['chat'],
    rate_limit_tier: 'default_claude_ai',
    billing_type: null,
    raven_type: null,
    seat_tier: null,
    analytics_subscription_plan: 'claude_free',
    name: "sim@example.com's Organization",
  },
  pro: {
    capabilities: ['chat', 'claude_pro'],
    rate_limit_tier: 'default_claude_ai',
    billing_type: 'stripe_subscription',
    raven_type: null,
    seat_tier: null,
    analytics_subscription_plan: 'claude_pro',
    name: "sim@example.com's Organization",
  },
  max: {
    capabilities: ['chat', 'claude_max'],
    rate_limit_tier: 'default_claude_max_20x',
    billing_type: 'stripe_subscription',
    raven_type: null,
    seat_tier: null,
    analytics_subscription_plan: 'claude_max',
    name: "sim@example.com's Organization",
  },
  team: {
    capabilities: ['chat', 'raven'],
    rate_limit_tier: 'default_raven',
    billing_type: 'stripe_subscription',
    raven_type: 'team',
    seat_tier: 'team_standard',
    analytics_subscription_plan: 'claude_team',
    name: 'Simulated Team',
  },
  enterprise: {
    capabilities: ['chat', 'raven'],
    rate_limit_tier: 'default_raven',
    billing_type: 'stripe_subscription_contracted',
    raven_type: 'enterprise',
    seat_tier: 'enterprise_standard',
    analytics_subscription_plan: 'claude_enterprise',
    name: 'Simulated Enterprise',
  },
}

export type Organization = Record<string, unknown> & { uuid: string; capabilities: string[] }

/** The org object of `/api/organizations/{org}` (and each entry of `/api/organizations`). */
export function organizationFor(tier: Tier, overrides: Record<string, unknown> = {}): Organization {
  const s = SIGNALS[tier]
  return {
    uuid: SIM_ORG_UUID,
    name: s.name,
    settings: {},
    capabilities: [...s.capabilities],
    parent_organization_uuid: null,
    rate_limit_tier: s.rate_limit_tier,
    billing_type: s.billing_type,
    free_credits_status: null,
    data_retention: 'default',
    raven_type: s.raven_type,
    seat_tier: s.seat_tier,
    analytics_subscription_plan: s.analytics_subscription_plan,
    api_disabled_reason: null,
    api_disabled_until: null,
    billable_usage_paused_until: null,
    active_flags: [],
    created_at: '2025-03-14T09:26:53.589793Z',
    updated_at: '2026-09-30T17:02:11.204518Z',
    ...overrides,
  }
}

/** `/edge-api/bootstrap/{org}/app_start`: account, memberships, flags and the model catalog. */
export function bootstrapFor(org: Organization, tier: Tier): Record<string, unknown> {
  const paid = tier !== 'free'
  const orgType = org.raven_type ? 'claude_team' : `claude_${tier}`
  return {
    account: {
      uuid: SIM_ACCOUNT_UUID,
      email_address: 'sim@example.com',
      full_name: 'Sim User',
      display_name: 'Sim',
      memberships: [{ organization: org, role: org.raven_type ? 'user' : 'admin', seat_tier: org.seat_tier }],
      created_at: '2025-03-14T09:26:53.589793Z',
    },
    org_growthbook: {
      user: {
        isPro: tier === 'pro',
        isMax: tier === 'max',
        maxTier: tier === 'max' ? '20x' : null,
        isRaven: org.raven_type !== null,
        orgType,
      },
      features: {},
    },
    org_statsig: { user: { custom: { orgType, isPro: paid, isRaven: org.raven_type !== null } } },
    claude_ai_available_models: {
      models: MODELS.map(({ model_id, minimum_tier }) => ({ model_id, minimum_tier })),
    },
    model_selector_config: {
      default_model: DEFAULT_MODEL,
      models: MODELS.filter((m) => paid || m.minimum_tier === 'free').map((m) => ({
        model: m.model_id,
        name: m.name,
      })),
    },
  }
}

/** `/api/organizations/{org}/usage` in its 2026 shape (claude-web.md §1). */
export function usageFor(now = Date.now()): Record<string, unknown> {
  const inHours = (h: number) => new Date(now + h * 3600_000).toISOString()
  return {
    five_hour: { utilization: 12, resets_at: inHours(3) },
    seven_day: { utilization: 3, resets_at: inHours(100) },
    seven_day_opus: null,
    seven_day_sonnet: { utilization: 2, resets_at: inHours(100) },
  }
}
