import { useState } from 'preact/hooks'
import { COMPONENT_IDS } from '../../shared/components.ts'
import type { Incident } from '../../shared/core/statuspage/model.ts'
import type { Advice, OfficialIncidentView } from '../../shared/core/verdict/types.ts'
import { dateTime, durationMsg } from '../../ui/format.ts'
import { ScopeChips } from '../../ui/scope-chips.tsx'
import { t, tr } from '../../ui/use-i18n.ts'

export interface IncidentDetailProps {
  incident: Incident
  /** Scope and estimate computed by the background; null while it has not been computed yet. */
  view: OfficialIncidentView | null
  advice: Advice[]
  userModel: string | null
  userModelVersion: string | null
  userTier: string | null
  now: number
  onBack: () => void
  onNotifyWhenResolved: (incidentId: string) => Promise<boolean>
}

const TIMELINE_BODY_CHARS = 1200

export function IncidentDetail(p: IncidentDetailProps) {
  const [watching, setWatching] = useState<'idle' | 'done' | 'failed'>('idle')
  const { incident, view } = p
  const start = Date.parse(incident.startedAt ?? incident.createdAt ?? '')
  const open = Number.isFinite(start) ? Math.max(0, p.now - start) : null
  return (
    <section class="incident-detail" aria-labelledby="incident-detail-title" data-testid="incident-detail">
      <button type="button" class="link-button" onClick={p.onBack} data-testid="back">
        ← {tr('back')}
      </button>
      <h2 id="incident-detail-title" class="incident-title">
        {incident.name}
      </h2>
      <p class="incident-meta">
        {tr(`impact_${incident.impact}`)} · {tr(`incidentStatus_${incident.status}`)}
        {view && ` · ${tr('incidentKindLabel', tr(`incidentKind_${view.kind}`))}`}
      </p>
      {open !== null && (
        <p class="incident-meta" data-testid="incident-elapsed">
          {tr('incidentElapsed', t(durationMsg(open)), dateTime(start))}
        </p>
      )}
      {view && (
        <>
          <h3>{tr('incidentScope')}</h3>
          <div
            data-testid="incident-scope"
            data-models={view.models.map((m) => m.family).join(',')}
            data-tiers={view.tiers.join(',')}
          >
            <ScopeChips
              componentIds={view.componentIds}
              componentNames={view.componentNames}
              models={[
                ...new Set(view.models.map((m) => (m.version ? `${m.family} ${m.version}` : m.family))),
              ]}
              tiers={view.tiers}
              allModels={view.allModels}
              userModel={p.userModel}
              userModelVersion={p.userModelVersion}
              userTier={p.userTier}
              userComponent={COMPONENT_IDS.claudeAi}
              label={tr('incidentScope')}
              t={t}
            />
          </div>
          {view.estimate && (
            <p class="estimate" data-testid="incident-estimate">
              {t(view.estimate)}
            </p>
          )}
        </>
      )}
      {p.advice.length > 0 && (
        <>
          <h3>{tr('incidentAdvice')}</h3>
          <ul class="advice" data-testid="incident-advice">
            {p.advice.map((a) => (
              <li key={a.kind} data-advice={a.kind}>
                {a.url ? (
                  <a href={a.url} target="_blank" rel="noreferrer noopener">
                    {t(a.text)}
                  </a>
                ) : (
                  t(a.text)
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        {watching === 'done' ? (
          <span role="status">{tr('notifyWhenResolvedDone')}</span>
        ) : (
          <button
            type="button"
            data-testid="notify-when-resolved"
            onClick={() =>
              p.onNotifyWhenResolved(incident.id).then(
                (ok) => setWatching(ok ? 'done' : 'failed'),
                () => setWatching('failed'),
              )
            }
          >
            {tr('notifyWhenResolved')}
          </button>
        )}
        {watching === 'failed' && (
          <span role="alert" class="error" data-testid="notify-when-resolved-failed">
            {' '}
            {tr('notifyWhenResolvedFailed')}
          </span>
        )}
      </p>
      <h3>{tr('incidentTimeline')}</h3>
      <ol class="timeline" data-testid="incident-timeline">
        {incident.updates.map((u) => (
          <li key={u.id || u.at}>
            <p class="timeline-head">
              <strong>{tr(`incidentStatus_${u.status}`)}</strong>
              {u.at && <time dateTime={u.at}> · {dateTime(u.at)}</time>}
            </p>
            {/* Update bodies are network data: always rendered as text. */}
            <p class="timeline-body">
              {u.body.length > TIMELINE_BODY_CHARS ? `${u.body.slice(0, TIMELINE_BODY_CHARS)}…` : u.body}
            </p>
          </li>
        ))}
      </ol>
    </section>
  )
}
