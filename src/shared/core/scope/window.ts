// The impact window an update body states, e.g. "From 19:12 UTC to 19:29 UTC", "that started at
// 23:10 PT / 6:10 UTC … As of 0:50 PT / 7:50 UTC we have mitigated", "From Sep 19 19:00 PT (Sep 20
// 02:00 UTC) until …", "1:58pm PT until 8:26pm PT", "13:33PST - 13:52PST" (statuspage.md §3, §4).
//
// Times carry no date (or a month-day without a year), so each is resolved against the time the
// update was posted: the latest matching instant not after the post (with an hour of slack), since
// a body reports the past. Pacific and Eastern times follow US daylight saving whatever letters the
// author used ("8:27 PST" in August is PDT). When a body gives both, the UTC part wins.

import type { ImpactWindow } from './types.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Largest |epoch ms| a Date can hold; beyond it toISOString throws. */
const MAX_DATE_MS = 8.64e15

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?'
// A time point: optional "Sep 19 ", a clock ("19:00", "8:58:47", "5am", "9:25AM"), an optional
// zone, and an optional date after it (" on Aug 25th", " (Feb 18)").
const POINT_RE = new RegExp(
  `(?:\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+)?` +
    '\\b(\\d{1,2})(?::(\\d{2}))?(?::(\\d{2}))?\\s*(?:([ap])\\.?m\\b\\.?)?' +
    '(?:\\s*(utc|gmt|pst|pdt|pt|pacific(?: time)?|est|edt|et|eastern(?: time)?)\\b)?' +
    `(?:\\s+on\\s+${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\s*\\(${MONTH}\\s+(\\d{1,2})\\))?`,
  'gi',
)

type Zone = 'utc' | 'pacific' | 'eastern'

interface Point {
  start: number
  end: number
  hour: number
  minute: number
  second: number
  /** 'a' | 'p' when written; otherwise a 1–12 hour in a US zone may be either. */
  meridiem: 'a' | 'p' | null
  /** The hour was written with a leading zero ("02:06"): a 24-hour clock. */
  padded: boolean
  zone: Zone | null
  month: number | null
  day: number | null
}

function zoneOf(z: string | undefined): Zone | null {
  if (!z) return null
  const w = z.toLowerCase()
  if (w === 'utc' || w === 'gmt') return 'utc'
  if (w.startsWith('p')) return 'pacific'
  return 'eastern'
}

function points(text: string): Point[] {
  const out: Point[] = []
  POINT_RE.lastIndex = 0
  for (let m = POINT_RE.exec(text); m; m = POINT_RE.exec(text)) {
    if (m[0].length === 0) {
      POINT_RE.lastIndex++
      continue
    }
    const [, mon1, day1, h, mi, se, mer, zone, mon2, day2, mon3, day3] = m
    // A bare number is not a time: it needs minutes or am/pm.
    if (mi === undefined && mer === undefined) continue
    const hour = Number(h)
    const minute = mi === undefined ? 0 : Number(mi)
    const second = se === undefined ? 0 : Number(se)
    if (minute > 59 || second > 59 || (mer ? hour < 1 || hour > 12 : hour > 23)) continue
    const mon = mon1 ?? mon2 ?? mon3
    const day = day1 ?? day2 ?? day3
    const month = mon ? MONTHS.indexOf(mon.toLowerCase().slice(0, 3)) : -1
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      hour,
      minute,
      second,
      meridiem: mer ? (mer.toLowerCase() as 'a' | 'p') : null,
      padded: (h ?? '').length === 2 && (h ?? '').startsWith('0'),
      zone: zoneOf(zone),
      month: month >= 0 && day ? month : null,
      day: month >= 0 && day ? Number(day) : null,
    })
  }
  return out
}

/** US daylight saving (since 2007): second Sunday of March to first Sunday of November, 2:00 local. */
function usDaylight(utcMs: number, standardOffsetH: number): boolean {
  const year = new Date(utcMs).getUTCFullYear()
  const nthSunday = (month: number, n: number) => {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay()
    return 1 + ((7 - first) % 7) + 7 * (n - 1)
  }
  const start = Date.UTC(year, 2, nthSunday(2, 2), 2 - standardOffsetH)
  const end = Date.UTC(year, 10, nthSunday(10, 1), 1 - standardOffsetH)
  return utcMs >= start && utcMs < end
}

/** UTC epoch ms of a wall-clock time (given as if it were UTC) in a zone. */
function wallToUtc(wallMs: number, zone: Zone): number {
  if (zone === 'utc') return wallMs
  const std = zone === 'pacific' ? -8 : -5
  const daylight = wallMs - (std + 1) * HOUR
  return usDaylight(daylight, std) ? daylight : wallMs - std * HOUR
}

function utcToWall(utcMs: number, zone: Zone): number {
  if (zone === 'utc') return utcMs
  const std = zone === 'pacific' ? -8 : -5
  return utcMs + (usDaylight(utcMs, std) ? std + 1 : std) * HOUR
}

/** Candidate hours of day: a 1–12 US-zone hour without am/pm may be either half of the day. */
function hoursOf(p: Point): number[] {
  if (p.meridiem) return [(p.hour % 12) + (p.meridiem === 'p' ? 12 : 0)]
  if (p.zone !== 'utc' && !p.padded && p.hour >= 1 && p.hour <= 12) return [p.hour % 12, (p.hour % 12) + 12]
  return [p.hour]
}

