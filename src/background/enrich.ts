// Scope and duration estimate of an open incident, from its text and the incident history (local
// history merged with the real 2023–2025 history bundled with the extension).
import {
  estimateDuration,
  mergeRecords,
  minutesOpen,
  phraseEstimate,
  similarityKey,
} from '../shared/core/duration/estimate.ts'
import { type DurationRecord, toHistoryRecord } from '../shared/core/duration/history.ts'
import { type Msg, msg } from '../shared/core/message.ts'
import type { IncidentEnrichment } from '../shared/core/official-view.ts'
import { extractScope, learnFamilies } from '../shared/core/scope/extract.ts'
import type { Incident } from '../shared/core/statuspage/model.ts'

interface Knowledge {
  key: string
  records: DurationRecord[]
  families: string[]
}

/** Deriving records means extracting the scope of every past incident: do it once per history. */
let cached: Knowledge | null = null

function knowledgeOf(history: readonly Incident[], seenFamilies: readonly string[]): Knowledge {
  const key = `${history.length}|${history[0]?.id}|${history[0]?.updatedAt}|${history.at(-1)?.id}|${seenFamilies.join(',')}`
  if (cached?.key === key) return cached
  // The vocabulary for bare family names ("Opus is down"): families named with a version in past
  // incidents, plus those the user's own requests used. Learned from data, never a fixed list.
  const families = [...new Set([...learnFamilies(history), ...seenFamilies])].sort()
  const local = history.flatMap((i) => {
    const record = toHistoryRecord(i, extractScope(i, { families }))
    return record ? [record] : []
  })
  cached = { key, records: mergeRecords(local), families }
  return cached
}

export function enrichIncident(
  incident: Incident,
  history: readonly Incident[],
  now: number,
  seenFamilies: readonly string[],
  translate: (m: Msg) => string,
): IncidentEnrichment {
  const { records, families } = knowledgeOf(history, seenFamilies)
  const scope = extractScope(incident, { families })
  const elapsed = minutesOpen(incident, now)
  const estimate = estimateDuration(
    similarityKey(incident, scope),
    records,
    elapsed !== null ? { elapsedMin: elapsed } : {},
  )
  const phrase = phraseEstimate(estimate)
  return {
    models: scope.models,
    modelsNow: scope.modelsNow ?? null,
    allModels: scope.allModels,
    tiers: scope.tiers,
    kind: scope.kind,
    surfacesUnaffected: scope.surfacesUnaffected ?? [],
    // Sub-messages (durations) are translated here: stored views carry plain strings.
    estimate: phrase.key === 'estimateNone' ? null : msg(phrase.key, ...phrase.subs.map(translate)),
  }
}
