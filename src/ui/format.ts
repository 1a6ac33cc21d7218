// Small, pure formatting helpers shared by the popup, the options page and the banner.
// durationMsg lives in the core (core messages carry durations); the UI imports it from here too.
export { durationMsg } from '../shared/core/message.ts'

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

/**
 * A moment as messages show it: the time of day when it is today ("1:38 PM"), the day too when it
 * is not ("Nov 27, 9:00 AM"): a usage limit resetting tomorrow, or maintenance ending tomorrow,
 * must not read as later today.
 */
export function momentText(at: number, now: number = Date.now(), locale?: string): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString()
  return sameDay ? clockTime(at, locale) : dateTime(at, locale)
}
