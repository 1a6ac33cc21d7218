import { describe, expect, it } from 'vitest'
import type { PlanFacts } from './facts.ts'
import { copyPlanFields, planInResponse } from './plan-facts.ts'
import {
  catalogFromBootstrap,
  decideAccountTier,
  decideTier,
  flagSignals,
  modelsForTier,
  tierOfOrg,
} from './tier.ts'

// Org objects shaped like /api/organizations entries (claude-web.md §6: capabilities, raven_type,
// rate_limit_tier, billing_type, seat_tier, analytics_subscription_plan, active_flags), with the
// unrelated fields the app also sends, so the parser is exercised on realistic noise. They go
// through the page script's whitelist (plan-facts.ts) first, as in the extension: the background
// decides from the whitelisted facts only.
const ORG = {
  free: '0b6c5a0e-3f2d-4c1b-9a8e-7d6c5b4a3f21',
  pro: '1c7d6b1f-4e3a-4d2c-8b9f-8e7d6c5b4a32',
  max: '2d8e7c2a-5f4b-4e3d-9cae-9f8e7d6c5b43',
  team: '3e9f8d3b-6a5c-4f4e-8dbf-af9e8d7c6b54',
  ent: '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65',
}
const common = {
  settings: { claude_console_privacy: 'default_private' },
  created_at: '2025-03-01T10:00:00.000000Z',
  updated_at: '2026-09-20T08:12:44.000000Z',
  active_flags: [],
  data_retention: 'default',
  parent_organization_uuid: null,
}
const free = {
  ...common,
  uuid: ORG.free,
  name: "someone@example.com's Organization",
  capabilities: ['chat'],
  raven_type: null,
  rate_limit_tier: 'default_claude_ai',
  billing_type: null,
  analytics_subscription_plan: 'claude_free',
}
const pro = {
  ...common,
  uuid: ORG.pro,
  name: "pro@example.com's Organization",
  capabilities: ['chat', 'claude_pro'],
  raven_type: null,
  rate_limit_tier: 'default_claude_ai',
  billing_type: 'stripe_subscription',
}
const max = {
  ...common,
  uuid: ORG.max,
  name: "max@example.com's Organization",
  capabilities: ['chat', 'claude_max'],
  raven_type: null,
  rate_limit_tier: 'default_claude_max_20x',
  billing_type: 'apple_subscription',
}
const team = {
  ...common,
  uuid: ORG.team,
  name: 'Acme',
  capabilities: ['chat', 'raven'],
  raven_type: 'team',
  rate_limit_tier: 'default_raven',
  billing_type: 'stripe_subscription',
  seat_tier: 'team_standard',
}
const enterprise = {
  ...common,
  uuid: ORG.ent,
  name: 'Globex',
  capabilities: ['chat', 'raven'],
  raven_type: 'enterprise',
  rate_limit_tier: 'default_raven',
  billing_type: 'stripe_subscription_contracted',
  seat_tier: 'enterprise_standard',
}

/** The tier of an org object, through the whitelist as the page script copies it. */
const tierFromOrg = (org: unknown) => tierOfOrg(copyPlanFields(org))

/** The plan facts of the org in the bootstrap URL, as the page script copies them. */
function bootstrapFacts(bootstrap: unknown, org = ORG.pro) {
  return planInResponse('bootstrap', bootstrap, org).orgs.find(([id]) => id === org)?.[1] ?? {}
}

describe('tierFromOrg: every tier from a realistic org object', () => {
  it.each([
    ['free', free],
    ['pro', pro],
    ['max', max],
    ['team', team],
    ['enterprise', enterprise],
  ])('%s', (tier, org) => {
    expect(tierFromOrg(org)).toBe(tier)
  })

  it('Pro shares rate_limit_tier default_claude_ai with Free: capabilities decide', () => {
    expect(tierFromOrg({ ...free, analytics_subscription_plan: undefined })).toBe('free')
    expect(tierFromOrg(pro)).toBe('pro')
    // Chat-only capabilities but a paid subscription billing: the signals disagree.
    expect(tierFromOrg({ ...pro, capabilities: ['chat'] })).toBe('unknown')
  })

  it('rate_limit_tier is a ceiling: a Team premium seat with max_5x is still Team', () => {
    expect(tierFromOrg({ ...team, rate_limit_tier: 'default_claude_max_5x' })).toBe('team')
  })

  it('Max orgs that also carry claude_pro are Max', () => {
    expect(tierFromOrg({ ...max, capabilities: ['chat', 'claude_pro', 'claude_max'] })).toBe('max')
  })

  it('a raven org without raven_type is decided by a second signal (seat tier), else unknown', () => {
    expect(tierFromOrg({ ...team, raven_type: null })).toBe('team')
    expect(tierFromOrg({ ...enterprise, raven_type: undefined })).toBe('enterprise')
    expect(tierFromOrg({ capabilities: ['chat', 'raven'], raven_type: null })).toBe('unknown')
  })

  it('analytics_subscription_plan with the ceiling agreeing is enough without capabilities', () => {
    expect(
      tierFromOrg({ analytics_subscription_plan: 'claude_pro', rate_limit_tier: 'default_claude_ai' }),
    ).toBe('pro')
    expect(
      tierFromOrg({ analytics_subscription_plan: 'claude_max_5x', rate_limit_tier: 'default_claude_max_5x' }),
    ).toBe('max')
  })
})

