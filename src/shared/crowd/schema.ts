// The public wire format of the crowd server, shared by the server (which validates every request
// with it) and the extension (which builds reports and parses summaries with it). No Node or browser
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

const oneOf = (values: readonly string[]): string => values.join(', ')

const STATUS_ERROR = 'status must be an integer HTTP status between 100 and 599, or null'
const MODEL_ERROR = 'model must be a lowercase model family such as "sonnet", or null'
const CLIENT_ERROR = 'client must be a version such as "0.3.0"'
const REPORTER_ERROR = 'reporter must be a random token of 32 to 64 URL-safe characters'

/**
 * One crowd report. Strict: an unknown key is rejected rather than ignored, so a client bug that
 * starts sending a new field is caught at once instead of silently dropped (or worse, stored).
 */
export const ReportSchema = z.strictObject({
  v: z.literal(WIRE_VERSION, { error: `v must be ${WIRE_VERSION}` }),
  kind: z.enum(KINDS, { error: `kind must be one of ${oneOf(KINDS)}` }),
  status: z.nullish(
    z
      .number({ error: STATUS_ERROR })
      .check(
        z.int({ error: STATUS_ERROR }),
        z.gte(100, { error: STATUS_ERROR }),
        z.lte(599, { error: STATUS_ERROR }),
      ),
  ),
  surface: z.enum(SURFACES, { error: `surface must be one of ${oneOf(SURFACES)}` }),
  model: z.nullish(
    z.string({ error: MODEL_ERROR }).check(
      z.regex(MODEL_FAMILY_PATTERN, { error: MODEL_ERROR }),
      z.refine((m) => m !== ALL, { error: `model "${ALL}" is reserved` }),
    ),
  ),
  tier: z.nullish(z.enum(TIERS, { error: `tier must be one of ${oneOf(TIERS)}, or null` })),
  region: z.nullish(z.enum(REGIONS, { error: `region must be one of ${oneOf(REGIONS)}, or null` })),
  client: z
    .string({ error: CLIENT_ERROR })
    .check(
      z.maxLength(32, { error: CLIENT_ERROR }),
      z.regex(CLIENT_VERSION_PATTERN, { error: CLIENT_ERROR }),
    ),
  reporter: z.string({ error: REPORTER_ERROR }).check(z.regex(REPORTER_PATTERN, { error: REPORTER_ERROR })),
})
/** What the extension sends (status, model, tier and region may be absent or null). */
export type Report = z.infer<typeof ReportSchema>
export type ReportInput = z.input<typeof ReportSchema>

/** Body of a 202 answer to `POST /v1/reports`. */
export const ReportAcceptedSchema = z.object({ ok: z.literal(true) })
export type ReportAccepted = z.infer<typeof ReportAcceptedSchema>

/** Body of every 4xx/5xx answer. `field` names the offending report field when there is one. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  field: z.optional(z.nullable(z.string())),
  issues: z.optional(z.array(z.object({ field: z.nullable(z.string()), message: z.string() }))),
  retryAfterSeconds: z.optional(z.number()),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>

// ---- Summary -----------------------------------------------------------------------------------
// Parsing is deliberately lenient where the server may grow: kind, model and tier are plain strings
// (a new kind on the server must not make every deployed extension reject the whole summary), and
// unknown keys are stripped rather than rejected. Use isKind/isTier to narrow.

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
