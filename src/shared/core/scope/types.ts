import type { ModelRef } from '../models.ts'

export type { ModelRef }

export const TIERS = ['free', 'pro', 'max', 'team', 'enterprise', 'paid'] as const
export type Tier = (typeof TIERS)[number]

export const INCIDENT_KINDS = [
  'errors',
  'latency',
  'login',
  'quality',
  'feature',
  'billing',
  'maintenance',
  'other',
] as const
export type IncidentKind = (typeof INCIDENT_KINDS)[number]

/** Product surfaces as named in incident text (statuspage.md §5 "Surfaces named in text"). */
export const SURFACES = [
  'claude.ai',
  'console',
  'api',
  'claude-code',
  'cowork',
  'government',
  'mobile',
  'desktop',
] as const
export type Surface = (typeof SURFACES)[number]

export interface ImpactWindow {
  /** ISO-8601 UTC. */
  start: string
  /** ISO-8601 UTC, or null when the text gives a start only. */
  end: string | null
}

/** What an incident's text says it affects. See README.md for the rules. */
export interface IncidentScope {
  /** Component ids: the union of the incident's and its updates' components. */
  components: string[]
  /** Models named as affected at any point (corrections, exclusions and fallbacks applied). */
  models: ModelRef[]
  /** All / many / other models, a whole surface down, or a login outage. */
  allModels: boolean
  /** Tiers the text states as affected; empty means all or unknown. */
  tiers: Tier[]
  kind: IncidentKind
  /** The impact window a body states, or null. */
  window: ImpactWindow | null
  /** What the latest update says is affected now; absent when it says nothing about models. */
  modelsNow?: ModelRef[]
  /** Surfaces the text says are not affected ("API requests are not affected" → api). */
  surfacesUnaffected?: Surface[]
}

/** Counts the work one extraction did, so tests can assert it is bounded without timing it. */
export interface ScanStats {
  /** Texts scanned (title + update bodies). */
  units: number
  /** Characters scanned. */
  chars: number
  /** Sentences analysed. */
  sentences: number
}
