// @vitest-environment happy-dom
import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { Msg } from '../shared/core/message.ts'
import { ScopeChips, type ScopeChipsProps, VerdictScope } from './scope-chips.tsx'

const t = (m: Msg) => (m.key === 'bannerYours' ? '(yours)' : m.key)
let root: HTMLElement
afterEach(() => {
  render(null, root)
  root.remove()
})

function chips(props: Partial<ScopeChipsProps>): { text: string; yours: boolean }[] {
  root = document.createElement('div')
  document.body.append(root)
  render(
    <ScopeChips
      componentIds={[]}
      componentNames={[]}
      models={[]}
      tiers={[]}
      userModel={null}
      userTier={null}
      label="scope"
      t={t}
      {...props}
    />,
    root,
  )
  return [...root.querySelectorAll('.chip')].map((c) => ({
    text: c.textContent ?? '',
    yours: c.classList.contains('yours'),
  }))
}

describe('scope chips', () => {
  it('mark the user’s model when the chips carry versions (the incident detail’s form)', () => {
    expect(
      chips({ models: ['opus 4.6', 'sonnet 4.5'], userModel: 'sonnet', userModelVersion: '4.5' }),
    ).toEqual([
      { text: 'Opus 4.6', yours: false },
      { text: 'Sonnet 4.5 (yours)', yours: true },
    ])
  })

  it('another version of the user’s family is not theirs, as the verdict decides', () => {
    expect(chips({ models: ['opus 4.6'], userModel: 'opus', userModelVersion: '4.1' })).toEqual([
      { text: 'Opus 4.6', yours: false },
    ])
    // Version unknown: not claimed either (the verdict's scope check needs the version too).
    expect(chips({ models: ['opus 4.6'], userModel: 'opus', userModelVersion: null })).toEqual([
      { text: 'Opus 4.6', yours: false },
    ])
  })

  it('mark the user’s model and tier when the chips are bare families and plans (the banner’s form)', () => {
    expect(
      chips({ models: ['haiku', 'sonnet'], tiers: ['free', 'pro'], userModel: 'sonnet', userTier: 'pro' }),
    ).toEqual([
      { text: 'Haiku', yours: false },
      { text: 'Sonnet (yours)', yours: true },
      { text: 'tierFree', yours: false },
      { text: 'tierPro (yours)', yours: true },
    ])
  })

  it('a family that only starts like the user’s is not theirs', () => {
    expect(chips({ models: ['sonnetx 1'], userModel: 'sonnet' })).toEqual([
      { text: 'Sonnetx 1', yours: false },
    ])
  })
})

describe('a verdict’s scope', () => {
  it('does not mark the family chip as the user’s when the verdict says their version is not named', () => {
    root = document.createElement('div')
    document.body.append(root)
    const verdict = {
      components: [],
      componentNames: [],
      models: ['opus'],
      tiers: [],
      userModel: 'opus',
      userTier: 'pro' as const,
    }
    render(<VerdictScope verdict={{ ...verdict, userModelInScope: false }} label="scope" t={t} />, root)
    expect(root.querySelector('.chip.yours')).toBeNull()
    render(<VerdictScope verdict={{ ...verdict, userModelInScope: true }} label="scope" t={t} />, root)
    expect(root.querySelector('.chip.yours')?.textContent).toBe('Opus (yours)')
  })
})
