import { durationMsg, type Msg } from '../shared/core/message.ts'
import { momentText } from '../ui/format.ts'
import browser from './browser.ts'

/** Translates a core message through _locales; a missing key shows the key, never an empty string. */
export function t(m: Msg): string {
  const subs = [...(m.subs ?? [])]
  if (m.time !== undefined) subs.push(momentText(m.time))
  if (m.duration !== undefined) subs.push(t(durationMsg(m.duration)))
  return browser.i18n.getMessage(m.key, subs) || m.key
}

export function tk(key: string, ...subs: string[]): string {
  return t({ key, subs })
}
