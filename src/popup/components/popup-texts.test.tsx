// @vitest-environment happy-dom
// What the popup writes where a raw key, id or exception text used to show.
import { type ComponentChild, render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Incident } from '../../shared/core/statuspage/model.ts'
import { App } from '../app.tsx'
import type { PopupConnector } from '../connector.ts'
import { CrowdPanel } from './crowd-card.tsx'
import { HistoryView } from './history-view.tsx'
import { IncidentDetail } from './incident-detail.tsx'

let root: HTMLElement
afterEach(() => {
  render(null, root)
  root.remove()
})

async function mount(node: ComponentChild): Promise<HTMLElement> {
  root = document.createElement('div')
  document.body.append(root)
  await act(async () => {
    render(node, root)
  })
  return root
}

const NOW = Date.UTC(2026, 10, 26, 12)
const incident: Incident = {
  id: 'inc1',
  name: 'Elevated errors on claude.ai',
  status: 'investigating',
  impact: 'major',
  createdAt: new Date(NOW - 600_000).toISOString(),
  startedAt: new Date(NOW - 600_000).toISOString(),
  monitoringAt: null,
  resolvedAt: null,
  updatedAt: null,
  shortlink: null,
  componentIds: ['rwppv331jlwc'],
  updates: [],
  retroactive: false,
  isMaintenance: false,
  scheduledFor: null,
  scheduledUntil: null,
}

describe('popup texts', () => {
  it('the crowd split names plans and models as users read them', async () => {
    const el = await mount(
      <CrowdPanel
        view={{
          reporters15: 5,
          ratio: 4,
          anomalous: true,
          fetchedAt: NOW,
          byTier: { pro: 3, unknown: 2 },
          byModel: { opus: 4 },
        }}
        now={NOW}
        onReport={async () => true}
        reportState="idle"
      />,
    )
    const splits = [...el.querySelectorAll('.split')].map((p) => p.textContent)
    expect(splits[0]).toMatch(/Pro: 3/)
    expect(splits[0]).not.toMatch(/\bpro: 3/)
    expect(splits[1]).toMatch(/Opus: 4/)
  })

  it('history rows are named before the first status read (no live component list yet)', async () => {
    const el = await mount(<HistoryView history={[]} components={[]} watched={['rwppv331jlwc']} now={NOW} />)
    expect(el.textContent).toContain('claude.ai')
    expect(el.textContent).not.toContain('rwppv331jlwc')
  })

  it('a reminder that could not be set says so', async () => {
    const el = await mount(
      <IncidentDetail
        incident={incident}
        view={null}
        advice={[]}
        userModel={null}
        userModelVersion={null}
        userTier={null}
        now={NOW}
        onBack={() => {}}
        onNotifyWhenResolved={async () => false}
      />,
    )
    expect(el.querySelector('[data-testid="notify-when-resolved-failed"]')).toBeNull()
    await act(async () => {
      el.querySelector<HTMLButtonElement>('[data-testid="notify-when-resolved"]')!.click()
    })
    const alert = el.querySelector('[data-testid="notify-when-resolved-failed"]')
    expect(alert?.getAttribute('role')).toBe('alert')
    expect(alert?.textContent).toMatch(/Couldn’t set the reminder/)
  })

  it('a popup that cannot load its state says so in words, not with the exception’s text', async () => {
    const failing = {
      load: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      subscribe: () => () => {},
    } as unknown as PopupConnector
    const original = console.error
    console.error = () => {}
    try {
      const el = await mount(<App connector={failing} now={() => NOW} />)
      expect(el.textContent).toMatch(/Couldn’t load the status/)
      expect(el.textContent).not.toMatch(/Receiving end/)
    } finally {
      console.error = original
    }
  })
})
