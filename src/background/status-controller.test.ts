// The controller against the in-memory browser (test/unit/setup.ts) and a scripted network edge:
// badge, official view and notifications follow the stored state, also across a worker restart.
import { describe, expect, it, vi } from 'vitest'
import { readSharedFixture } from '../../test/fixtures.ts'
import { fakeBrowser } from '../../test/unit/setup.ts'
import type { PollDeps } from './status-poller.ts'

function summary(claudeAi: string, withIncident: boolean): string {
  const s = readSharedFixture('statuspage/summary-claude-2026-10-07.json') as {
    components: { id: string; status: string }[]
    incidents: { components: { id: string }[]; name: string }[]
  }
  for (const c of s.components) c.status = c.id === 'rwppv331jlwc' ? claudeAi : 'operational'
  if (withIncident) {
    s.incidents[0]!.components = [{ id: 'rwppv331jlwc', name: 'claude.ai', status: claudeAi } as never]
    s.incidents[0]!.name = 'Elevated errors on Claude Opus 4.6 and Sonnet 4.5'
  } else s.incidents = []
  return JSON.stringify(s)
}

function deps(bodies: string[], now: () => number): PollDeps {
  let n = 0
  const fetchImpl = async (url: RequestInfo | URL) => {
    if (String(url).endsWith('incidents.json')) return new Response('{"incidents":[]}', { status: 200 })
    return new Response(bodies[Math.min(n++, bodies.length - 1)], {
      status: 200,
      headers: { etag: `W/"${n}"` },
    })
  }
  return {
    fetch: fetchImpl as typeof fetch,
    now,
    random: () => 0.5,
    summaryUrl: 'https://status.claude.com/api/v2/summary.json',
    incidentsUrl: 'https://status.claude.com/api/v2/incidents.json',
  }
}

/** A fresh module instance: what a killed and restarted service worker starts with. */
async function freshController() {
  vi.resetModules()
  return import('./status-controller.ts')
}

describe('status controller', () => {
  it('badge, title and official view follow the polls; one notification per change, also after a restart', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z')
    const now = () => clock
    const down = summary('partial_outage', true)
    const up = summary('operational', false)

    let c = await freshController()
    await c.tick({ force: true }, deps([up], now))
    const b = fakeBrowser()
    expect(b._badge.text).toBe('')
    expect(b._notifications).toEqual([]) // first sight: baseline only

    clock += 60_000
    await c.tick({ force: true }, deps([down], now))
    expect(b._badge.text).toBe('!')
    expect(b._badge.title).toMatch(/claude\.ai: partial outage/)
    expect(b._notifications.map((n) => n.id)).toHaveLength(1)
    expect(b._notifications[0]!.options.message).toMatch(/Elevated errors on Claude Opus 4\.6/)
    const view = (await b.storage.local.get('officialView')).officialView as {
      incidents: { models: { family: string }[] }[]
    }
    expect(view.incidents[0]!.models.map((m) => m.family).sort()).toEqual(['opus', 'sonnet'])

    // The worker is killed and restarted; the same state is polled again.
    c = await freshController()
    clock += 60_000
    await c.tick({ force: true }, deps([down], now))
    expect(b._notifications).toHaveLength(1)

    clock += 60_000
    await c.tick({ force: true }, deps([up], now))
    expect(b._notifications.map((n) => n.id.split(':')[2])).toEqual(['down', 'up'])
    expect(b._badge.text).toBe('')
  })

  it('notifications can be turned off; the badge still follows', async () => {
    const clock = Date.parse('2026-11-26T10:00:00Z')
    const b = fakeBrowser()
    await b.storage.sync.set({ settings: { notifications: false } })
    const c = await freshController()
    await c.tick(
      { force: true },
      deps([summary('operational', false)], () => clock),
    )
    await c.tick(
      { force: true },
      deps([summary('major_outage', true)], () => clock + 60_000),
    )
    expect(b._badge.text).toBe('!!')
    expect(b._notifications).toEqual([])
  })

  it('a poll that is not due sends nothing', async () => {
    const clock = Date.parse('2026-11-26T10:00:00Z')
    let requests = 0
    const d = deps([summary('operational', false)], () => clock)
    const counting: PollDeps = {
      ...d,
      fetch: (async (...args: Parameters<typeof fetch>) => {
        if (String(args[0]).endsWith('summary.json')) requests++
        return d.fetch(...args)
      }) as typeof fetch,
    }
    const c = await freshController()
    await c.tick({ force: true }, counting)
    await c.tick({}, counting)
    expect(requests).toBe(1)
  })
})
