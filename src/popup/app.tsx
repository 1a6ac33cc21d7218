import { useCallback, useEffect, useState } from 'preact/hooks'
import { effectiveHealth, headlineFor, officialState } from '../shared/core/official.ts'
import type { Incident } from '../shared/core/statuspage/model.ts'
import { adviceContext, computeVerdict, incidentAdvice } from '../shared/core/verdict/verdict.ts'
import { t, tr } from '../ui/use-i18n.ts'
import { ComponentList } from './components/component-list.tsx'
import { CrowdFirstRun, CrowdPanel } from './components/crowd-card.tsx'
import { HistoryView } from './components/history-view.tsx'
import { IncidentDetail } from './components/incident-detail.tsx'
import { IncidentList } from './components/incident-list.tsx'
import { RecentErrors } from './components/recent-errors.tsx'
import { StatusHeader } from './components/status-header.tsx'
import { VerdictCard } from './components/verdict-card.tsx'
import type { PopupConnector, PopupData } from './connector.ts'

export interface AppProps {
  connector: PopupConnector
  now?: () => number
}

/** How often relative times ("checked 12 s ago") are re-rendered. */
const CLOCK_TICK_MS = 1000

export function App({ connector, now = Date.now }: AppProps) {
  const [data, setData] = useState<PopupData | null>(null)
  const [clock, setClock] = useState(now())
  const [refreshing, setRefreshing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [tab, setTab] = useState<'now' | 'history'>('now')
  const [detailId, setDetailId] = useState<string | null>(null)
  const [reportState, setReportState] = useState<'idle' | 'sending' | 'sent' | 'failed'>('idle')
  const crowdOn = data?.settings.crowd.enabled ?? false
  useEffect(() => {
    if (!crowdOn) return
    // While the popup is open the crowd summary is read every minute.
    void connector.crowdActive().catch(() => {})
    const timer = setInterval(() => void connector.crowdActive().catch(() => {}), 60_000)
    return () => clearInterval(timer)
  }, [connector, crowdOn])
  const onReport = useCallback(async () => {
    setReportState('sending')
    const ok = await connector.reportProblem().catch(() => false)
    setReportState(ok ? 'sent' : 'failed')
    return ok
  }, [connector])

  const reload = useCallback(() => {
    connector.load().then(setData, (e: unknown) => {
      // The details are for developers; the user gets a sentence (the worker may be restarting).
      console.error('popup: loading the stored state failed', e)
      setError(tr('popupLoadFailed'))
    })
  }, [connector])

  useEffect(() => {
    reload()
    const unsubscribe = connector.subscribe(reload)
    const timer = setInterval(() => setClock(now()), CLOCK_TICK_MS)
    return () => {
      unsubscribe()
      clearInterval(timer)
    }
  }, [connector, reload, now])

  const onRefresh = useCallback(() => {
    setRefreshing(true)
    setError(null)
    connector
      .refresh()
      .catch((e: unknown) => {
        console.error('popup: refresh failed', e)
        setError(tr('refreshFailed'))
      })
      .finally(() => {
        setRefreshing(false)
        setClock(now())
      })
  }, [connector, now])

  if (!data) return <main class="popup loading">{error ?? tr('loading')}</main>

  const { status, settings } = data
  const health = effectiveHealth(status.health, status.lastSuccessAt, clock)
  const official = officialState(status.snapshot, health, settings.watchedComponents, clock)
  const { headline, detail } = headlineFor(official, t)
  const verdict = computeVerdict({
    now: clock,
    official: data.officialView,
    observations: data.observations,
    account: { tier: data.account.tier, availableModels: data.account.availableModels },
    crowd: data.crowd,
    online: null,
  })
  const checkedAgo = status.lastAttemptAt === null ? null : clock - status.lastAttemptAt
  const staleNote =
    !official.fresh && official.ageMs !== null ? t({ key: 'lastKnownState', duration: official.ageMs }) : null

  const views = [...data.officialView.incidents, ...data.officialView.others]
  const selected = detailId ? (status.snapshot?.incidents.find((i) => i.id === detailId) ?? null) : null
  if (selected) {
    const view = views.find((v) => v.id === selected.id) ?? null
    return (
      <main class="popup">
        <IncidentDetail
          incident={selected}
          view={view}
          advice={
            view
              ? incidentAdvice(
                  view,
                  adviceContext({ now: clock, observations: data.observations, account: data.account }),
                )
              : []
          }
          userModel={verdict.userModel}
          userModelVersion={verdict.userModelVersion}
          userTier={data.account.tier === 'unknown' ? null : data.account.tier}
          now={clock}
          onBack={() => setDetailId(null)}
          onNotifyWhenResolved={(id) => connector.notifyWhenResolved(id)}
        />
      </main>
    )
  }

  return (
    <main class="popup" data-health={health.state}>
      <StatusHeader
        level={official.level}
        headline={headline}
        detail={detail}
        checkedAgoMs={checkedAgo}
        refreshing={refreshing}
        onRefresh={onRefresh}
      />
      {health.state !== 'ok' && (
        <p class="source-problem" role="status" data-testid="source-health" data-state={health.state}>
          {tr(`health_${health.state}`, health.reason ? t(health.reason) : '')}
        </p>
      )}
      {error && (
        <p class="source-problem" role="alert">
          {error}
        </p>
      )}
      <div class="tabs" role="tablist" aria-label={tr('extName')}>
        {(['now', 'history'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            data-testid={`tab-${name}`}
            onClick={() => setTab(name)}
          >
            {tr(name === 'now' ? 'tabNow' : 'tabHistory')}
          </button>
        ))}
      </div>
      {tab === 'now' ? (
        <div role="tabpanel" id="panel-now" aria-labelledby="tab-now" class="panel">
          <VerdictCard verdict={verdict} />
          <IncidentList
            incidents={status.snapshot?.incidents ?? []}
            now={clock}
            onSelect={(i: Incident) => setDetailId(i.id)}
          />
          <ComponentList
            components={status.snapshot?.components ?? []}
            watched={settings.watchedComponents}
            staleNote={staleNote}
          />
          <RecentErrors observations={data.observations} now={clock} />
          {settings.crowd.enabled && (
            <CrowdPanel view={data.crowd} now={clock} onReport={onReport} reportState={reportState} />
          )}
          {!settings.crowd.enabled && !data.crowdCardDismissed && (
            <CrowdFirstRun
              loadPreview={connector.previewCrowdReport}
              onEnable={() => void connector.setCrowdEnabled(true)}
              onDismiss={() => void connector.dismissCrowdCard()}
            />
          )}
        </div>
      ) : (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" class="panel">
          <HistoryView
            history={data.history}
            components={status.snapshot?.components ?? []}
            watched={settings.watchedComponents}
            now={clock}
          />
        </div>
      )}
      <footer class="popup-footer">
        <button type="button" class="link-button" onClick={() => void connector.openOptions()}>
          {tr('openSettings')}
        </button>
      </footer>
    </main>
  )
}
