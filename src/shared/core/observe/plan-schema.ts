// The zod schema of the plan facts (facts.ts `PlanFacts`): validated by the page inbox inside the
// plan message (page-messages.ts) and again by the background's `reportAccount`. Apart from the
// fact schemas so that the background bundle carries only this one.
import { z } from '../zod.ts'
import { CAPABILITIES_MAX, CATALOG_MAX, PLAN_ORGS_MAX, TOKEN_MAX } from './facts.ts'

z.config({ jitless: true })

/** A string of at most `max` characters. */
export const boundedText = (max: number) => z.string().check(z.maxLength(max))

/**
 * Exactly this value. A one-value enum rather than z.literal: the same check, and the isolated
 * script's bundle needs no literal type for it (its budget is 25 KB gzip).
 */
export function exactly<const T extends string | number>(value: T) {
  return z.enum({ value } as { value: T })
}

const planText = z.optional(boundedText(TOKEN_MAX))
const planFlag = z.optional(z.boolean())

export const OrgPlanFactsSchema = z.strictObject({
  capabilities: z.optional(z.array(boundedText(TOKEN_MAX)).check(z.maxLength(CAPABILITIES_MAX))),
  raven_type: planText,
  seat_tier: planText,
  analytics_subscription_plan: planText,
  rate_limit_tier: planText,
  billing_type: planText,
  isPro: planFlag,
  isMax: planFlag,
  isRaven: planFlag,
  maxTier: planText,
  orgType: planText,
})

export const planShape = {
  orgs: z.array(OrgPlanFactsSchema).check(z.maxLength(PLAN_ORGS_MAX)),
  /** Per-page alias of the active org. That it names one of `orgs` is checked in plain code. */
  active: z.nullable(z.int().check(z.gte(0), z.lte(PLAN_ORGS_MAX - 1))),
  catalog: z.nullable(
    z
      .array(z.strictObject({ modelId: boundedText(TOKEN_MAX), minimumTier: boundedText(TOKEN_MAX) }))
      .check(z.maxLength(CATALOG_MAX)),
  ),
  cached: z.boolean(),
}

/** The plan facts as the background receives them (`reportAccount`). */
export const PlanFactsSchema = z.strictObject(planShape)
