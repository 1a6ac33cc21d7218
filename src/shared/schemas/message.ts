// Schemas for core messages (src/shared/core/message.ts) as they sit in storage.

import { z } from '../core/zod.ts'

export const MsgSchema = z.object({
  key: z.string().check(z.maxLength(80)),
  subs: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(6))),
  time: z.optional(z.number()),
})
