// The verdict: what the banner and the popup say, combined from the three signals (architecture.md).
import type { Msg } from '../message.ts'
import type { ModelRef } from '../models.ts'
import type { Observation, Tier } from '../observe/observation.ts'
import type { ComponentStatus, Impact, IncidentStatus, SourceHealth } from '../statuspage/model.ts'

export type VerdictLevel = 'ok' | 'degraded' | 'outage' | 'maintenance' | 'unknown' | 'limited' | 'offline'
export type Attribution = 'official' | 'crowd' | 'local' | 'usage-limit' | 'network' | 'none'
export type ScopeTier = 'free' | 'pro' | 'max' | 'team' | 'enterprise' | 'paid'

/** An open incident as the page needs it: precomputed by the background (scope, estimate). */
export interface OfficialIncidentView {
  id: string
  title: string
  impact: Impact
  status: IncidentStatus
  url: string
  startedAt: string | null
  componentIds: string[]
  componentNames: string[]
  models: ModelRef[]
  /** What the latest update says is affected now, when it says so. */
  modelsNow: ModelRef[] | null
  allModels: boolean
  tiers: ScopeTier[]
  kind: string
  /** Surfaces the text says are unaffected (e.g. "api", "claude-code"). */
  surfacesUnaffected: string[]
  estimate: Msg | null
}

export interface OfficialView {
  /** Our own fetch time of the data (epoch ms), null if never fetched. */
  fetchedAt: number | null
  health: SourceHealth
  /** False when the source is stale, unreachable or invalid: the data is the last known state. */
  fresh: boolean
  /** status of the claude.ai component; null when unknown. */
  claudeAiStatus: ComponentStatus | null
  /** Open incidents touching claude.ai (or naming no component), most severe first. */
  incidents: OfficialIncidentView[]
  /** Open incidents on other components only (the popup lists them; the banner does not). */
  others: OfficialIncidentView[]
  /** An in-progress maintenance on claude.ai. */
  maintenance: { id: string; title: string; url: string; until: string | null } | null
}

export interface CrowdView {
  /** Distinct reporters of server-side failures in the last 15 min. */
  reporters15: number
  /** How many times the usual count for this hour of the week. */
  ratio: number | null
  /** The server called the total (or the user's cell) anomalous. */
  anomalous: boolean
  fetchedAt: number
  /** Distinct reporters per 5-minute bucket over the last hour, oldest first (the sparkline). */
  buckets?: number[]
  /** Distinct reporters in the last 15 min by tier and by model family. */
  byTier?: Record<string, number>
  byModel?: Record<string, number>
}

export interface AccountView {
  tier: Tier
  /** Models the user's plan can use, when the app's catalogue said so; empty when unknown. */
  availableModels: ModelRef[]
}

export interface VerdictInput {
  now: number
  official: OfficialView
  /** This browser's recent observations, oldest first. */
  observations: readonly Observation[]
  account: AccountView
  crowd: CrowdView | null
  /** navigator.onLine in the page, when known. */
  online: boolean | null
}

export interface Advice {
  kind:
    | 'retry'
    | 'switch-model'
    | 'other-surface'
    | 'check-connection'
    | 'wait-limit'
    | 'open-incident'
    | 'tier-unaffected'
    | 'model-unaffected'
    | 'wait'
    | 'check-account'
  text: Msg
  /** For 'open-incident'. */
  url?: string
}

export interface Verdict {
  level: VerdictLevel
  attribution: Attribution
  /** Whether the banner should be shown at all (the host element always carries the state). */
  visible: boolean
  headline: Msg
  details: Msg[]
  components: string[]
  componentNames: string[]
  models: string[]
  tiers: string[]
  /** The user's own model family and tier, and whether each is in the stated scope (null = unknown). */
  userModel: string | null
  /** The version of the user's model when known ("4.5"): scope chips with versions compare it. */
  userModelVersion: string | null
  userTier: Tier
  userModelInScope: boolean | null
  userTierInScope: boolean | null
  /** Start of the problem (epoch ms). */
  since: number | null
  advice: Advice[]
  /** Identity of the problem, for "dismiss for this incident". */
  key: string
  estimate: Msg | null
  crowdLine: Msg | null
  /** Failures seen by this browser in the recent window (for "N errors in 10 min"). */
  localFailures: number
}
