// Finds model names in one sentence of incident text, without a list of model families.
//
// New families arrive every few months (statuspage.md §5: "fable" appeared in 2026), so a family is
// recognised by its *position*, never by membership in a list:
//   - an API id:                 claude-3-5-sonnet-20240620, claude-instant-1.2, claude-v1.0
//   - "Claude <Word> [version]": Claude Opus 4.1, Claude Instant, Claude Quill 6
//   - "Claude <version> <Word>": Claude 3 Opus, Claude 3.5 Sonnet, Claude-3 Sonnet
//   - "Claude <version>":        Claude 2.1 (family `claude`)
//   - "<Word> <version>":        Sonnet 4.0, Opus 4.6 and 4.5, Lyra/Quill 6.1
//   - "<version> <Word>":        3.5 Sonnet (a dotted version), 3 Opus (in a list after a model)
//   - a bare word next to a model in a list ("Haiku and 3.5 Sonnet"), and
//   - a bare word already seen in one of the positions above ("known" families, learned from the
//     text itself and from history: "High Opus Error Rates", "Degraded performance for haiku").
// The only vocabulary is NOT_FAMILY: words that can sit in those positions but are never a family.

import { type ModelRef, normaliseVersion, parseModelId } from '../models.ts'

/**
 * Words known NOT to be model families: product surfaces, platforms, tiers, time words, units and
 * the function words that Title Case headlines capitalise. A deny-list, never an allow-list.
 */
const NOT_FAMILY = new Set(
  [
    // vendor, products, surfaces, hosting
    'claude anthropic api apis console platform code desktop mobile web app apps ios android windows',
    'macos mac linux ubuntu chrome firefox safari edge browser extension cowork government vertex',
    'bedrock aws gcp google azure amazon microsoft ai cli sdk mcp slack github gmail drive excel',
    'python node java ruby go rust xcode npm docker',
    // tiers and plans
    'pro max team teams enterprise free paid plan plans build scale tier tiers seat seats',
    // generic nouns of status text
    'model models status service services website site page pages docs documentation support',
    'error errors issue issues incident incidents outage outages request requests image images',
    'user users customer customers token tokens file files message messages attempt attempts',
    'region regions zone zones version versions release update updates patch phase step stage',
    'part level priority sev http https tls ssl dns ip usage traffic rate rates limit limits',
    // time words, months, weekdays, zones
    'time times day days week weeks month months year years hour hours minute minutes second seconds',
    'january february march april may june july august september october november december',
    'jan feb mar apr jun jul aug sep sept oct nov dec',
    'monday tuesday wednesday thursday friday saturday sunday today tonight yesterday',
    'utc gmt pt pst pdt et est edt pacific eastern am pm',
    // function words (capitalised at sentence starts and in Title Case headlines)
    'the a an and or of on in at to for from with by as up until till through since over under',
    'about around every each within after before during between than approximately roughly nearly',
    'almost only all some most many few several other others both first last next past top our your',
    'their this that these those is are was were be been has have had will can may not no new old',
    'elevated increased degraded partial high higher low lower brief temporary intermittent',
  ]
    .join(' ')
    .split(/\s+/),
)

/** Measurement words that make a number a quantity, not a version ("Every 10 minutes"). */
const UNIT_AFTER = new Set(
  'minutes minute min mins hours hour hrs hr h seconds second secs sec s ms days day weeks week percent % times x am pm utc gmt pt pst pdt et est edt th st nd rd'.split(
    ' ',
  ),
)

export interface Mention {
  model: ModelRef
  /** Character offsets in the sentence. */
  start: number
  end: number
}

export interface SentenceModels {
  mentions: Mention[]
  /** Offsets of generation plurals such as "Claude 3 models": several models, none named. */
  generations: number[]
}

type TokKind = 'id' | 'time' | 'num' | 'host' | 'word' | 'punct'
interface Tok {
  kind: TokKind
  text: string
  lower: string
  start: number
  end: number
}

