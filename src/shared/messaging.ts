// One typed protocol for every context → background call (conventions.md §6). The handler map in
// background/registration.ts *is* the protocol: callers get its types, nobody writes message-type
// string literals by hand, and a renamed method fails to compile.
import type { BackgroundHandlers } from '../background/registration.ts'

export const MESSAGE_CHANNEL = 'is-claude-down'

export type BackgroundMethod = keyof BackgroundHandlers
type Handler<M extends BackgroundMethod> = BackgroundHandlers[M]['handle']

type Send = (message: unknown) => Promise<unknown>

/**
 * A typed caller over one context's `runtime.sendMessage` (extension pages and the worker go
 * through webextension-polyfill, content scripts through the browser's own namespace; see
 * platform/). It resolves with the method's result; the worker is woken if it was asleep.
 */
export function createBackgroundCaller(send: Send) {
  return async function callBackground<M extends BackgroundMethod>(
    method: M,
    ...args: Parameters<Handler<M>>
  ): Promise<Awaited<ReturnType<Handler<M>>>> {
    return (await send({ channel: MESSAGE_CHANNEL, method, args })) as Awaited<ReturnType<Handler<M>>>
  }
}
