// The browser namespace for the isolated content script, WITHOUT webextension-polyfill.
//
// The content scripts have size budgets (issue 3: isolated ≤ 25 KB gzip) and run on every claude.ai
// page load; the polyfill is 2.7 KB of them and buys nothing here. The script calls only
// runtime.sendMessage, storage.{local,sync}.get/set, storage.onChanged and i18n.getMessage.
// Firefox's content scripts have the promise-based `browser` natively; Chrome's `chrome` returns
// promises from all of these since Chrome 99 (the manifest requires 111, the first with MAIN-world
// content scripts). The polyfill's one real service, a runtime.onMessage listener answering with a
// promise, is the worker's business, and the worker keeps it (platform/browser.ts).
//
// The type is the polyfill's (a type-only import: erased, nothing is bundled), so the calls above
// are checked exactly as in the other contexts.
import { createBackgroundCaller } from '../shared/messaging.ts'
import type { Browser } from './browser.ts'
import { createTranslator } from './translator.ts'

const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser }

/** Firefox: `browser`. Chrome: `chrome` (it has no `browser`). */
export const browser: Browser = scope.browser ?? (scope.chrome as Browser)

export const callBackground = createBackgroundCaller((message) => browser.runtime.sendMessage(message))

export const { t } = createTranslator((key, subs) => browser.i18n.getMessage(key, subs))
