import { durationMsg, type Msg } from '../shared/core/message.ts'
import { momentText } from '../ui/format.ts'

type GetMessage = (key: string, substitutions: string[]) => string

/**
 * Translation of core messages over one context's `i18n.getMessage` (platform/i18n.ts for the worker
 * and the pages, platform/content-browser.ts for the banner). A missing key shows the key, never an
 * empty string.
 */
export function createTranslator(getMessage: GetMessage) {
  function t(m: Msg): string {
    const subs = [...(m.subs ?? [])]
    if (m.time !== undefined) subs.push(momentText(m.time))
    if (m.duration !== undefined) subs.push(t(durationMsg(m.duration)))
    return getMessage(m.key, subs) || m.key
  }
  const tk = (key: string, ...subs: string[]): string => t({ key, subs })
  return { t, tk }
}
