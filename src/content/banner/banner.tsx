import type { Msg } from '../../shared/core/message.ts'
import type { Verdict } from '../../shared/core/verdict/types.ts'
import { durationMsg, momentText } from '../../ui/format.ts'
import { VerdictScope } from '../../ui/scope-chips.tsx'

export interface BannerProps {
  verdict: Verdict
  now: number
  theme: 'light' | 'dark'
  t: (m: Msg) => string
  /** Headline, time and actions only: the user folded the rest away (it can cover the chat). */
  collapsed: boolean
  onToggle: () => void
  onDismiss: () => void
  onSnooze: () => void
}

/** The in-page banner. Everything in it is text: incident titles come from the network. */
export function Banner({ verdict, now, theme, t, collapsed, onToggle, onDismiss, onSnooze }: BannerProps) {
  const tr = (key: string, ...subs: string[]) => t({ key, subs })

  const outage = verdict.level === 'outage'
  const since =
    verdict.since !== null
      ? tr('bannerSince', momentText(verdict.since, now), t(durationMsg(now - verdict.since)))
      : null
  const linkAdvice = verdict.advice.find((a) => a.kind === 'open-incident' && a.url)
  // The incident link sits with the actions; the list holds the rest.
  const listedAdvice = verdict.advice.filter((a) => a.kind !== 'open-incident')
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keydown bubbles up from the banner's own buttons and link; the container only listens for Escape.
    <div
      // Escape anywhere inside the banner dismisses it (keyboard users need not hunt for the button).
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.stopPropagation()
        onDismiss()
      }}
      class={`banner level-${verdict.level} theme-${theme}`}
      // alert (assertive) only for an outage; everything else is a polite status (implied live regions).
      role={outage ? 'alert' : 'status'}
      data-testid="banner"
    >
      <div class="top">
        <span class="mark" aria-hidden="true" />
        <p class="headline" id="icd-headline">
          {t(verdict.headline)}
        </p>
        <button
          type="button"
          class="toggle"
          onClick={onToggle}
          aria-expanded={!collapsed}
          aria-controls="icd-more"
          data-testid="banner-toggle"
        >
          {tr(collapsed ? 'bannerMore' : 'bannerLess')}
        </button>
      </div>
      {since && <p class="since">{since}</p>}
      <div id="icd-more" hidden={collapsed}>
        <VerdictScope verdict={verdict} label={tr('bannerScope')} t={t} />
        {verdict.details.map((d, i) => (
          <p key={`d${i}`} class="detail">
            {t(d)}
          </p>
        ))}
        {verdict.estimate && <p class="detail estimate">{t(verdict.estimate)}</p>}
        {verdict.crowdLine && (
          <p class="detail crowd" data-testid="crowd-line">
            {t(verdict.crowdLine)}
          </p>
        )}
        {listedAdvice.length > 0 && (
          <>
            <p class="advice-title">{tr('bannerWhatToDo')}</p>
            <ul class="advice">
              {listedAdvice.map((a) => (
                <li key={a.kind} data-advice={a.kind}>
                  {t(a.text)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div class="actions">
        {linkAdvice?.url && (
          <a href={linkAdvice.url} target="_blank" rel="noreferrer noopener" class="link">
            {t(linkAdvice.text)}
          </a>
        )}
        <button type="button" onClick={onSnooze} data-testid="banner-snooze">
          {tr('bannerSnooze')}
        </button>
        <button
          type="button"
          onClick={onDismiss}
          data-testid="banner-dismiss"
          aria-label={tr('bannerDismissLabel')}
        >
          {tr('bannerDismiss')}
        </button>
      </div>
    </div>
  )
}
