// Scope and duration estimate of an open incident, from its text and the incident history.
import { type IncidentEnrichment, structuredOnly } from '../shared/core/official-view.ts'
import type { Incident } from '../shared/core/statuspage/model.ts'

export function enrichIncident(
  incident: Incident,
  _history: readonly Incident[],
  _now: number,
): IncidentEnrichment {
  return structuredOnly(incident)
}
