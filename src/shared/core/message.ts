// Pure code never formats user-facing text itself: it returns message keys (public/_locales) with
// substitutions, and the UI translates them. That keeps every string localisable and the core free
// of browser imports.
export interface Msg {
  key: string
  subs?: string[]
  /** A moment (epoch ms) the UI formats as local clock time and appends as the last substitution. */
  time?: number
  /**
   * A span (ms) the UI writes as "12 s", "5 min" or "3 h 20 min" and appends after `time`: ages and
   * durations read in the unit that fits ("5 h old", never "300 min old").
   */
  duration?: number
}

export const msg = (key: string, ...subs: string[]): Msg => (subs.length ? { key, subs } : { key })

/** A message whose last substitution is the local clock time of `time`. */
export const msgAt = (key: string, time: number, ...subs: string[]): Msg => ({ key, subs, time })

/** "12 s", "5 min", "3 h 20 min", "2 d 4 h", "3 d" as a message. */
export function durationMsg(ms: number): Msg {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return msg('durationSeconds', String(s))
  const m = Math.round(s / 60)
  if (m < 60) return msg('durationMinutes', String(m))
  const h = Math.floor(m / 60)
  if (h < 48)
    return m % 60 ? msg('durationHoursMinutes', String(h), String(m % 60)) : msg('durationHours', String(h))
  const d = String(Math.floor(h / 24))
  return h % 24 ? msg('durationDaysHours', d, String(h % 24)) : msg('durationDays', d)
}
