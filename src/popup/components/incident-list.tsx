import { STATUS_BASE } from '../../shared/config.ts'
import { incidentLink } from '../../shared/core/official-view.ts'
import type { Incident } from '../../shared/core/statuspage/model.ts'
import { durationMsg } from '../../ui/format.ts'
import { t, tr } from '../../ui/use-i18n.ts'

export interface IncidentListProps {
  incidents: Incident[]
  now: number
  onSelect?: (incident: Incident) => void
}

const LATEST_UPDATE_CHARS = 400

function openFor(incident: Incident, now: number): number | null {
  const start = Date.parse(incident.startedAt ?? incident.createdAt ?? '')
  return Number.isFinite(start) ? Math.max(0, now - start) : null
}

export function IncidentList({ incidents, now, onSelect }: IncidentListProps) {
  if (!incidents.length) return null
  return (
    <section aria-labelledby="incidents-heading" class="card">
      <h2 id="incidents-heading">{tr('incidentsHeading')}</h2>
      <ul class="incidents" data-testid="incidents">
        {incidents.map((incident) => {
          const latest = incident.updates[0]
          const open = openFor(incident, now)
          const body = latest?.body ?? ''
          return (
            <li key={incident.id} class="incident" data-incident-id={incident.id}>
              {/* Incident text is data from the network: rendered as text, never as HTML. */}
              <h3 class="incident-title" data-testid="incident-title">
                {incident.name}
              </h3>
              <p class="incident-meta">
                <span data-testid="incident-impact">{tr(`impact_${incident.impact}`)}</span>
                {' · '}
                <span data-testid="incident-status">{tr(`incidentStatus_${incident.status}`)}</span>
                {open !== null && (
                  <>
                    {' · '}
                    <span data-testid="incident-open-for">{tr('openFor', t(durationMsg(open)))}</span>
                  </>
                )}
              </p>
              {body && (
                <p class="incident-update" data-testid="incident-latest-update">
                  {body.length > LATEST_UPDATE_CHARS ? `${body.slice(0, LATEST_UPDATE_CHARS)}…` : body}
                </p>
              )}
              <p class="incident-links">
                <a
                  href={incidentLink(incident, STATUS_BASE)}
                  target="_blank"
                  rel="noreferrer noopener"
                  data-testid="incident-link"
                >
                  {tr('openIncidentPage')}
                </a>
                {onSelect && (
                  <button type="button" class="link-button" onClick={() => onSelect(incident)}>
                    {tr('incidentDetails')}
                  </button>
                )}
              </p>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
