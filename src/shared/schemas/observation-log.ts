// The observation log the background keeps (last hour, bounded) and the crowd view, as read by
// content scripts and the popup.

import { ObservationSchema } from '../core/observe/observation.ts'
import { z } from '../core/zod.ts'

/** One hour of history, and never more than this many entries whatever a page sends. */
export const OBSERVATION_LOG_MAX = 200
export const OBSERVATION_LOG_MS = 60 * 60_000

export const ObservationLogSchema = z.array(ObservationSchema).check(z.maxLength(OBSERVATION_LOG_MAX * 2))

export const CrowdViewSchema = z.nullable(
  z.object({
    reporters15: z.number().check(z.int(), z.gte(0)),
    ratio: z.nullable(z.number()),
    anomalous: z.boolean(),
    fetchedAt: z.number(),
    buckets: z.optional(z.array(z.number().check(z.gte(0))).check(z.maxLength(24))),
    byTier: z.optional(z.record(z.string().check(z.maxLength(20)), z.number().check(z.gte(0)))),
    byModel: z.optional(z.record(z.string().check(z.maxLength(20)), z.number().check(z.gte(0)))),
  }),
)
