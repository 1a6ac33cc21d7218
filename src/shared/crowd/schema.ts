// The public wire format of the crowd server: the vocabulary and the summary (report.ts has the
// report itself), shared by the server (which validates every request with them) and the extension
// (which builds reports and parses summaries with them). No Node or browser
// imports here: this file runs in the service worker, in Vitest and in the server.
//
// Privacy rule (architecture.md "Privacy and trust"): a report is a fixed vocabulary. Every field is
// an enum, a bounded number or a tightly bounded pattern, so nothing free-form can be sent or stored.
// zod/mini (through the project's zod module): this file is bundled into the extension, whose
// size budgets the classic API would blow. The server uses the same schemas.
import { z } from '../core/zod.ts'

/** Wire-format version; a breaking change to either payload bumps it. */
export const WIRE_VERSION = 1

/** What went wrong, as classified in the page. `manual` is the user's own "it's down" click. */
export const KINDS = ['server_error', 'overloaded', 'gateway', 'stall', 'slow', 'login', 'manual'] as const
export const KindSchema = z.enum(KINDS)
export type Kind = z.infer<typeof KindSchema>

export const TIERS = ['free', 'pro', 'max', 'team', 'enterprise', 'unknown'] as const
export const TierSchema = z.enum(TIERS)
export type Tier = z.infer<typeof TierSchema>

/** Continents, as the first segment of an IANA time zone (see regionFromTimeZone). */
export const REGIONS = [
  'africa',
  'america',
  'antarctica',
  'asia',
  'atlantic',
  'australia',
  'europe',
  'indian',
  'pacific',
  'other',
] as const
export const RegionSchema = z.enum(REGIONS)
export type Region = z.infer<typeof RegionSchema>

export const SURFACES = ['claude.ai'] as const
export const SurfaceSchema = z.enum(SURFACES)
export type Surface = z.infer<typeof SurfaceSchema>

/**
 * A model family is any short lowercase word, not a list: new families appear every few months and
 * an old extension must be able to report them. `all` is reserved for the summary's total cell.
 */
export const MODEL_FAMILY_PATTERN = /^[a-z][a-z0-9]{1,19}$/
/** Cell label used when a report carries no model (or no tier: tier uses its own `unknown`). */
export const UNKNOWN = 'unknown'
/** Cell label of the summary's total, across every kind, model and tier. */
export const ALL = 'all'

/** Semver-ish client version: `1.2.3` or `1.2.3-beta.1`; bounded so it cannot carry text. */
export const CLIENT_VERSION_PATTERN = /^\d{1,4}\.\d{1,4}\.\d{1,4}(?:-[0-9a-z]{1,12}(?:\.[0-9a-z]{1,12})?)?$/
/** A random install token generated on opt-in; the server only ever keeps a salted, daily hash. */
export const REPORTER_PATTERN = /^[A-Za-z0-9_-]{32,64}$/

const count = z.int().check(z.gte(0))

export const BucketSchema = z.object({
  /** ISO start of the 5-minute bucket. */
  start: z.string(),
  reports: count,
  reporters: count,
})
export type Bucket = z.infer<typeof BucketSchema>

export const Last15Schema = z.object({
  reports: count,
  /** Distinct reporters in the last 15 minutes: the number the anomaly test is run on. */
  reporters: count,
  /** Expected distinct reporters per 15 minutes at this hour of the week (floored, see server README). */
  baseline15: z.number().check(z.gte(0)),
  /** reporters ÷ baseline15: "X× the usual". */
  ratio: z.number().check(z.gte(0)),
})
export type Last15 = z.infer<typeof Last15Schema>

export const CellSchema = z.object({
  kind: z.string(),
  model: z.string(),
  tier: z.string(),
  /** Reports in the whole window (one reporter can send several). */
  reports: count,
  /** Distinct reporters in the whole window. */
  reporters: count,
  /** Expected distinct reporters in a 60-minute window at this hour of the week (median over weeks). */
  baseline: z.number().check(z.gte(0)),
  anomalous: z.boolean(),
  /** -log10 of the Poisson tail probability of the last-15-minute count; ≥ 4 at the default level. */
  score: z.number().check(z.gte(0)),
  last15: Last15Schema,
  /** Oldest first; always windowMinutes / bucketMinutes entries. */
  buckets: z.array(BucketSchema),
})
export type Cell = z.infer<typeof CellSchema>

export const SummarySchema = z.object({
  v: z.literal(WIRE_VERSION),
  /** The summary is exact as of this instant (windows end here). */
  generatedAt: z.string(),
  windowMinutes: z.literal(60),
  bucketMinutes: z.literal(5),
  cells: z.array(CellSchema),
  total: CellSchema,
})
export type Summary = z.infer<typeof SummarySchema>

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value)
}

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value)
}

// ---- Helpers -----------------------------------------------------------------------------------

const ZONE_PREFIX_REGION: Record<string, Region> = {
  africa: 'africa',
  america: 'america',
  // Legacy zone aliases that are still shipped by browsers (e.g. "US/Eastern").
  us: 'america',
  canada: 'america',
  brazil: 'america',
  chile: 'america',
  mexico: 'america',
  antarctica: 'antarctica',
  asia: 'asia',
  atlantic: 'atlantic',
  australia: 'australia',
  europe: 'europe',
  indian: 'indian',
  pacific: 'pacific',
}

/**
 * The coarse region a report carries, from the browser's IANA time zone
 * (`Intl.DateTimeFormat().resolvedOptions().timeZone`): only its continent, never the city.
 * "Europe/Paris" → "europe"; "UTC", "Etc/GMT+3" or anything unknown → "other".
 */
export function regionFromTimeZone(timeZone: string | null | undefined): Region {
  if (!timeZone) return 'other'
  const prefix = timeZone.split('/')[0]?.toLowerCase() ?? ''
  return ZONE_PREFIX_REGION[prefix] ?? 'other'
}

/**
 * A fresh reporter token (43 URL-safe chars from 32 random bytes), for the extension's opt-in.
 * `fill` is injectable for tests; it defaults to the Web Crypto generator.
 */
export function newReporterToken(
  fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => {
    crypto.getRandomValues(b)
  },
): string {
  const bytes = new Uint8Array(32)
  fill(bytes)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
