// One typed protocol for every context → background call (conventions.md §6). The handler map in
// background/registration.ts *is* the protocol: callers get its types, nobody writes message-type
// string literals by hand, and a renamed method fails to compile.
import type { BackgroundHandlers } from '../background/registration.ts'
import browser from '../platform/browser.ts'
import { z } from './core/zod.ts'

export const MESSAGE_CHANNEL = 'is-claude-down'

export const EnvelopeSchema = z.object({
  channel: z.literal(MESSAGE_CHANNEL),
  method: z.string().check(z.maxLength(64)),
  args: z.array(z.unknown()).check(z.maxLength(4)),
})

export type BackgroundMethod = keyof BackgroundHandlers
type Handler<M extends BackgroundMethod> = BackgroundHandlers[M]['handle']

/** Calls a background method; resolves with its result (the worker is woken if it was asleep). */
export async function callBackground<M extends BackgroundMethod>(
  method: M,
  ...args: Parameters<Handler<M>>
): Promise<Awaited<ReturnType<Handler<M>>>> {
  return (await browser.runtime.sendMessage({ channel: MESSAGE_CHANNEL, method, args })) as Awaited<
    ReturnType<Handler<M>>
  >
}