// One pass, first alternative wins: API ids, clock times, numbers/versions (with an optional "v"),
// host names (claude.ai, api.anthropic.com), words, then any other single character.
const TOKEN_RE =
  /(claude-[a-z0-9]+(?:[-.][a-z0-9]+)*)|(\d{1,2}(?::\d{2}){1,2})|(v?\d+(?:\.\d+)*[a-z%]*)|([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)|([a-z][a-z'’]*)|(\S)/gi

export function tokenize(sentence: string): Tok[] {
  const out: Tok[] = []
  TOKEN_RE.lastIndex = 0
  for (let m = TOKEN_RE.exec(sentence); m; m = TOKEN_RE.exec(sentence)) {
    const kind: TokKind = m[1] ? 'id' : m[2] ? 'time' : m[3] ? 'num' : m[4] ? 'host' : m[5] ? 'word' : 'punct'
    // "Haiku's" is the word Haiku.
    const text = kind === 'word' ? m[0].replace(/['’]s?$/, '') : m[0]
    out.push({ kind, text, lower: text.toLowerCase(), start: m.index, end: m.index + m[0].length })
  }
  return out
}

const TITLE_WORD = /^[A-Z][a-z]{2,19}$/
const ANY_WORD = /^[a-z]{2,20}$/

/** A version as written in prose: 1–2 digit major, optional 1–2 digit minor; "v" only if `allowV`. */
function versionOf(t: Tok | undefined, allowV = false): string | null {
  if (t?.kind !== 'num') return null
  const m = /^(v?)(\d{1,2}(?:\.\d{1,2})?)$/i.exec(t.text)
  if (!m || (m[1] && !allowV)) return null
  return normaliseVersion(m[2])
}

const isConn = (t: Tok | undefined) =>
  !!t && (t.lower === 'and' || t.lower === 'or' || t.text === ',' || t.text === '&' || t.text === '/')

export class MentionFinder {
  constructor(private readonly known: ReadonlySet<string>) {}

  /** Could `t` be a family word? A Title-case word (the way families are written) or a known one. */
  private familyWord(t: Tok | undefined): string | null {
    if (t?.kind !== 'word') return null
    const w = t.lower
    if (!ANY_WORD.test(w) || NOT_FAMILY.has(w)) return null
    return TITLE_WORD.test(t.text) || this.known.has(w) ? w : null
  }

  /** A version token that is really a version: not a quantity ("10 minutes") or a time. */
  private proseVersion(toks: Tok[], i: number): string | null {
    const v = versionOf(toks[i])
    if (v === null) return null
    const next = toks[i + 1]
    if (next && (UNIT_AFTER.has(next.lower) || next.text === ':' || next.kind === 'time')) return null
    return v
  }

  /**
   * `headline`: the text is a Title Case headline, where every word is capitalised, so a capital
   * letter alone says nothing ("Claude Responses Slow"); there "Claude <Word>" without a version
   * needs a known family.
   */
  find(sentence: string, headline = false): SentenceModels {
    const toks = tokenize(sentence)
    const found: { model: ModelRef; from: number; to: number }[] = []
    const generations: number[] = []
    const add = (family: string, version: string | null, from: number, to: number) =>
      found.push({ model: { family, version }, from, to })

    // After "<family> <version>", further versions joined by and/or/"," share the family ("Opus 4.6
    // and 4.5"), unless a family word follows the version ("Opus 4 and 3.5 Sonnet").
    const continueVersions = (family: string, j: number, first: number): number => {
      while (isConn(toks[j]) && this.proseVersion(toks, j + 1) !== null && !this.familyWord(toks[j + 2])) {
        add(family, this.proseVersion(toks, j + 1), first, j + 1)
        j += 2
      }
      return j
    }

    let i = 0
    while (i < toks.length) {
      const t = toks[i]!
      const next = toks[i + 1]
      // API ids.
      if (t.kind === 'id') {
        const ref = parseModelId(t.lower)
        if (ref?.family === 'claude' && next?.lower === 'models') {
          generations.push(t.start)
          i += 2
          continue
        }
        // "Claude-3 Sonnet": a bare generation id followed by a family word.
        const w = ref?.family === 'claude' ? this.familyWord(next) : null
        if (ref && w) {
          add(w, ref.version, i, i + 1)
          i += 2
          continue
        }
        if (ref && (ref.family === 'claude' ? ref.version !== null : !NOT_FAMILY.has(ref.family)))
          add(ref.family, ref.version, i, i)
        i += 1
        continue
      }
      // "Claude …"
      if (t.kind === 'word' && t.lower === 'claude' && next) {
        const v = this.proseVersion(toks, i + 1)
        if (v !== null) {
          const after = toks[i + 2]
          if (after?.lower === 'models') {
            generations.push(t.start)
            i += 3
            continue
          }
          const w = this.familyWord(after)
          if (w) {
            add(w, v, i, i + 2)
            i = continueVersions(w, i + 3, i)
          } else {
            add('claude', v, i, i + 1)
            i = continueVersions('claude', i + 2, i)
          }
          continue
        }
        if (this.familyWord(next)) {
          const group = this.slashGroup(toks, i + 1)
          const gv = this.proseVersion(toks, group.end)
          if (gv !== null) {
            for (const g of group.words) add(g.word, gv, i, group.end)
            i = continueVersions(group.words.at(-1)!.word, group.end + 1, i)
            continue
          }
          if (!headline || group.words.every((g) => this.known.has(g.word))) {
            for (const g of group.words) add(g.word, null, i, g.index)
            i = group.end
            continue
          }
        }
        i += 1
        continue
      }
      // "Lyra/Quill 6.1", "Opus 4.6 and 4.5", "Sonnet 4.0".
      if (this.familyWord(t)) {
        const group = this.slashGroup(toks, i)
        const gv = this.proseVersion(toks, group.end)
        if (gv !== null) {
          for (const g of group.words) add(g.word, gv, g.index, group.end)
          i = continueVersions(group.words.at(-1)!.word, group.end + 1, i)
          continue
        }
      }
      if (t.kind === 'num') {
        // "3.5 Sonnet"; "3 Opus" only in a list after another model, or for a known family.
        const v = this.proseVersion(toks, i)
        const w = v !== null ? this.familyWord(next) : null
        if (w) {
          const dotted = t.text.includes('.')
          const listed = isConn(toks[i - 1]) && found.some((m) => m.to === i - 2)
          if (dotted || listed || this.known.has(w)) {
            add(w, v, i, i + 1)
            i += 2
            continue
          }
        }
        // "Partial Outage for v1.3": the v1.x naming of 2023 (family claude). Not a path (/v1/…).
        const vv = /^v/i.test(t.text) ? versionOf(t, true) : null
        if (vv !== null && toks[i - 1]?.text !== '/' && next?.text !== '/' && toks[i - 1]?.lower !== 'api')
          add('claude', vv, i, i)
      }
      i += 1
    }

    // Bare words: known families where a model can stand, and unknown Title-case words joined to a
    // model by a list connector ("Haiku and 3.5 Sonnet").
    const covered = new Set<number>()
    for (const m of found) for (let k = m.from; k <= m.to; k++) covered.add(k)
    const bare: typeof found = []
    for (let k = 0; k < toks.length; k++) {
      const tok = toks[k]!
      const w = covered.has(k) ? null : this.familyWord(tok)
      if (!w) continue
      const prev = toks[k - 1]
      const after = toks[k + 1]
      const titled = TITLE_WORD.test(tok.text)
      const listed = (isConn(prev) && covered.has(k - 2)) || (isConn(after) && covered.has(k + 2))
      if (this.known.has(w) ? titled || modelSlot(prev, after) : listed)
        bare.push({ model: { family: w, version: null }, from: k, to: k })
    }
    const mentions = [...found, ...bare]
      .sort((a, b) => a.from - b.from)
      .map((m) => ({ model: m.model, start: toks[m.from]!.start, end: toks[m.to]!.end }))
    return { mentions, generations }
  }

  /** Family words joined by "/" from i ("Lyra/Quill"); `end` is the token index after the last. */
  private slashGroup(toks: Tok[], i: number) {
    const words: { word: string; index: number }[] = []
    let j = i
    for (;;) {
      const w = this.familyWord(toks[j])
      if (!w) break
      words.push({ word: w, index: j })
      if (toks[j + 1]?.text === '/' && this.familyWord(toks[j + 2])) j += 2
      else {
        j += 1
        break
      }
    }
    return { words, end: j }
  }
}

const SLOT_BEFORE = new Set([
  'on',
  'for',
  'with',
  'to',
  'of',
  'affecting',
  'impacting',
  'and',
  'or',
  ',',
  '/',
])
const SLOT_AFTER = new Set([
  'is',
  'was',
  'are',
  'were',
  'model',
  'models',
  'outage',
  'errors',
  'error',
  'partial',
  'partially',
  'down',
  'unavailable',
  'and',
  'or',
])

/** A lowercase known family counts only where a model can stand ("performance for haiku"). */
function modelSlot(prev: Tok | undefined, after: Tok | undefined): boolean {
  return (!!prev && SLOT_BEFORE.has(prev.lower)) || (!!after && SLOT_AFTER.has(after.lower))
}

/**
 * Families named with a version (prose or API id) in these
 * texts. The caller passes them back as `known`, so bare mentions ("Opus partially down") are
 * recognised: the vocabulary comes from the data, never from a list in code.
 */
export function familiesIn(texts: Iterable<string>, maxChars = 2_000_000): Set<string> {
  const finder = new MentionFinder(new Set())
  const out = new Set<string>()
  let budget = maxChars
  for (const text of texts) {
    if (budget <= 0) break
    const slice = text.slice(0, budget)
    budget -= slice.length
    for (const sentence of slice.split(/(?<=[.!?])\s+|\n+/)) {
      for (const m of finder.find(sentence).mentions)
        if (m.model.version !== null && m.model.family !== 'claude') out.add(m.model.family)
    }
  }
  return out
}

export { NOT_FAMILY }