describe('tierFromOrg: unknown rather than a guess', () => {
  it.each([
    ['strong signals disagree (claude_max + raven_type team)', { ...max, raven_type: 'team' }],
    [
      'a medium signal contradicts the strong one (claude_pro + plan claude_free)',
      { ...pro, analytics_subscription_plan: 'claude_free' },
    ],
    ['seat tier enterprise on a team org', { ...team, seat_tier: 'enterprise_standard' }],
    [
      'chat-only capabilities but a Pro plan',
      { capabilities: ['chat'], analytics_subscription_plan: 'claude_pro' },
    ],
    ['one medium hint alone', { capabilities: ['chat'] }],
    ['one weak ceiling alone', { rate_limit_tier: 'default_claude_ai' }],
    [
      'a ceiling compatible with several plans',
      { rate_limit_tier: 'default_claude_max_5x', billing_type: 'stripe_subscription' },
    ],
  ])('%s', (_name, org) => {
    expect(tierFromOrg(org)).toBe('unknown')
  })

  it.each([
    null,
    undefined,
    'claude_max',
    42,
    [],
    [max],
    { capabilities: 'claude_max' },
    { capabilities: [1, {}, null] },
    { capabilities: ['chat', 'claude_max'.repeat(20)] },
    { raven_type: 'galactic' },
    { rate_limit_tier: { nested: true }, billing_type: 7 },
  ])('garbage %#', (org) => {
    expect(tierFromOrg(org)).toBe('unknown')
  })

  it('ignores unrecognised capabilities next to real ones', () => {
    expect(tierFromOrg({ ...pro, capabilities: ['chat', 'claude_pro', 'api', 'future_thing'] })).toBe('pro')
  })
})

describe('flag fallbacks (GrowthBook / Statsig)', () => {
  it('two agreeing weak flag sources decide; one alone does not', () => {
    const both = {
      org_growthbook: { user: { isPro: true, isMax: false, isRaven: false } },
      org_statsig: { user: { custom: { orgType: 'claude_pro' } } },
    }
    expect(decideTier(flagSignals(bootstrapFacts(both)))).toBe('pro')
    expect(decideTier(flagSignals(bootstrapFacts({ org_growthbook: both.org_growthbook })))).toBe('unknown')
    expect(decideTier(flagSignals(bootstrapFacts({ user: { custom: { orgType: 'claude_max' } } })))).toBe(
      'unknown',
    )
  })

  it('flags never override a strong org signal that disagrees… they are weak', () => {
    const facts = { ...copyPlanFields(pro), ...bootstrapFacts({ org_growthbook: { user: { isMax: true } } }) }
    expect(tierOfOrg(facts)).toBe('pro')
  })
})

describe('planInResponse (the whitelist) → the tier', () => {
  it('reads every org of the /api/organizations list by uuid', () => {
    const found = planInResponse(
      'organization',
      [free, team, { uuid: 'not-a-uuid', capabilities: ['claude_max'] }],
      undefined,
    )
    expect(found.orgs.map(([id]) => id)).toEqual([ORG.free, ORG.team])
    expect(tierOfOrg(found.orgs[1]?.[1] ?? {})).toBe('team')
  })

  it('reads one org object from /api/organizations/{org}', () => {
    const found = planInResponse('organization', enterprise, ORG.ent)
    expect(found.orgs.map(([id, facts]) => [id, tierOfOrg(facts)])).toEqual([[ORG.ent, 'enterprise']])
  })

  it('copies only the whitelisted plan fields: no name, e-mail, uuid or anything else', () => {
    const found = planInResponse('organization', [{ ...team, email: 'someone@example.com' }], undefined)
    expect(found.orgs[0]?.[1]).toEqual({
      capabilities: ['chat', 'raven'],
      raven_type: 'team',
      rate_limit_tier: 'default_raven',
      billing_type: 'stripe_subscription',
      seat_tier: 'team_standard',
    })
  })

  it('reads bootstrap memberships, and puts the flag payloads on the org of the URL', () => {
    const bootstrap = {
      account: {
        uuid: 'acc',
        email_address: 'someone@example.com',
        memberships: [
          { role: 'admin', organization: { uuid: ORG.pro.toUpperCase(), capabilities: ['chat'] } },
        ],
      },
      org_growthbook: { user: { isPro: true } },
      org_statsig: { user: { custom: { orgType: 'claude_pro' } } },
      claude_ai_available_models: { models: [{ model_id: 'claude-sonnet-5', minimum_tier: 'free' }] },
    }
    // The page merges what it learns per org (main-world.ts): the membership, then the flags.
    const merged = (json: unknown) =>
      Object.assign({}, ...planInResponse('bootstrap', json, ORG.pro).orgs.map(([, facts]) => facts))
    const found = planInResponse('bootstrap', bootstrap, ORG.pro)
    expect(found.orgs.map(([id]) => id.toLowerCase())).toEqual([ORG.pro, ORG.pro])
    expect(found.catalog).toEqual([{ modelId: 'claude-sonnet-5', minimumTier: 'free' }])
    // Membership says chat-only (free, medium); both flags say pro: contradiction → unknown.
    expect(tierOfOrg(merged(bootstrap))).toBe('unknown')
    const agreeing = {
      ...bootstrap,
      account: { memberships: [{ organization: { uuid: ORG.pro, capabilities: ['chat', 'claude_pro'] } }] },
    }
    expect(tierOfOrg(merged(agreeing))).toBe('pro')
  })

  it('the same field seen in two responses counts once, not as two agreeing signals', () => {
    // The page merges the fields themselves (plan-facts.ts): the same field twice is one field.
    expect(
      tierOfOrg({
        ...copyPlanFields({ capabilities: ['chat'] }),
        ...copyPlanFields({ capabilities: ['chat'] }),
      }),
    ).toBe('unknown')
  })
})

