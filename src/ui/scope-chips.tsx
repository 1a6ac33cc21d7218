// Scope as chips — components, models, tiers — with the user's own model and tier marked. Shared by
// the in-page banner and the popup (each styles `.chip` in its own stylesheet).
import { COMPONENT_IDS } from '../shared/components.ts'
import type { Msg } from '../shared/core/message.ts'
import type { Verdict } from '../shared/core/verdict/types.ts'

export interface ScopeChipsProps {
  componentIds: readonly string[]
  componentNames: readonly string[]
  /** Lowercase families, each optionally followed by a version ("sonnet", "sonnet 4.5"). */
  models: readonly string[]
  tiers: readonly string[]
  allModels?: boolean
  userModel: string | null
  /**
   * The version of the user's model, when known. A chip with a version is the user's only when the
   * versions match, as the verdict decides ("Opus 4.6" is not yours on Opus 4.1).
   */
  userModelVersion?: string | null
  userTier: string | null
  /** The component the user is on (claude.ai), marked like their model and tier. */
  userComponent?: string
  label: string
  t: (m: Msg) => string
}

const TIER_KEY: Record<string, string> = {
  free: 'tierFree',
  pro: 'tierPro',
  max: 'tierMax',
  team: 'tierTeam',
  enterprise: 'tierEnterprise',
  paid: 'tierPaid',
}

/** A plan's name as the user reads it ("Pro"); an unknown word as it is. */
export function tierLabel(tier: string, t: (m: Msg) => string): string {
  const key = TIER_KEY[tier]
  return key ? t({ key }) : tier
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

export function ScopeChips(p: ScopeChipsProps) {
  const yours = p.t({ key: 'bannerYours' })
  if (!p.componentNames.length && !p.models.length && !p.tiers.length && !p.allModels) return null
  return (
    <ul class="chips" aria-label={p.label}>
      {p.componentNames.map((name, i) => (
        <li
          key={`c${p.componentIds[i]}`}
          class={`chip component${p.componentIds[i] === p.userComponent ? ' yours' : ''}`}
        >
          {name}
        </li>
      ))}
      {p.allModels && <li class="chip model">{p.t({ key: 'chipAllModels' })}</li>}
      {p.models.map((model) => {
        const [family, version] = model.split(' ', 2)
        const mine = family === p.userModel && (version === undefined || version === p.userModelVersion)
        return (
          <li key={`m${model}`} class={`chip model${mine ? ' yours' : ''}`} data-model={model}>
            {capitalise(model)}
            {mine && <span class="you"> {yours}</span>}
          </li>
        )
      })}
      {p.tiers.map((tier) => (
        <li key={`t${tier}`} class={`chip tier${tier === p.userTier ? ' yours' : ''}`} data-tier={tier}>
          {tierLabel(tier, p.t)}
          {tier === p.userTier && <span class="you"> {yours}</span>}
        </li>
      ))}
    </ul>
  )
}

export interface VerdictScopeProps {
  verdict: Pick<
    Verdict,
    'components' | 'componentNames' | 'models' | 'tiers' | 'userModel' | 'userModelInScope' | 'userTier'
  >
  label: string
  t: (m: Msg) => string
}

/** A verdict's scope, with the user's model, plan and claude.ai marked: banner and popup alike. */
export function VerdictScope({ verdict, label, t }: VerdictScopeProps) {
  return (
    <ScopeChips
      componentIds={verdict.components}
      componentNames={verdict.componentNames}
      models={verdict.models}
      tiers={verdict.tiers}
      // Chips here are families; the verdict knows whether the user's version is the one named.
      userModel={verdict.userModelInScope === false ? null : verdict.userModel}
      userTier={verdict.userTier}
      userComponent={COMPONENT_IDS.claudeAi}
      label={label}
      t={t}
    />
  )
}
