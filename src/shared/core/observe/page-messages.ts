// Validation of the v2 page messages (facts.ts is the contract; its types are checked against these
// schemas below). The page can read and forge every message, so each field is bounded: enums,
// tight regexes, ranges, strings capped at the lengths the page script cuts them to — and strict
// objects, so nothing beyond the whitelist gets through. No browser imports: pure and unit-tested.
//
// Size: the isolated script that runs this has a 25 KB gzip budget. A message's `type` and a
// fact's kind pick the schema with a lookup, constants are one-value enums, and the two cross-field
// rules are plain code: no zod union, literal or refine types in that bundle (~0.9 KB gzip).
import { z } from '../zod.ts'
import {
  CONTENT_TYPE_MAX,
  ERROR_DETAIL_MAX,
  FACT_TEXT_MAX,
  type Fact,
  type FactKind,
  type FactMessage,
  MODEL_ID_MAX,
  type OrgPlanFacts,
  type PageMessage,
  type PlanFacts,
  type PlanMessage,
  REJECTION_MESSAGE_MAX,
  SELECTOR_TEXT_MAX,
  TOKEN_MAX,
} from './facts.ts'
import { DURATION_MAX_MS, epochMs } from './observation.ts'
import {
  boundedText,
  exactly,
  type OrgPlanFactsSchema,
  type PlanFactsSchema,
  planShape,
} from './plan-schema.ts'
import { ENDPOINTS, FLOW_ID_RE, MESSAGE_SOURCE, MESSAGE_VERSION, OBSERVATION_ID_RE } from './vocab.ts'

// Repeated here although zod.ts already does it: whoever imports the wire contract gets the
// jitless parser even if that module is ever changed.
z.config({ jitless: true })

const text = boundedText
const maybeText = (max: number) => z.nullable(text(max))
/** Timings are raw clock differences: clamped later, but never absurd (a changed clock is ± a day). */
const elapsedMs = z.number().check(z.gte(-DURATION_MAX_MS), z.lte(DURATION_MAX_MS))

/** The fields every fact has, and its kind. */
function factOfKind<K extends FactKind>(kind: K) {
  return {
    id: z.string().check(z.regex(OBSERVATION_ID_RE)),
    flow: z.string().check(z.regex(FLOW_ID_RE)),
    fact: exactly(kind),
    endpoint: z.enum(ENDPOINTS),
    transport: z.enum(['fetch', 'xhr']),
    at: epochMs,
    status: z.nullable(z.int().check(z.gte(0), z.lte(999))),
    ttfbMs: z.nullable(elapsedMs),
    durationMs: elapsedMs,
    online: z.nullable(z.boolean()),
    stopped: z.boolean(),
    model: z.nullable(
      z.strictObject({ body: maybeText(MODEL_ID_MAX), selector: maybeText(SELECTOR_TEXT_MAX) }),
    ),
    servedModel: maybeText(MODEL_ID_MAX),
    requestId: maybeText(TOKEN_MAX),
  }
}

const rejection = {
  name: maybeText(TOKEN_MAX),
  message: maybeText(REJECTION_MESSAGE_MAX),
  signalAborted: z.boolean(),
}

/** Each fact kind's schema: the common fields and that kind's own, nothing else. */
export const FACT_SCHEMAS = {
  first_byte: z.strictObject(factOfKind('first_byte')),
  stall: z.strictObject({ ...factOfKind('stall'), stall: z.enum(['first_byte', 'idle']) }),
  limit: z.strictObject({ ...factOfKind('limit'), data: text(FACT_TEXT_MAX) }),
  stream_error: z.strictObject({ ...factOfKind('stream_error'), data: maybeText(FACT_TEXT_MAX) }),
  end: z.strictObject({
    ...factOfKind('end'),
    complete: z.boolean(),
    sawEvent: z.boolean(),
    sawStart: z.boolean(),
    stopReason: maybeText(TOKEN_MAX),
  }),
  response: z.strictObject({
    ...factOfKind('response'),
    contentType: maybeText(CONTENT_TYPE_MAX),
    body: text(FACT_TEXT_MAX),
    reset: maybeText(TOKEN_MAX),
    cfMitigated: maybeText(TOKEN_MAX),
    challenge: z.boolean(),
  }),
  broken: z.strictObject({ ...factOfKind('broken'), ...rejection }),
  rejected: z.strictObject({ ...factOfKind('rejected'), ...rejection }),
  completion_status: z.strictObject({
    ...factOfKind('completion_status'),
    errorCode: maybeText(TOKEN_MAX),
    errorDetail: maybeText(ERROR_DETAIL_MAX),
  }),
}

const envelope = {
  source: exactly(MESSAGE_SOURCE),
  v: exactly(MESSAGE_VERSION),
}
/** A fact message; its `fact` is then checked by the schema of its kind. */
const FactEnvelopeSchema = z.strictObject({ ...envelope, type: exactly('fact'), fact: z.unknown() })
export const PlanMessageSchema = z.strictObject({ ...envelope, type: exactly('plan'), ...planShape })

function kindOf(fact: unknown): FactKind | null {
  const kind = (fact as { fact?: unknown } | null)?.fact
  return typeof kind === 'string' && Object.hasOwn(FACT_SCHEMAS, kind) ? (kind as FactKind) : null
}

/** A fact of one kind, or null. Its id must be its flow's: the observation it yields takes that id. */
export function parseFact(data: unknown): Fact | null {
  const kind = kindOf(data)
  const parsed = kind ? FACT_SCHEMAS[kind].safeParse(data) : null
  return parsed?.success && parsed.data.id.startsWith(`${parsed.data.flow}.`) ? parsed.data : null
}

/** The plan facts, or null. The alias of the active org must name one of the orgs. */
export function isConsistentPlan(plan: PlanFacts): boolean {
  return plan.active === null || plan.active < plan.orgs.length
}

/** Anything the page script may post, validated; null when it is not exactly one of our messages. */
export function parsePageMessage(data: unknown): PageMessage | null {
  if ((data as { type?: unknown } | null)?.type === 'plan') {
    const plan = PlanMessageSchema.safeParse(data)
    return plan.success && isConsistentPlan(plan.data) ? plan.data : null
  }
  const message = FactEnvelopeSchema.safeParse(data)
  const fact = message.success ? parseFact(message.data.fact) : null
  return message.success && fact ? { ...message.data, fact } : null
}

// The hand-written contract (facts.ts, which the MAIN world imports) and these schemas must agree.
// A type-level check only: a mismatch fails `tsc`, and nothing is bundled.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Agree<T extends true> = T
export type SchemasAgreeWithFactsTs = [
  Agree<
    Same<
      { [K in FactKind]: z.infer<(typeof FACT_SCHEMAS)[K]> },
      { [K in FactKind]: Extract<Fact, { fact: K }> }
    >
  >,
  Agree<
    Same<z.infer<typeof FactEnvelopeSchema>['source' | 'v' | 'type'], FactMessage['source' | 'v' | 'type']>
  >,
  Agree<Same<z.infer<typeof PlanMessageSchema>, PlanMessage>>,
  Agree<Same<z.infer<typeof PlanFactsSchema>, PlanFacts>>,
  Agree<Same<z.infer<typeof OrgPlanFactsSchema>, OrgPlanFacts>>,
]
