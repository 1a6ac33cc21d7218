import { useRef, useState } from 'preact/hooks'
import { KNOWN_COMPONENT_NAMES } from '../../shared/components.ts'
import { type DayBar, dailyBars } from '../../shared/core/history-bars.ts'
import { componentName, statusMessageKey } from '../../shared/core/official.ts'
import type { Component, Incident } from '../../shared/core/statuspage/model.ts'
import { tr } from '../../ui/use-i18n.ts'

export interface HistoryViewProps {
  history: readonly Incident[]
  components: readonly Component[]
  watched: readonly string[]
  now: number
}

function dayLabel(day: number): string {
  return new Date(day).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
}

/** One day in words: its date, its incidents and the worst state (the bar's label and detail line). */
export function describeDay(bar: DayBar): string {
  const titles = bar.incidents.map((i) => i.title).join('; ')
  const count = bar.incidents.length
  const state =
    bar.state === 'no-data'
      ? tr('historyNoData')
      : count === 0
        ? tr('historyNoIncidents')
        : count === 1
          ? tr('historyIncidentOne', titles)
          : tr('historyIncidents', String(count), titles)
  const status =
    bar.state === 'no-data' || bar.state === 'operational' ? '' : ` (${tr(statusMessageKey(bar.state))})`
  return tr('historyDay', dayLabel(bar.day), state + status)
}

interface RowProps {
  name: string
  componentId: string
  bars: DayBar[]
}

/**
 * One row of 90 bars. A single tab stop (roving tabindex): arrow keys, Home and End move between
 * days; the focused or hovered day's incidents show under the row.
 */
function HistoryRow({ name, componentId, bars }: RowProps) {
  const [active, setActive] = useState<number | null>(null)
  const [focusIndex, setFocusIndex] = useState(bars.length - 1)
  const refs = useRef<(HTMLSpanElement | null)[]>([])
  const move = (to: number) => {
    const next = Math.max(0, Math.min(bars.length - 1, to))
    setFocusIndex(next)
    setActive(next)
    refs.current[next]?.focus()
  }
  const onKey = (e: KeyboardEvent) => {
    const map: Record<string, number> = {
      ArrowLeft: focusIndex - 1,
      ArrowRight: focusIndex + 1,
      Home: 0,
      End: bars.length - 1,
    }
    if (e.key in map) {
      e.preventDefault()
      move(map[e.key]!)
    }
  }
  const shown = active !== null ? bars[active] : null
  return (
    <li class="history-row" data-component-id={componentId}>
      <p class="history-name" id={`history-${componentId}`}>
        {name}
      </p>
      <fieldset
        class="bars"
        aria-labelledby={`history-${componentId}`}
        onKeyDown={onKey}
        onMouseLeave={() => setActive(null)}
      >
        {bars.map((bar, i) => (
          <span
            key={bar.day}
            ref={(el) => {
              refs.current[i] = el
            }}
            role="img"
            class={`bar status-${bar.state}`}
            tabIndex={i === focusIndex ? 0 : -1}
            aria-label={describeDay(bar)}
            data-state={bar.state}
            data-day={new Date(bar.day).toISOString().slice(0, 10)}
            onMouseEnter={() => setActive(i)}
            onFocus={() => {
              setFocusIndex(i)
              setActive(i)
            }}
          />
        ))}
      </fieldset>
      <p class="history-detail" aria-live="polite" data-testid="history-detail">
        {shown ? describeDay(shown) : ''}
      </p>
    </li>
  )
}

export function HistoryView({ history, components, watched, now }: HistoryViewProps) {
  const names = new Map(components.map((c) => [c.id, componentName(c)]))
  return (
    <section class="card" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{tr('historyHeading')}</h2>
      <p class="muted">{tr('historyLegend')}</p>
      <ul class="history-rows">
        {watched.map((id) => (
          <HistoryRow
            key={id}
            componentId={id}
            // Before the first status read there are no live names: the known ones, never a raw id.
            name={names.get(id) ?? KNOWN_COMPONENT_NAMES[id] ?? id}
            bars={dailyBars(history, id, now)}
          />
        ))}
      </ul>
    </section>
  )
}
