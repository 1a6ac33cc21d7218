// Incident text → scope: which models, tiers and surfaces an incident affects, what kind of failure
// it is, and the impact window it states. Pure and bounded. Rules and their reasons: README.md.

import type { Incident } from '../statuspage/model.ts'
import { classifyKind } from './kind.ts'
import { familiesIn, MentionFinder } from './mentions.ts'
import {
  CORRECTION,
  clauses,
  EXCEPT,
  normaliseText,
  type Polarity,
  RETRACTION,
  ROUTED,
  sentences,
} from './text.ts'
import { surfacesIn, tiersIn } from './tiers.ts'
import type { IncidentScope, ModelRef, ScanStats, Surface, Tier } from './types.ts'
import { TIERS } from './types.ts'
import { combineWindow, windowPieces } from './window.ts'

export type { IncidentKind, IncidentScope, ScanStats, Tier } from './types.ts'

/** Bounds: updates and characters scanned. Beyond them an incident yields less, never a guess. */
export const MAX_UPDATES_SCANNED = 200
export const MAX_BODY_CHARS = 20_000
export const MAX_TITLE_CHARS = 1_000
export const MAX_TOTAL_CHARS = 400_000

export interface ExtractOptions {
  /**
   * Families known from other text (e.g. `learnFamilies(history)`), so a bare "Opus" or "haiku"
   * counts. The incident's own text always contributes.
   */
  families?: Iterable<string>
  /** Incremented with the work done, for tests that bound it without a clock. */
  stats?: ScanStats
}

type Role = 'affected' | 'recovered' | 'ok' | 'fallback' | 'retracted'

interface Unit {
  text: string
  /** Epoch ms the text was posted (for resolving times), NaN if unknown. */
  at: number
  isTitle: boolean
}

// "all models", "many models", "other models", "majority of API traffic", "our models": more models
// than are named. Weak forms ("some models", "a subset of models") count only if none is named.
const STRONG_ALL =
  /\ball (?:of )?(?:the )?(?:other )?(?:claude )?models\b|\b(?:many|multiple|most|numerous|various|other|all other) models\b|\bevery model\b|\bour models\b|\bmajority of (?:\w+ ){0,2}(?:traffic|requests|models)\b|\ball (?:api )?(?:traffic|requests)\b/i
const WEAK_ALL = /\b(?:some|several|certain|a few|a subset of|a number of) (?:of (?:the|our) )?models\b/i
// A clause about models failing (so "throughput of our models" in an explanation does not count).
const FAILURE =
  /\b(?:errors?|error rates?|offline|down|unavailable|outages?|latency|degrad\w*|affected|impacted|issues?|fail\w*|5\d\d|5xx|elevated|slow\w*)\b/i
// A whole surface down: "API Outage", "claude.ai down", "claude.ai chat not operational",
// "Claude.ai Experienced a Temporary Outage", "temporary backend service outage". Not "partial".
const SURFACE = String.raw`(?:(?:the |anthropic |claude )?api|claude\.ai|console|(?:api|console)\.anthropic\.com|platform\.claude\.com|(?:backend )?service)`
const SURFACE_DOWN = new RegExp(
  String.raw`\b${SURFACE}(?: (?:and|&) ${SURFACE})*(?: \w+)? (?:(?:is|was|are|were) )?(?:(?:completely|fully|temporarily) )?(?:down|offline|outage|not operational)\b|\b${SURFACE} experienced an? (?:\w+ )?outage\b`,
  'gi',
)

function surfaceDown(text: string): boolean {
  for (const m of text.matchAll(SURFACE_DOWN)) {
    if (!/partial(?:ly)?\s*$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) return true
  }
  return false
}

const key = (m: ModelRef) => `${m.family}\u0000${m.version ?? ''}`

/** Families named with a version or by API id in these incidents: the vocabulary for bare names. */
export function learnFamilies(incidents: Iterable<Incident>): string[] {
  const texts: string[] = []
  for (const i of incidents) {
    texts.push(normaliseText(i.name.slice(0, MAX_TITLE_CHARS)))
    for (const u of i.updates.slice(0, MAX_UPDATES_SCANNED))
      texts.push(normaliseText(u.body.slice(0, MAX_BODY_CHARS)))
  }
  return [...familiesIn(texts)].sort()
}

