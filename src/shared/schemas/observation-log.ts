// The observation log the background keeps (last hour, bounded) and the crowd view, as read by
// content scripts and the popup.

import { type Observation, ObservationSchema } from '../core/observe/observation.ts'
import { z } from '../core/zod.ts'

/** One hour of history, and never more than this many entries whatever a page sends. */
export const OBSERVATION_LOG_MAX = 200
export const OBSERVATION_LOG_MS = 60 * 60_000

export const ObservationLogSchema = z.array(ObservationSchema).check(z.maxLength(OBSERVATION_LOG_MAX * 2))

const crowdLine = {
  reporters15: z.number().check(z.int(), z.gte(0)),
  ratio: z.nullable(z.number()),
  anomalous: z.boolean(),
  fetchedAt: z.number(),
}

/**
 * What the banner reads of the stored crowd view: the line and the verdict's inputs. The split by
 * plan and model and the sparkline are the popup's; leaving them out keeps zod's record type out of
 * the content script, whose budget is 25 KB (z.object drops the keys it does not name).
 */
export const CrowdLineSchema = z.nullable(z.object(crowdLine))

/** The whole stored crowd view, as the popup shows it. */
export const CrowdViewSchema = z.nullable(
  z.object({
    ...crowdLine,
    buckets: z.optional(z.array(z.number().check(z.gte(0))).check(z.maxLength(24))),
    byTier: z.optional(z.record(z.string().check(z.maxLength(20)), z.number().check(z.gte(0)))),
    byModel: z.optional(z.record(z.string().check(z.maxLength(20)), z.number().check(z.gte(0)))),
  }),
)

/**
 * Parses a stored log, validating only entries not seen before: the log changes by one entry per
 * observation, and re-validating up to 200 entries on every change costs the page main thread on
 * each reply. An entry is reused only when its id and time match one already validated; anything
 * else (new, changed, malformed) goes through the schema. A malformed log yields [] as before.
 */
export function createLogParser(): (raw: unknown) => Observation[] {
  let known = new Map<string, Observation>()
  return (raw) => {
    if (!Array.isArray(raw) || raw.length > OBSERVATION_LOG_MAX * 2) return []
    const next = new Map<string, Observation>()
    const out: Observation[] = []
    for (const entry of raw) {
      const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined
      const seen = typeof id === 'string' ? known.get(id) : undefined
      let value: Observation
      if (seen && seen.at === (entry as { at?: unknown }).at) value = seen
      else {
        const r = ObservationSchema.safeParse(entry)
        if (!r.success) return []
        value = r.data
      }
      next.set(value.id, value)
      out.push(value)
    }
    known = next
    return out
  }
}
