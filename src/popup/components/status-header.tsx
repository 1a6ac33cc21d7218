import type { Msg } from '../../shared/core/message.ts'
import type { OfficialLevel } from '../../shared/core/official.ts'
import { durationMsg } from '../../ui/format.ts'
import { t, tr } from '../../ui/use-i18n.ts'

export interface StatusHeaderProps {
  level: OfficialLevel
  headline: Msg
  detail: Msg
  /** ms since the last check attempt; null if never checked. */
  checkedAgoMs: number | null
  refreshing: boolean
  onRefresh: () => void
}

export function StatusHeader({
  level,
  headline,
  detail,
  checkedAgoMs,
  refreshing,
  onRefresh,
}: StatusHeaderProps) {
  return (
    <header class={`status-header level-${level}`} data-testid="status-header" data-level={level}>
      {/* This header is Anthropic's view. Without the label, "Claude is up" sat right above our own
          "Claude is failing for you" and read as a contradiction. */}
      <p class="source" data-testid="status-source">
        {tr('statusHeaderSource')}
      </p>
      <div class="headline-row">
        <span class="dot big" aria-hidden="true" />
        <h1 class="headline" data-testid="headline" aria-live="polite">
          {t(headline)}
        </h1>
      </div>
      <p class="detail" data-testid="detail">
        {t(detail)}
      </p>
      <div class="checked-row">
        <span data-testid="checked-ago">
          {checkedAgoMs === null ? tr('checkedNever') : tr('checkedAgo', t(durationMsg(checkedAgoMs)))}
        </span>
        <button type="button" onClick={onRefresh} disabled={refreshing} data-testid="refresh">
          {refreshing ? tr('refreshing') : tr('refresh')}
        </button>
      </div>
    </header>
  )
}
