// The official state as the claude.ai page needs it, computed once in the background (where the
// scope extractor and the duration estimator live) and stored for content scripts and the popup.
import { COMPONENT_IDS, KNOWN_COMPONENT_NAMES } from '../components.ts'
import type { Incident, SourceHealth, StatusSnapshot } from './statuspage/model.ts'
import type { OfficialIncidentView, OfficialView } from './verdict/types.ts'

/** What reading the incident text (and the history) adds to the structured fields. */
export type IncidentEnrichment = Pick<
  OfficialIncidentView,
  'models' | 'modelsNow' | 'allModels' | 'tiers' | 'kind' | 'surfacesUnaffected' | 'estimate'
>

/** Structured fields only: what is known without reading the incident text. */
export const structuredOnly = (_incident: Incident): IncidentEnrichment => ({
  models: [],
  modelsNow: null,
  allModels: false,
  tiers: [],
  kind: 'other',
  surfacesUnaffected: [],
  estimate: null,
})

const IMPACT_RANK: Record<string, number> = {
  critical: 4,
  major: 3,
  minor: 2,
  none: 1,
  unknown: 0,
  maintenance: 0,
}

export function incidentLink(incident: Pick<Incident, 'id' | 'shortlink'>, statusBase: string): string {
  return incident.shortlink ?? `${statusBase}/incidents/${encodeURIComponent(incident.id)}`
}

export function buildOfficialView(
  snapshot: StatusSnapshot | null,
  health: SourceHealth,
  statusBase: string,
  enrich: (incident: Incident) => IncidentEnrichment = structuredOnly,
): OfficialView {
  const claudeAi = COMPONENT_IDS.claudeAi
  const names = new Map(snapshot?.components.map((c) => [c.id, c.name]) ?? [])
  const relevant = (i: Incident) => i.componentIds.length === 0 || i.componentIds.includes(claudeAi)
  const view = (i: Incident): OfficialIncidentView => ({
    id: i.id,
    title: i.name,
    impact: i.impact,
    status: i.status,
    url: incidentLink(i, statusBase),
    startedAt: i.startedAt,
    componentIds: i.componentIds,
    componentNames: i.componentIds.map((id) => names.get(id) ?? KNOWN_COMPONENT_NAMES[id] ?? id),
    ...enrich(i),
  })
  const open = [...(snapshot?.incidents ?? [])].sort(
    (a, b) => (IMPACT_RANK[b.impact] ?? 0) - (IMPACT_RANK[a.impact] ?? 0),
  )
  const incidents = open.filter(relevant).map(view)
  const others = open.filter((i) => !relevant(i)).map(view)
  const maintenance = (snapshot?.maintenances ?? []).find(
    (m) => (m.status === 'in_progress' || m.status === 'verifying') && relevant(m),
  )
  return {
    fetchedAt: snapshot?.fetchedAt ?? null,
    health,
    fresh: health.state === 'ok' && snapshot !== null,
    claudeAiStatus: snapshot?.components.find((c) => c.id === claudeAi)?.status ?? null,
    incidents,
    others,
    maintenance: maintenance
      ? {
          id: maintenance.id,
          title: maintenance.name,
          url: incidentLink(maintenance, statusBase),
          until: maintenance.scheduledUntil,
        }
      : null,
  }
}
