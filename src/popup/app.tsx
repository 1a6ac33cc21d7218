import { useCallback, useEffect, useState } from 'preact/hooks'
import { effectiveHealth, headlineFor, minutesOf, officialState } from '../shared/core/official.ts'
import { computeVerdict } from '../shared/core/verdict/verdict.ts'
import { t, tr } from '../ui/use-i18n.ts'
import { ComponentList } from './components/component-list.tsx'
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

  const reload = useCallback(() => {
    connector.load().then(setData, (e: unknown) => setError(String(e)))
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
      .catch((e: unknown) => setError(String(e)))
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
    !official.fresh && official.ageMs !== null ? tr('lastKnownState', minutesOf(official.ageMs)) : null

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
          {tr(`health_${health.state}`, health.reason ?? '')}
        </p>
      )}
      {error && (
        <p class="source-problem" role="alert">
          {error}
        </p>
      )}
      <VerdictCard verdict={verdict} />
      <IncidentList incidents={status.snapshot?.incidents ?? []} now={clock} />
      <ComponentList
        components={status.snapshot?.components ?? []}
        watched={settings.watchedComponents}
        staleNote={staleNote}
      />
      <RecentErrors observations={data.observations} now={clock} />
      <footer class="popup-footer">
        <button type="button" class="link-button" onClick={() => void connector.openOptions()}>
          {tr('openSettings')}
        </button>
      </footer>
    </main>
  )
}
