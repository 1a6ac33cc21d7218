import { modelLabel } from '../../shared/core/models.ts'
import type { Observation } from '../../shared/core/observe/observation.ts'
import { clockTime } from '../../ui/format.ts'
import { tr } from '../../ui/use-i18n.ts'

export interface RecentErrorsProps {
  observations: readonly Observation[]
  now: number
}

const HOUR_MS = 60 * 60_000
/** Outcomes that are not errors the user would want listed. */
const NOT_ERRORS = new Set(['success', 'aborted'])

export function RecentErrors({ observations, now }: RecentErrorsProps) {
  const errors = observations
    .filter((o) => !NOT_ERRORS.has(o.kind) && now - o.at <= HOUR_MS)
    .sort((a, b) => b.at - a.at)
    .slice(0, 20)
  return (
    <section class="card" aria-labelledby="recent-errors-heading">
      <h2 id="recent-errors-heading">{tr('recentErrorsHeading')}</h2>
      {errors.length === 0 ? (
        <p class="muted" data-testid="recent-errors-empty">
          {tr('recentErrorsNone')}
        </p>
      ) : (
        <ul class="recent-errors" data-testid="recent-errors">
          {errors.map((o) => (
            <li key={o.id} data-kind={o.kind}>
              <time dateTime={new Date(o.at).toISOString()}>{clockTime(o.at)}</time>
              <span class="kind">
                {tr(`kind_${o.kind}`)}
                {o.status ? ` (${o.status})` : ''}
              </span>
              <span class="model">{o.model ? modelLabel(o.model) : tr('modelUnknown')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
