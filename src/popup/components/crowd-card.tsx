import type { CrowdView } from '../../shared/core/verdict/types.ts'
import { crowdLineMsg } from '../../shared/core/verdict/verdict.ts'
import type { Report } from '../../shared/crowd/report.ts'
import { CrowdConsent } from '../../ui/crowd-consent.tsx'
import { capitalise, tierLabel } from '../../ui/scope-chips.tsx'
import { t, tr } from '../../ui/use-i18n.ts'

export interface CrowdFirstRunProps {
  loadPreview: () => Promise<Report>
  onEnable: () => void
  onDismiss: () => void
}

/** Shown once, until the user decides: crowd reports are off by default. */
export function CrowdFirstRun({ loadPreview, onEnable, onDismiss }: CrowdFirstRunProps) {
  return (
    <section class="card" aria-labelledby="crowd-first-run-heading" data-testid="crowd-first-run">
      <h2 id="crowd-first-run-heading">{tr('crowdCardHeading')}</h2>
      <CrowdConsent loadPreview={loadPreview} />
      <div class="row-actions">
        <button type="button" onClick={onEnable} data-testid="crowd-enable">
          {tr('crowdEnable')}
        </button>
        <button type="button" onClick={onDismiss} data-testid="crowd-dismiss">
          {tr('crowdNoThanks')}
        </button>
      </div>
    </section>
  )
}

export interface CrowdPanelProps {
  view: CrowdView | null
  now: number
  onReport: () => Promise<boolean>
  reportState: 'idle' | 'sending' | 'sent' | 'failed'
}

function Sparkline({ buckets }: { buckets: number[] }) {
  const max = Math.max(1, ...buckets)
  const w = 120
  const h = 28
  const step = w / Math.max(1, buckets.length)
  return (
    <svg
      class="sparkline"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={tr('crowdSparklineLabel', buckets.join(', '))}
    >
      {buckets.map((v, i) => (
        <rect
          key={i}
          x={i * step + 1}
          width={step - 2}
          y={h - (v / max) * (h - 2)}
          height={(v / max) * (h - 2)}
        />
      ))}
    </svg>
  )
}

function Split({
  title,
  counts,
  label,
}: {
  title: string
  counts: Record<string, number> | undefined
  /** The name a user reads for a key of `counts` ("Pro" for `pro`, "Opus" for `opus`). */
  label: (key: string) => string
}) {
  const entries = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1])
  if (!entries.length) return null
  return (
    <p class="split">
      <span class="split-title">{title}</span>{' '}
      {entries.map(([k, v]) => `${k === 'unknown' ? tr('splitUnknown') : label(k)}: ${v}`).join(' · ')}
    </p>
  )
}

export function CrowdPanel({ view, now, onReport, reportState }: CrowdPanelProps) {
  return (
    <section class="card" aria-labelledby="crowd-heading" data-testid="crowd-panel">
      <h2 id="crowd-heading">{tr('crowdHeading')}</h2>
      {view ? (
        <>
          <p data-testid="crowd-summary" data-anomalous={String(view.anomalous)}>
            {t(crowdLineMsg(view))} {view.anomalous ? tr('crowdSpike') : tr('crowdNoSpike')}
          </p>
          {view.buckets && <Sparkline buckets={view.buckets} />}
          <Split title={tr('crowdByTier')} counts={view.byTier} label={(tier) => tierLabel(tier, t)} />
          <Split title={tr('crowdByModel')} counts={view.byModel} label={capitalise} />
          <p class="muted">{t({ key: 'crowdAge', duration: Math.max(0, now - view.fetchedAt) })}</p>
        </>
      ) : (
        <p class="muted">{tr('crowdNoData')}</p>
      )}
      <div class="row-actions">
        <button
          type="button"
          onClick={() => void onReport()}
          disabled={reportState === 'sending'}
          data-testid="report-problem"
        >
          {tr('crowdReportProblem')}
        </button>
        <span role="status" class="muted" data-testid="report-state">
          {reportState === 'sent'
            ? tr('crowdReportSent')
            : reportState === 'failed'
              ? tr('crowdReportFailed')
              : ''}
        </span>
      </div>
    </section>
  )
}