/** Every instant the point could mean on the wall-clock days from `fromDay` to `toDay`. */
function candidates(p: Point, zone: Zone, refUtc: number, dayOffsets: number[]): number[] {
  const refWall = utcToWall(refUtc, zone)
  const refDay = Math.floor(refWall / DAY) * DAY
  const out: number[] = []
  let dayStarts: number[]
  if (p.month !== null && p.day !== null) {
    const refYear = new Date(refWall).getUTCFullYear()
    // The year that puts the date closest to the reference; a date more than 30 days away is
    // probably a typo ("(Feb 18)" in an April post) and is ignored rather than trusted.
    const dates = [refYear - 1, refYear, refYear + 1].map((y) => Date.UTC(y, p.month!, p.day!))
    dates.sort((a, b) => Math.abs(a - refDay) - Math.abs(b - refDay))
    const best = dates[0]!
    dayStarts = Math.abs(best - refDay) <= 30 * DAY ? [best] : dayOffsets.map((d) => refDay + d * DAY)
  } else dayStarts = dayOffsets.map((d) => refDay + d * DAY)
  for (const d of dayStarts)
    for (const h of hoursOf(p)) out.push(wallToUtc(d + h * HOUR + p.minute * MINUTE + p.second * 1000, zone))
  return out
}

/** The latest instant not after `ref` + 1 h (a report of the past), else the earliest after. */
function resolvePast(p: Point, zone: Zone, refUtc: number): number | null {
  const c = candidates(p, zone, refUtc, [-2, -1, 0, 1])
  const past = c.filter((t) => t <= refUtc + HOUR)
  if (past.length) return Math.max(...past)
  return c.length ? Math.min(...c) : null
}

/** The first instant at or after `startUtc` (a range's end), within two days. */
function resolveAfter(p: Point, zone: Zone, startUtc: number): number | null {
  const c = candidates(p, zone, startUtc, [0, 1, 2]).filter((t) => t >= startUtc)
  if (!c.length) return null
  const t = Math.min(...c)
  return p.month === null && t - startUtc > 2 * DAY ? null : t
}

interface Group {
  /** The point to use (the UTC one of a "PT / UTC" pair). */
  point: Point
  start: number
  end: number
}

/** Pairs "23:10 PT / 6:10 UTC" and "19:00 PT (02:00 UTC)" into one group that uses the UTC time. */
function groups(text: string, pts: Point[]): Group[] {
  const out: Group[] = []
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!
    const q = pts[i + 1]
    if (
      q &&
      p.zone &&
      p.zone !== 'utc' &&
      q.zone === 'utc' &&
      /^\s*[/(]\s*$/.test(text.slice(p.end, q.start))
    ) {
      const close = /^\s*\)/.exec(text.slice(q.end))
      out.push({ point: q, start: p.start, end: q.end + (close ? close[0].length : 0) })
      i++
    } else out.push({ point: p, start: p.start, end: p.end })
  }
  return out
}

const RANGE_GLUE = /^\s*(?:-|–|—|to|until|till|through(?: to)?|thru|and)\s*$/i
const START_CUE =
  /\b(?:start(?:ed|ing)?|began|beginning)\s+(?:at\s+|around\s+|approximately\s+|roughly\s+)?$/i
const END_CUE = /\b(?:as of|since)\s+$/i
const RECOVERY =
  /\b(?:mitigated|resolved|restored|recovered|baseline|back to normal|delivered|working|fixed|stable)\b/i

/**
 * The window stated in one body, resolved against the time it was posted (`refUtc`, epoch ms).
 * Returns starts and ends found; the caller combines bodies.
 */
export function windowPieces(text: string, refUtc: number): { starts: number[]; ends: number[] } {
  const starts: number[] = []
  const ends: number[] = []
  if (!Number.isFinite(refUtc) || Math.abs(refUtc) > MAX_DATE_MS - 10 * DAY) return { starts, ends }
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    const gs = groups(sentence, points(sentence))
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!
      const h = gs[i + 1]
      // A range: "19:12 UTC to 19:29 UTC", "02:06-02:45 UTC", "5am to 9am Pacific Time".
      if (h && RANGE_GLUE.test(sentence.slice(g.end, h.start).replace(/[()]/g, ''))) {
        const zone = g.point.zone ?? h.point.zone
        const endZone = h.point.zone ?? g.point.zone
        if (zone && endZone) {
          let s: number | null
          let e: number | null
          if (h.point.month !== null && g.point.month === null) {
            e = resolvePast(h.point, endZone, refUtc)
            s = e === null ? null : resolvePast(g.point, zone, e)
          } else {
            s = resolvePast(g.point, zone, refUtc)
            e = s === null ? null : resolveAfter(h.point, endZone, s)
          }
          if (s !== null) starts.push(s)
          if (s !== null && e !== null) ends.push(e)
        }
        i++
        continue
      }
      const zone = g.point.zone
      if (!zone) continue
      const before = sentence.slice(Math.max(0, g.start - 40), g.start)
      if (START_CUE.test(before)) {
        const s = resolvePast(g.point, zone, refUtc)
        if (s !== null) starts.push(s)
      } else if (END_CUE.test(before) && RECOVERY.test(sentence)) {
        const e = resolvePast(g.point, zone, refUtc)
        if (e !== null) ends.push(e)
      }
    }
  }
  return { starts, ends }
}

export function combineWindow(starts: number[], ends: number[]): ImpactWindow | null {
  const okMs = (t: number) => Number.isFinite(t) && Math.abs(t) < MAX_DATE_MS
  const s = starts.filter(okMs)
  if (!s.length) return null
  const start = Math.min(...s)
  const e = ends.filter((t) => okMs(t) && t >= start)
  return {
    start: new Date(start).toISOString(),
    end: e.length ? new Date(Math.max(...e)).toISOString() : null,
  }
}
