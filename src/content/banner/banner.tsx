import { useEffect, useRef } from 'preact/hooks'
import { COMPONENT_IDS } from '../../shared/components.ts'
import type { Msg } from '../../shared/core/message.ts'
import type { Verdict } from '../../shared/core/verdict/types.ts'
import { clockTime, durationMsg } from '../../ui/format.ts'

export interface BannerProps {
  verdict: Verdict
  now: number
  theme: 'light' | 'dark'
  t: (m: Msg) => string
  onDismiss: () => void
  onSnooze: () => void
}

const TIER_LABEL: Record<string, string> = {
  free: 'Free',
  pro: 'Pro',
  max: 'Max',
  team: 'Team',
  enterprise: 'Enterprise',
  paid: 'Paid plans',
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** The in-page banner. Everything in it is text: incident titles come from the network. */
export function Banner({ verdict, now, theme, t, onDismiss, onSnooze }: BannerProps) {
  const rootRef = useRef<HTMLDivElement>(null)
  const tr = (key: string, ...subs: string[]) => t({ key, subs })

  useEffect(() => {
    const el = rootRef.current
    if (!el) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation()
        onDismiss()
      }
    }
    el.addEventListener('keydown', onKey)
    return () => el.removeEventListener('keydown', onKey)
  }, [onDismiss])

  const outage = verdict.level === 'outage'
  const since =
    verdict.since !== null
      ? tr('bannerSince', clockTime(verdict.since), t(durationMsg(now - verdict.since)))
      : null
  const componentNames = verdict.componentNames.length ? verdict.componentNames : []
  const userModel = verdict.userModel
  const userTier = verdict.userTier
  const linkAdvice = verdict.advice.find((a) => a.kind === 'open-incident' && a.url)
  return (
    <div
      ref={rootRef}
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
      </div>
      {since && <p class="since">{since}</p>}
      {(componentNames.length > 0 || verdict.models.length > 0 || verdict.tiers.length > 0) && (
        <ul class="chips" aria-label={tr('bannerScope')}>
          {componentNames.map((name, i) => (
            <li
              key={`c${i}`}
              class={`chip component${verdict.components[i] === COMPONENT_IDS.claudeAi ? ' yours' : ''}`}
            >
              {name}
            </li>
          ))}
          {verdict.models.map((family) => (
            <li
              key={`m${family}`}
              class={`chip model${family === userModel ? ' yours' : ''}`}
              data-model={family}
            >
              {capitalise(family)}
              {family === userModel && <span class="you">{tr('bannerYours')}</span>}
            </li>
          ))}
          {verdict.tiers.map((tier) => (
            <li key={`t${tier}`} class={`chip tier${tier === userTier ? ' yours' : ''}`} data-tier={tier}>
              {TIER_LABEL[tier] ?? tier}
              {tier === userTier && <span class="you">{tr('bannerYours')}</span>}
            </li>
          ))}
        </ul>
      )}
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
      {verdict.advice.filter((a) => a.kind !== 'open-incident').length > 0 && (
        <>
          <p class="advice-title">{tr('bannerWhatToDo')}</p>
          <ul class="advice">
            {verdict.advice
              .filter((a) => a.kind !== 'open-incident')
              .map((a) => (
                <li key={a.kind} data-advice={a.kind}>
                  {t(a.text)}
                </li>
              ))}
          </ul>
        </>
      )}
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
