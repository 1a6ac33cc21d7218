import { t } from '../platform/i18n.ts'
import type { Msg } from '../shared/core/message.ts'

export type Translate = (m: Msg) => string

/** Shorthand for components: `tr('key', sub1, …)`. */
export function tr(key: string, ...subs: string[]): string {
  return t({ key, subs })
}

export { t }