describe('model catalogue (advice may only suggest models the plan has)', () => {
  const bootstrap = {
    claude_ai_available_models: {
      models: [
        { model_id: 'claude-sonnet-4-5-20250929', minimum_tier: 'free' },
        { model_id: 'claude-opus-4-6', minimum_tier: 'pro' },
        { model_id: 'claude-fable-5', minimum_tier: 'max' },
        { model_id: 'claude-haiku-4-5-20251001', minimum_tier: 'free' },
        { model_id: 'gpt-4o', minimum_tier: 'free' },
        { model_id: 'claude-quill-6', minimum_tier: 'platinum' },
        'garbage',
      ],
    },
  }

  /** The catalogue as the page script copies it out of bootstrap, then as the background reads it. */
  const catalogOf = (json: unknown) =>
    catalogFromBootstrap(planInResponse('bootstrap', json, undefined).catalog)

  it('reads families by pattern and bounds the list', () => {
    const catalog = catalogOf(bootstrap)
    expect(catalog?.map((m) => m.family)).toEqual(['sonnet', 'opus', 'fable', 'haiku', 'quill'])
    expect(catalog?.find((m) => m.family === 'quill')?.minTier).toBe('unknown')
    expect(catalogOf({})).toBeNull()
    const huge = {
      claude_ai_available_models: {
        models: Array.from({ length: 500 }, () => bootstrap.claude_ai_available_models.models[0]),
      },
    }
    expect(catalogOf(huge)?.length).toBe(40)
  })

  it.each([
    ['free', ['sonnet', 'haiku']],
    ['pro', ['sonnet', 'opus', 'haiku']],
    ['team', ['sonnet', 'opus', 'haiku']],
    ['max', ['sonnet', 'opus', 'fable', 'haiku']],
    ['unknown', ['sonnet', 'haiku']],
  ] as const)('%s can use %j (never a model of unknown minimum)', (tier, families) => {
    expect(modelsForTier(catalogOf(bootstrap)!, tier).map((m) => m.family)).toEqual(families)
  })
})

describe('decideAccountTier: the plan facts the background receives → the stored tier', () => {
  const plan = (orgs: unknown[], active: number | null): PlanFacts => ({
    orgs: orgs.map((org) => copyPlanFields(org)),
    active,
    catalog: null,
    cached: false,
  })

  it('the tier of the active org (by its per-page alias)', () => {
    expect(decideAccountTier(plan([team, free], 0))).toEqual({ tier: 'team', orgKnown: true })
    expect(decideAccountTier(plan([team, free], 1))).toEqual({ tier: 'free', orgKnown: true })
  })

  it('no active org yet: a single org is the one; several count only if they agree', () => {
    expect(decideAccountTier(plan([pro], null))).toEqual({ tier: 'pro', orgKnown: true })
    expect(decideAccountTier(plan([team, free], null))).toEqual({ tier: 'unknown', orgKnown: false })
    expect(decideAccountTier(plan([pro, { ...pro, uuid: ORG.max }], null))).toEqual({
      tier: 'pro',
      orgKnown: false,
    })
    expect(decideAccountTier(plan([], null))).toEqual({ tier: 'unknown', orgKnown: false })
  })

  it('an alias that names no org is ignored', () => {
    expect(decideAccountTier(plan([pro], 7))).toEqual({ tier: 'pro', orgKnown: true })
  })
})