/** Title Case (a headline): most words capitalised, so capitals say nothing about model names. */
function isHeadline(text: string): boolean {
  const words = text.match(/\b[A-Za-z][a-z]{3,}\b/g) ?? []
  if (words.length < 3) return false
  return words.filter((w) => /^[A-Z]/.test(w)).length / words.length >= 0.6
}

function unitsOf(incident: Incident, stats: ScanStats | undefined): Unit[] {
  const units: Unit[] = []
  let budget = MAX_TOTAL_CHARS
  const push = (raw: string, at: number, isTitle: boolean, cap: number) => {
    if (budget <= 0) return
    const text = normaliseText(raw.slice(0, Math.min(cap, budget)))
    budget -= text.length
    units.push({ text, at, isTitle })
    if (stats) {
      stats.units++
      stats.chars += text.length
    }
  }
  const parse = (s: string | null) => (s ? Date.parse(s) : Number.NaN)
  push(incident.name ?? '', parse(incident.startedAt ?? incident.createdAt), true, MAX_TITLE_CHARS)
  // Updates are newest first; scan oldest → newest so later corrections win.
  const updates = (incident.updates ?? []).slice(0, MAX_UPDATES_SCANNED).reverse()
  for (const u of updates) push(u.body ?? '', parse(u.at ?? u.createdAt), false, MAX_BODY_CHARS)
  return units
}

interface UnitFindings {
  roles: { model: ModelRef; role: Role }[]
  strongAll: boolean
  weakAll: boolean
  tiers: Set<Tier>
  surfacesOk: Set<Surface>
  /** "All the models are at the baseline error rate": every model is fine now. */
  allRecovered: boolean
}

function analyseUnit(unit: Unit, finder: MentionFinder, stats: ScanStats | undefined): UnitFindings {
  const f: UnitFindings = {
    roles: [],
    strongAll: false,
    weakAll: false,
    tiers: new Set(),
    surfacesOk: new Set(),
    allRecovered: false,
  }
  for (const s of sentences(unit.text)) {
    if (stats) stats.sentences++
    const text = s.text
    const { mentions, generations } = finder.find(text, isHeadline(text))
    const cls = clauses(text, mentions)
    const clauseAt = (pos: number) => cls.find((c) => pos >= c.start && pos < c.end) ?? cls.at(-1)
    // "except for X": X is the opposite of what the head of the sentence says. After a recovery
    // ("all models returned to baseline except Sonnet 3.5") X is still affected; otherwise
    // ("all models have been affected, except for Sonnet 4.0") X is not.
    const ex = EXCEPT.exec(text)
    const exceptAt = ex ? ex.index : -1
    const headPolarity: Polarity | null = ex ? (clauseAt(0)?.polarity ?? 'affected') : null
    const retraction = RETRACTION.test(text)
    const correctionAt = retraction ? (CORRECTION.exec(text)?.index ?? -1) : -1
    // "routed free usage to Claude 3 Haiku": in the routing clause, what follows "to" is a fallback.
    const routed = ROUTED.exec(text)
    const routedClause = routed ? clauseAt(routed.index) : undefined
    const fallbackFrom = routed ? text.toLowerCase().indexOf(' to ', routed.index) : -1
    const isFallback = (pos: number) =>
      fallbackFrom >= 0 && pos > fallbackFrom && !!routedClause && pos < routedClause.end

    for (const m of mentions) {
      let role: Role
      const pol = clauseAt(m.start)?.polarity ?? 'affected'
      if (retraction) role = correctionAt >= 0 && m.start > correctionAt ? 'affected' : 'retracted'
      else if (isFallback(m.start)) role = 'fallback'
      else if (exceptAt >= 0 && m.start > exceptAt)
        role = headPolarity === 'ok' || headPolarity === 'recovered' ? 'affected' : 'ok'
      else role = pol
      f.roles.push({ model: m.model, role })
    }

    for (const c of cls) {
      const clause = text.slice(c.start, c.end)
      const inTail = exceptAt >= 0 && c.start > exceptAt
      const pol: Polarity = inTail && headPolarity === 'affected' ? 'ok' : c.polarity
      const gen = generations.some((g) => g >= c.start && g < c.end)
      const strong = STRONG_ALL.test(clause) || gen
      const weak = WEAK_ALL.test(clause)
      if ((strong || weak) && pol !== 'affected') f.allRecovered = true
      if (pol === 'affected' && FAILURE.test(clause)) {
        if (strong) f.strongAll = true
        if (weak) f.weakAll = true
      }
      if (pol !== 'ok') for (const t of tiersIn(clause)) f.tiers.add(t)
      else for (const sf of surfacesIn(clause)) f.surfacesOk.add(sf)
    }
  }
  return f
}

