// Schemas for core messages (src/shared/core/message.ts) as they sit in storage.

import { msg } from '../core/message.ts'
import { z } from '../core/zod.ts'

export const MsgSchema = z.object({
  key: z.string().check(z.maxLength(80)),
  subs: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(6))),
  time: z.optional(z.number()),
  duration: z.optional(z.number()),
})

/**
 * Upgrades a stored object whose `health.reason` is still English text, as builds before 0.4.0 may
 * have stored it (the status state, and the official view derived from it), to a message showing the text
 * verbatim. Failing the parse instead would drop the whole object, the last known snapshot with
 * it. Plain code, not a zod union with a transform: that costs about 0.3 KB gzip in each bundle,
 * and their budgets are tight. Anything else is returned as it is, for the schema to judge.
 */
export function upgradeLegacyHealthReason(raw: unknown): unknown {
  const health = (raw as { health?: { reason?: unknown } } | null)?.health
  if (!health || typeof health.reason !== 'string') return raw
  const text = health.reason.trim().slice(0, 300)
  return { ...(raw as object), health: { ...health, reason: text ? msg('healthReasonText', text) : null } }
}
