import type { Verdict } from '../../shared/core/verdict/types.ts'
import { VerdictScope } from '../../ui/scope-chips.tsx'
import { t, tr } from '../../ui/use-i18n.ts'

export interface VerdictCardProps {
  verdict: Verdict
}

/** The verdict for claude.ai in the same words as the in-page banner. */
export function VerdictCard({ verdict }: VerdictCardProps) {
  if (!verdict.visible && verdict.level === 'ok') return null
  return (
    <section
      class={`card verdict level-${verdict.level === 'limited' || verdict.level === 'offline' ? 'unknown' : verdict.level}`}
      aria-labelledby="verdict-heading"
      data-testid="verdict"
      data-level={verdict.level}
      data-attribution={verdict.attribution}
    >
      <h2 id="verdict-heading">{tr('verdictHeading')}</h2>
      <p class="verdict-headline" data-testid="verdict-headline">
        <span class="dot" aria-hidden="true" /> {t(verdict.headline)}
      </p>
      <VerdictScope verdict={verdict} label={tr('bannerScope')} t={t} />
      {verdict.details.map((d, i) => (
        <p key={`d${i}`} class="verdict-detail">
          {t(d)}
        </p>
      ))}
      {verdict.estimate && <p class="verdict-detail">{t(verdict.estimate)}</p>}
      {verdict.crowdLine && <p class="verdict-detail">{t(verdict.crowdLine)}</p>}
      {verdict.advice.length > 0 && (
        <ul class="advice">
          {verdict.advice.map((a) =>
            a.url ? (
              <li key={a.kind}>
                <a href={a.url} target="_blank" rel="noreferrer noopener">
                  {t(a.text)}
                </a>
              </li>
            ) : (
              <li key={a.kind}>{t(a.text)}</li>
            ),
          )}
        </ul>
      )}
    </section>
  )
}