function dedupe(models: ModelRef[]): ModelRef[] {
  const seen = new Map<string, ModelRef>()
  for (const m of models) seen.set(key(m), m)
  const list = [...seen.values()]
  // A family named without a version is dropped when the incident also names it with one.
  return list.filter(
    (m) => m.version !== null || !list.some((o) => o.family === m.family && o.version !== null),
  )
}

/**
 * What the latest update says is affected now: the models it names as failing; else, when it
 * reports recoveries, the incident's models minus the recovered ones (none after "all the models
 * are at the baseline"); else undefined, because it says nothing about models.
 */
function modelsNow(latest: UnitFindings | null, models: ModelRef[]): ModelRef[] | undefined {
  if (!latest) return undefined
  const failing = latest.roles.filter((r) => r.role === 'affected').map((r) => r.model)
  if (failing.length) return dedupe(failing)
  if (latest.allRecovered) return []
  const fine = latest.roles.filter((r) => r.role === 'recovered' || r.role === 'ok').map((r) => r.model)
  if (!fine.length) return undefined
  const fineKeys = new Set(fine.map(key))
  // A bare family recovering ("Opus has recovered") covers every version of it.
  const fineFamilies = new Set(fine.filter((m) => m.version === null).map((m) => m.family))
  return models.filter((m) => !fineKeys.has(key(m)) && !fineFamilies.has(m.family))
}

export function extractScope(incident: Incident, options: ExtractOptions = {}): IncidentScope {
  const stats = options.stats
  const units = unitsOf(incident, stats)
  const own = familiesIn(units.map((u) => u.text))
  const known = new Set<string>(own)
  for (const f of options.families ?? [])
    if (typeof f === 'string' && f !== 'claude') known.add(f.toLowerCase())
  const finder = new MentionFinder(known)

  const affected = new Map<string, ModelRef>()
  let strongAll = false
  let weakAll = false
  const tiers = new Set<Tier>()
  const surfacesOk = new Set<Surface>()
  let last: UnitFindings | null = null
  for (const unit of units) {
    const f = analyseUnit(unit, finder, stats)
    // Oldest first: a retraction removes a model named earlier; a later mention can name it again.
    for (const { model, role } of f.roles) {
      if (role === 'affected' || role === 'recovered') affected.set(key(model), model)
      else if (role === 'retracted') affected.delete(key(model))
    }
    strongAll ||= f.strongAll
    weakAll ||= f.weakAll
    for (const t of f.tiers) tiers.add(t)
    for (const s of f.surfacesOk) surfacesOk.add(s)
    if (!unit.isTitle) last = f
  }
  const models = dedupe([...affected.values()])

  const bodies = units.filter((u) => !u.isTitle).map((u) => u.text)
  const title = units[0]?.text ?? ''
  const kind =
    title.trim() || bodies.some((b) => b.trim())
      ? classifyKind(title, bodies, incident.isMaintenance)
      : 'other'

  const wholeSurface = kind === 'errors' && models.length === 0 && units.some((u) => surfaceDown(u.text))
  const allModels = strongAll || (weakAll && models.length === 0) || wholeSurface || kind === 'login'

  const starts: number[] = []
  const ends: number[] = []
  for (const u of units) {
    if (u.isTitle) continue
    const w = windowPieces(u.text, u.at)
    starts.push(...w.starts)
    ends.push(...w.ends)
  }

  const scope: IncidentScope = {
    components: [...new Set(incident.componentIds ?? [])],
    models,
    allModels,
    tiers: TIERS.filter((t) => tiers.has(t)),
    kind,
    window: combineWindow(starts, ends),
  }
  const now = modelsNow(incident.updates?.length ? last : null, models)
  if (now) scope.modelsNow = now
  if (surfacesOk.size) scope.surfacesUnaffected = [...surfacesOk].sort()
  return scope
}
