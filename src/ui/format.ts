// Small, pure formatting helpers shared by the popup, the options page and the banner.
import { type Msg, msg } from '../shared/core/message.ts'

/** "12 s", "5 min", "3 h 20 min", "2 d 4 h" as a message. */
export function durationMsg(ms: number): Msg {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return msg('durationSeconds', String(s))
  const m = Math.round(s / 60)
  if (m < 60) return msg('durationMinutes', String(m))
  const h = Math.floor(m / 60)
  if (h < 48)
    return m % 60 ? msg('durationHoursMinutes', String(h), String(m % 60)) : msg('durationHours', String(h))
  return msg('durationDaysHours', String(Math.floor(h / 24)), String(h % 24))
}

/**
 * Local time of day in the user's locale, written as the locale writes it ("1:38 PM", "13:38"), as
 * claude.ai does: a forced 2-digit hour gave "01:38 PM" beside claude.ai's own "1:38 PM".
 * `locale` is for tests; the extension uses the browser's.
 */
export function clockTime(at: number | string, locale?: string): string {
  const d = new Date(at)
  return Number.isFinite(d.getTime()) ? d.toLocaleTimeString(locale, { timeStyle: 'short' }) : '—'
}

/** Day and time of day, e.g. "Nov 26, 1:38 PM". */
export function dateTime(at: number | string, locale?: string): string {
  const d = new Date(at)
  return Number.isFinite(d.getTime())
    ? d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
    : '—'
}
