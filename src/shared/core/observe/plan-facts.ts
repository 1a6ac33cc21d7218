// The plan facts the page script copies out of what claude.ai already loads (claude-web.md §6): the
// org objects of `/api/organizations[/{org}]` and bootstrap's `account.memberships[]`, bootstrap's
// feature-flag user fields and its model catalogue. Only the whitelisted fields of facts.ts leave
// these objects; the org ids are returned for the page script to key its entries by, and never
// cross (the page posts orgs by per-page alias). The tier itself is decided in the background
// (tier.ts), from exactly these facts.
//
// Pure and zod-free: the MAIN-world script imports it.

import {
  CAPABILITIES_MAX,
  CATALOG_MAX,
  type CatalogFacts,
  type OrgPlanFacts,
  PLAN_FLAG_FIELDS,
  PLAN_TEXT_FIELDS,
} from './facts.ts'
import { clip, obj } from './json.ts'

/** Orgs read from one response: more than anyone belongs to. */
const ORGS_PER_RESPONSE_MAX = 50
/** Org ids are UUIDs; anything else in an org list is not an org we can follow. */
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Copies the whitelisted plan fields of `source` (an org object, flag fields, a cached entry) into `into`. */
export function copyPlanFields(source: unknown, into: OrgPlanFacts = {}): OrgPlanFacts {
  const o = obj(source) ?? {}
  for (const field of PLAN_TEXT_FIELDS) {
    const value = clip(o[field])
    if (value !== null) into[field] = value
  }
  for (const field of PLAN_FLAG_FIELDS) if (typeof o[field] === 'boolean') into[field] = o[field] as boolean
  if (Array.isArray(o.capabilities))
    into.capabilities = o.capabilities
      .slice(0, CAPABILITIES_MAX)
      .map((c) => clip(c))
      .filter((c): c is string => !!c)
  return into
}

export interface PlanInResponse {
  /** [org id, its plan facts]; the id is for the page script's own bookkeeping only. */
  orgs: [string, OrgPlanFacts][]
  /** Bootstrap `claude_ai_available_models.models[]`, raw. */
  catalog: CatalogFacts[] | null
}

/**
 * The plan facts of a response the app loaded: the `/api/organizations` list or one org object,
 * or bootstrap (its memberships' orgs, plus GrowthBook / Statsig user fields, which belong to the
 * org in the bootstrap URL, `urlOrgId`, and the model catalogue).
 */
export function planInResponse(
  endpoint: 'organization' | 'bootstrap',
  json: unknown,
  urlOrgId: string | undefined,
): PlanInResponse {
  const found: PlanInResponse = { orgs: [], catalog: null }
  const addOrg = (org: unknown, id = obj(org)?.uuid) => {
    if (typeof id === 'string' && ORG_ID.test(id)) found.orgs.push([id, copyPlanFields(org)])
  }
  const root = obj(json)
  if (endpoint === 'organization') {
    if (Array.isArray(json)) for (const org of json.slice(0, ORGS_PER_RESPONSE_MAX)) addOrg(org)
    else addOrg(root)
    return found
  }
  const memberships = obj(root?.account)?.memberships
  if (Array.isArray(memberships))
    for (const m of memberships.slice(0, ORGS_PER_RESPONSE_MAX)) addOrg(obj(m)?.organization)
  const growthbook = obj(obj(root?.org_growthbook)?.user) ?? obj(obj(root?.growthbook)?.user)
  const statsig = obj(obj(obj(root?.org_statsig)?.user)?.custom) ?? obj(obj(root?.user)?.custom)
  if (growthbook || statsig) addOrg({ ...growthbook, orgType: statsig?.orgType }, urlOrgId)
  // The model catalogue rides along in bootstrap: advice may only suggest models the plan has.
  const models = obj(root?.claude_ai_available_models)?.models
  if (Array.isArray(models))
    found.catalog = models
      .slice(0, CATALOG_MAX)
      .map((m) => ({ modelId: clip(obj(m)?.model_id) ?? '', minimumTier: clip(obj(m)?.minimum_tier) ?? '' }))
      .filter((m) => m.modelId)
  return found
}
