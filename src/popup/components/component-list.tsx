import { componentName, statusMessageKey } from '../../shared/core/official.ts'
import type { Component } from '../../shared/core/statuspage/model.ts'
import { tr } from '../../ui/use-i18n.ts'

export interface ComponentListProps {
  components: Component[]
  watched: readonly string[]
  /** Set when the list is the last known state of an unreadable source. */
  staleNote: string | null
}

export function ComponentList({ components, watched, staleNote }: ComponentListProps) {
  const rows = components.filter((c) => !c.isGroup)
  if (!rows.length) return null
  const watchSet = new Set(watched)
  return (
    <section aria-labelledby="components-heading" class="card">
      <h2 id="components-heading">{tr('componentsHeading')}</h2>
      {staleNote && (
        <p class="stale-note" data-testid="stale-note">
          {staleNote}
        </p>
      )}
      <ul class="components" data-testid="components">
        {rows.map((c) => (
          <li key={c.id} class={`status-${c.status}`} data-component-id={c.id} data-status={c.status}>
            <span class="dot" aria-hidden="true" />
            <span class={watchSet.has(c.id) ? 'name watched' : 'name'}>{componentName(c)}</span>
            <span class="state">{tr(statusMessageKey(c.status))}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
