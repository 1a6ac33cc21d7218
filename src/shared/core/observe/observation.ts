// An observation: what one claude.ai request turned out to be, as the isolated content script
// assembles it from the page observer's facts (assemble.ts) and reports it to the background
// (`reportObservation`), which stores it. Every field is bounded: enums, tight regexes, ranges —
// never free text, never an org or conversation id, never anything from the prompt or the reply.
// No browser imports: pure and unit-tested. (The page → isolated wire contract is facts.ts, with
// its schemas in page-messages.ts.)
// z comes from the project's zod/mini module, which sets `z.config({ jitless: true })` at load:
// zod 4 probes `new Function` on its first object parse, and the MV3 CSP forbids eval and reports a
// violation even though zod catches it (toolchain.md pitfall 5). zod/mini, not the classic API,
// because the isolated content script that imports this has a size budget (toolchain.md §9).
import { z } from '../zod.ts'
import {
  ENDPOINTS,
  ERROR_TYPE_RE,
  FLOW_ID_RE,
  OBSERVATION_ID_RE,
  OBSERVATION_KINDS,
  PHASES,
  REQUEST_ID_RE,
  TIERS,
} from './vocab.ts'

// Repeated here although zod.ts already does it: whoever imports the wire contract gets the
// jitless parser even if that module is ever changed.
z.config({ jitless: true })

/** Epoch-ms bounds: anything outside 2020..2100 is a forgery or a unit bug (seconds vs ms). */
const EPOCH_MIN = Date.UTC(2020, 0, 1)
const EPOCH_MAX = Date.UTC(2100, 0, 1)
/** A single request measured for more than a day is a bug, not a measurement. */
export const DURATION_MAX_MS = 86_400_000

export const epochMs = z.int().check(z.gte(EPOCH_MIN), z.lte(EPOCH_MAX))
const durationMs = z.int().check(z.gte(0), z.lte(DURATION_MAX_MS))

/** `{family, version}` as produced by parseModelId (family found by pattern, never from a list). */
export const ModelRefSchema = z.strictObject({
  family: z.string().check(z.regex(/^[a-z]{2,20}$/)),
  version: z.nullable(z.string().check(z.regex(/^\d{1,4}(\.\d{1,4}){0,3}$/))),
})

export const ObservationSchema = z.strictObject({
  id: z.string().check(z.regex(OBSERVATION_ID_RE)),
  flow: z.string().check(z.regex(FLOW_ID_RE)),
  kind: z.enum(OBSERVATION_KINDS),
  endpoint: z.enum(ENDPOINTS),
  /** 'fetch' or 'xhr': which wrapper saw it (XHR is status-only). */
  transport: z.enum(['fetch', 'xhr']),
  status: z.nullable(z.int().check(z.gte(100), z.lte(599))),
  /** The wire `error.details.error_code` / `error.code` when present, else `error.type`, else synthetic. */
  errorType: z.nullable(z.string().check(z.regex(ERROR_TYPE_RE))),
  /** The model the user asked for (request body, else stream, else model selector). */
  model: z.nullable(ModelRefSchema),
  /** The model the stream says served the reply, only when it differs from `model`. */
  servedModel: z.nullable(ModelRefSchema),
  requestId: z.nullable(z.string().check(z.regex(REQUEST_ID_RE))),
  /** When a usage limit resets (epoch ms); null when the wire did not say. */
  resetsAt: z.nullable(epochMs),
  /** Request start → first body byte (streams) or response headers (everything else). */
  ttfbMs: z.nullable(durationMs),
  /** Request start → end of the stream / response / rejection. */
  durationMs: z.nullable(durationMs),
  /** `navigator.onLine` when the observation was made. */
  online: z.nullable(z.boolean()),
  at: epochMs,
  phase: z.enum(PHASES),
})
export type Observation = z.infer<typeof ObservationSchema>
export type ModelRefWire = z.infer<typeof ModelRefSchema>

export type { Endpoint, ObservationKind, Phase, Tier } from './vocab.ts'
export {
  ENDPOINTS,
  ERROR_TYPE_RE,
  FLOW_ID_RE,
  OBSERVATION_ID_RE,
  OBSERVATION_KINDS,
  PHASES,
  REQUEST_ID_RE,
  TIERS,
}
