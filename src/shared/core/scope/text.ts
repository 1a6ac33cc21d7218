// Text preparation and clause polarity for incident text. Everything here is linear in the input
// and uses no backtracking-prone patterns, so hostile text costs at most its (capped) length.

/** Look-alike colons seen in real bodies (statuspage.md §3: U+2236 "∶") and other common ones. */
const COLONS = /[\u2236\uFF1A\uA789\uFE55\u02D0]/g

export function normaliseText(text: string): string {
  return text
    .replace(COLONS, ':')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/`/g, ' ')
}

/** Sentences: split after . ! ? followed by whitespace, and at line breaks. */
export function sentences(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = []
  const re = /[^\n.!?]*(?:[.!?](?!\s|$)[^\n.!?]*)*[.!?]*/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    if (m[0].trim()) out.push({ text: m[0], offset: m.index })
  }
  return out
}

export type Polarity = 'affected' | 'recovered' | 'ok'

// "not operational", "unavailable": explicit failures, checked before the OK words they contain.
const NEGATED_OK =
  /\bnot (?:yet |fully |currently |being )?(?:operational|available|working|serving|responding|accessible|reachable|functional)\b|\bun(?:available|reachable)\b|\binaccessible\b/i
const OK =
  /\bun(?:affected|impacted)\b|\bnot (?:been |being |be )?(?:affected|impacted)\b|\b(?:is|are|was|were|remains?|remained|stay(?:s|ed)?|continues? to be)\s+(?:fully |still |currently |now )?(?:operational|available|working|functional|healthy|fine|normal|serving)\b|\bserving (?:requests|traffic)\b|\b(?:operating|working|functioning|performing) (?:normally|as expected)\b|\bnot experiencing\b|\bno (?:impact|issues?|errors)\b/i
const RECOVERED =
  /\breturned to (?:the )?(?:baseline|normal)\b|\b(?:is|are|at) (?:the )?baseline\b|\bback to (?:normal|baseline)\b|\brecovered\b|\brestored\b|\bmitigated\b|\bresolved\b|\brolled back\b|\bremained stable\b|\bstable success\b|\bre-?enabled\b|\bfully back\b/i

export function polarityOf(clause: string): Polarity {
  if (NEGATED_OK.test(clause)) return 'affected'
  if (OK.test(clause)) return 'ok'
  if (RECOVERED.test(clause)) return 'recovered'
  return 'affected'
}

/** "This incident erroneously had Sonnet 4.1 in the title." */
export const RETRACTION =
  /\b(?:erroneous(?:ly)?|mistaken(?:ly)?|by mistake|in error|incorrect(?:ly)?|wrongly|inadvertently|typo)\b/i
/** Inside a retraction, what follows these names the right model. */
export const CORRECTION =
  /\b(?:instead of|rather than|should (?:have )?(?:been|read|said|say)|(?:the )?(?:model|models) (?:actually )?affected (?:was|were|is|are)|was actually|correct (?:model|title) (?:is|was))\b/i
/** "except for X", "other than X". */
export const EXCEPT = /\bexcept(?: for)?\b|\bother than\b|\bwith the exception of\b/i
/** Traffic moved to a fallback model: what follows "… to" is not affected. */
export const ROUTED =
  /\b(?:re-?rout(?:ed|ing)|rout(?:ed|ing)|redirect(?:ed|ing)|divert(?:ed|ing)|fall(?:ing|en)? back|fell back|fail(?:ed|ing) over|switch(?:ed|ing)|mov(?:ed|ing))\b/i

export interface Clause {
  start: number
  end: number
  polarity: Polarity
}

// Clause breaks: ";" and ", " and subordinators that change the subject ("while", "but").
const BREAK = /;\s*|,\s+|\s+(?:while|but|whereas|although|though|however|yet)\s+/gi
/** A clause that starts like this continues the one before it ("…, including claude-v1"). */
const CONTINUES =
  /^\s*(?:including|includes|such as|especially|specially|notably|particularly|like|e\.g\.)\b/i
/** What is left of a clause once model names are removed: only list glue means "merge me". */
const ONLY_GLUE = /^[\s,&/]*(?:(?:and|or|the|models?|claude)\b[\s,&/]*)*$/i

/**
 * Splits a sentence into clauses with their polarity. `modelSpans` are the model mentions' offsets:
 * a clause that is nothing but model names ("Sonnet 4.5, Opus 4.1 and Haiku 4.5 are unaffected")
 * is merged into the next one (or the previous one at the end) so the list shares its predicate.
 */
export function clauses(sentence: string, modelSpans: { start: number; end: number }[]): Clause[] {
  const raw: { start: number; end: number }[] = []
  let last = 0
  BREAK.lastIndex = 0
  for (let m = BREAK.exec(sentence); m; m = BREAK.exec(sentence)) {
    raw.push({ start: last, end: m.index })
    last = m.index + m[0].length
  }
  raw.push({ start: last, end: sentence.length })

  const glue = (c: { start: number; end: number }) => {
    let text = ''
    let at = c.start
    for (const s of modelSpans) {
      if (s.end <= c.start || s.start >= c.end) continue
      text += sentence.slice(at, Math.max(at, s.start))
      at = Math.max(at, s.end)
    }
    text += sentence.slice(at, c.end)
    return ONLY_GLUE.test(text)
  }
  const merged: { start: number; end: number; inherit: boolean }[] = []
  let pending: { start: number; end: number } | null = null
  for (const c of raw) {
    const cur: { start: number; end: number } = pending ? { start: pending.start, end: c.end } : c
    pending = null
    if (glue(cur)) {
      pending = cur
      continue
    }
    merged.push({ ...cur, inherit: CONTINUES.test(sentence.slice(cur.start, cur.end)) })
  }
  if (pending) {
    const prev = merged.at(-1)
    if (prev) prev.end = pending.end
    else merged.push({ ...pending, inherit: false })
  }
  const out: Clause[] = []
  for (const c of merged) {
    const prev = out.at(-1)
    const polarity = c.inherit && prev ? prev.polarity : polarityOf(sentence.slice(c.start, c.end))
    out.push({ start: c.start, end: c.end, polarity })
  }
  return out
}
