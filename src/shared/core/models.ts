// Model identity without a list of model names. Families appear every few months (Fable in 2026),
// so a family is *any* word in the family position; the only vocabulary here is of words that are
// known NOT to be families (vendor prefix, release channels).

/** A model family and version, e.g. `{family: 'sonnet', version: '4.5'}`; version null when unknown. */
export interface ModelRef {
  family: string
  version: string | null
}

/** Words that can sit where a family would, but never are one. */
const NOT_A_FAMILY = new Set(['claude', 'latest', 'v', 'beta', 'preview', 'experimental'])

const FAMILY_WORD = /^[a-z][a-z]{1,19}$/

/** "4.0" → "4", "3.50" stays; versions compare as strings after this normalisation. */
export function normaliseVersion(raw: string | null | undefined): string | null {
  if (raw == null) return null
  const v = raw.trim().replace(/[-_]/g, '.').replace(/^v/i, '')
  if (!/^\d+(\.\d+)*$/.test(v)) return null
  return v.replace(/(\.0)+$/, '')
}

/**
 * Parses an API model id such as `claude-sonnet-4-5-20250929`, `claude-3-5-sonnet-20240620`,
 * `claude-instant-1.2`, `claude-v1.0`, `claude-2.1` or `claude-fable-5` into a family and version.
 * Bare "claude N" ids have family `claude`. Returns null for anything that is not a Claude model id.
 */
export function parseModelId(id: string | null | undefined): ModelRef | null {
  if (!id) return null
  const tokens = id
    .trim()
    .toLowerCase()
    .split(/[-_\s]+/)
    .filter(Boolean)
  if (tokens[0] !== 'claude' || tokens.length > 8) return null
  // Drop a trailing release date (8 digits) and channel words.
  const rest = tokens.slice(1).filter((t) => !/^\d{8}$/.test(t) && t !== 'latest')
  const numbers: string[] = []
  let family: string | null = null
  for (const token of rest) {
    const n = token.replace(/^v(?=\d)/, '')
    if (/^\d+(\.\d+)*$/.test(n)) {
      // Numbers before the family ("3-5-sonnet") or after it ("sonnet-4-5") form the version.
      if (family === null || numbers.length === 0 || rest.indexOf(token) > rest.indexOf(family))
        numbers.push(n)
    } else if (family === null && FAMILY_WORD.test(token) && !NOT_A_FAMILY.has(token)) {
      family = token
    } else {
      return null
    }
  }
  const version = numbers.length ? normaliseVersion(numbers.join('.')) : null
  if (family === null) return version ? { family: 'claude', version } : null
  return { family, version }
}

/** Lowercase family key used in test hooks and crowd reports, e.g. "opus". */
export function familyOf(id: string | null | undefined): string | null {
  return parseModelId(id)?.family ?? null
}

export function modelKey(m: ModelRef): string {
  return m.version ? `${m.family} ${m.version}` : m.family
}

/** Display form: "Sonnet 4.5". */
export function modelLabel(m: ModelRef): string {
  const name = m.family.charAt(0).toUpperCase() + m.family.slice(1)
  return m.version ? `${name} ${m.version}` : name
}
