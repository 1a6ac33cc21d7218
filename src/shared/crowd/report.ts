// The report half of the public wire format (schema.ts has the vocabulary and the summary): what a
// client sends to `POST /v1/reports`, and the server's answers. The server validates every request
// with ReportSchema; the extension builds reports of this type. A module of its own so that the
// worker, which only needs the type, does not bundle the schema and its error texts (about 0.5 KB
// gzip of a 40 KB budget): zod's builders run at load, so an unused schema is not tree-shaken.
import { z } from '../core/zod.ts'
import {
  ALL,
  CLIENT_VERSION_PATTERN,
  KINDS,
  MODEL_FAMILY_PATTERN,
  REGIONS,
  REPORTER_PATTERN,
  SURFACES,
  TIERS,
  WIRE_VERSION,
} from './schema.ts'

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
