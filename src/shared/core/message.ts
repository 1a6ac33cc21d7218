// Pure code never formats user-facing text itself: it returns message keys (public/_locales) with
// substitutions, and the UI translates them. That keeps every string localisable and the core free
// of browser imports.
export interface Msg {
  key: string
  subs?: string[]
  /** A moment (epoch ms) the UI formats as local clock time and appends as the last substitution. */
  time?: number
}

export const msg = (key: string, ...subs: string[]): Msg => (subs.length ? { key, subs } : { key })

/** A message whose last substitution is the local clock time of `time`. */
export const msgAt = (key: string, time: number, ...subs: string[]): Msg => ({ key, subs, time })
