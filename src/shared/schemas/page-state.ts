// Schemas for what content scripts read from storage (the official view, the observation log, the
// account, banner preferences). Written with zod/mini: the isolated content script has a 25 KB gzip
// budget, and zod/mini is a fraction of the classic API's size (toolchain.md §9).

import { TIERS } from '../core/observe/vocab.ts'
import { TIERS as SCOPE_TIERS } from '../core/scope/types.ts'
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES } from '../core/statuspage/vocab.ts'
import type { OfficialView } from '../core/verdict/types.ts'
import { parseOr, z } from '../core/zod.ts'
import { MsgSchema, upgradeLegacyHealthReason } from './message.ts'

const ModelRefSchema = z.object({
  family: z.string().check(z.regex(/^[a-z]{2,20}$/)),
  version: z.nullable(z.string().check(z.maxLength(20))),
})
const str = (max: number) => z.string().check(z.maxLength(max))
const DISMISSED_MAX = 200

export const OfficialIncidentViewSchema = z.object({
  id: str(64),
  title: str(300),
  impact: z.enum([...IMPACTS, 'unknown']),
  status: z.enum([...INCIDENT_STATUSES, 'unknown']),
  url: str(400),
  startedAt: z.nullable(str(40)),
  componentIds: z.array(str(64)).check(z.maxLength(50)),
  componentNames: z.array(str(300)).check(z.maxLength(50)),
  models: z.array(ModelRefSchema).check(z.maxLength(50)),
  modelsNow: z.nullable(z.array(ModelRefSchema).check(z.maxLength(50))),
  allModels: z.boolean(),
  tiers: z.array(z.enum(SCOPE_TIERS)).check(z.maxLength(6)),
  kind: str(20),
  surfacesUnaffected: z.array(str(20)).check(z.maxLength(10)),
  estimate: z.nullable(MsgSchema),
})

export const OfficialViewSchema = z.object({
  fetchedAt: z.nullable(z.number()),
  health: z.object({
    state: z.enum(['ok', 'stale', 'unreachable', 'invalid']),
    reason: z.nullable(MsgSchema),
    since: z.number(),
  }),
  fresh: z.boolean(),
  claudeAiStatus: z.nullable(z.enum([...COMPONENT_STATUSES, 'unknown'])),
  incidents: z.array(OfficialIncidentViewSchema).check(z.maxLength(50)),
  // Optional: views stored by older versions have no `others` (parseOfficialView fills it in).
  others: z.optional(z.array(OfficialIncidentViewSchema).check(z.maxLength(50))),
  maintenance: z.nullable(
    z.object({ id: str(64), title: str(300), url: str(400), until: z.nullable(str(40)) }),
  ),
})

/**
 * The stored official view, or "unknown" when it does not parse. One written before 0.4.0 (English
 * health reasons) is upgraded first: until the background's next tick rewrote it, the popup and the
 * banner showed "unknown" after an update.
 */
export function parseOfficialView(raw: unknown): OfficialView {
  const view = parseOr(OfficialViewSchema, upgradeLegacyHealthReason(raw), null)
  // Filled in here rather than by a zod default: that is zod's default type in a 25 KB script.
  return view ? { ...view, others: view.others ?? [] } : UNKNOWN_OFFICIAL_VIEW
}

export const AccountStateSchema = z.object({
  tier: z.enum(TIERS),
  availableModels: z.array(ModelRefSchema).check(z.maxLength(40)),
  at: z.number(),
})
export type AccountState = z.infer<typeof AccountStateSchema>

export const BannerPrefsSchema = z.object({
  /** Verdict keys of the problems the user dismissed, latest first, space-separated. */
  dismissedKey: z.nullable(str(DISMISSED_MAX)),
  snoozedUntil: z.number(),
})
export type BannerPrefs = z.infer<typeof BannerPrefsSchema>

/** Whether the user dismissed the problem with this verdict key. */
export const isDismissed = (prefs: BannerPrefs, key: string): boolean =>
  (prefs.dismissedKey ?? '').split(' ').includes(key)

/**
 * The dismissed keys with this one first. Several are kept (the oldest fall off at the length
 * bound): one incident has a key per situation, and dismissing "you are affected" must not bring
 * back "likely unaffected", dismissed a moment earlier, once the user's requests work again.
 */
export const withDismissed = (prefs: BannerPrefs, key: string): string =>
  `${key} ${prefs.dismissedKey ?? ''}`.slice(0, DISMISSED_MAX)

export const UNKNOWN_OFFICIAL_VIEW: OfficialView = {
  fetchedAt: null,
  health: { state: 'stale', reason: null, since: 0 },
  fresh: false,
  claudeAiStatus: null,
  incidents: [],
  others: [],
  maintenance: null,
}

export const DEFAULT_ACCOUNT: AccountState = { tier: 'unknown', availableModels: [], at: 0 }
export const DEFAULT_BANNER_PREFS: BannerPrefs = { dismissedKey: null, snoozedUntil: 0 }

/** Storage keys of the page-facing state (storage.local). */
export const PAGE_STATE_KEYS = {
  officialView: 'officialView',
  observations: 'observations',
  account: 'account',
  bannerPrefs: 'bannerPrefs',
  crowdView: 'crowdView',
} as const

// The stored official view must describe exactly what the verdict engine consumes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _check: Same<Required<z.infer<typeof OfficialViewSchema>>, OfficialView> = true
void _check

export { parseOr } from '../core/zod.ts'
