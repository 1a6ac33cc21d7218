import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../../test/fixtures.ts'
import { dailyBars, HISTORY_DAYS } from './history-bars.ts'
import { parseIncidents } from './statuspage/normalise.ts'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-26T12:00:00Z')
const iso = (t: number) => new Date(t).toISOString()

function incidents(list: Record<string, unknown>[]) {
  const r = parseIncidents({ incidents: list })
  if (!r.ok) throw new Error(r.reason)
  return r.value
}

const base = (id: string, startDaysAgo: number, hours: number, extra: Record<string, unknown> = {}) => {
  const start = NOW - startDaysAgo * DAY
  return {
    id,
    name: `Incident ${id}`,
    status: 'resolved',
    impact: 'minor',
    created_at: iso(start),
    started_at: iso(start),
    resolved_at: iso(start + hours * 3_600_000),
    components: [{ id: 'rwppv331jlwc', name: 'claude.ai', status: 'operational' }],
    incident_updates: [],
    ...extra,
  }
}

describe('dailyBars', () => {
  it('one bar per day for 90 days, ending today', () => {
    const bars = dailyBars(incidents([base('a', 10, 1)]), 'rwppv331jlwc', NOW)
    expect(bars).toHaveLength(HISTORY_DAYS)
    expect(bars.at(-1)!.day).toBe(Date.parse('2026-11-26T00:00:00Z'))
  })

  it('days before the oldest known incident are "no data", not operational', () => {
    const bars = dailyBars(incidents([base('a', 10, 1)]), 'rwppv331jlwc', NOW)
    expect(bars[0]!.state).toBe('no-data')
    expect(bars.at(-11)!.state).not.toBe('no-data')
    expect(bars.at(-5)!.state).toBe('operational')
  })

  it('colours a day by the worst transition of that component, and lists the incidents', () => {
    const list = incidents([
      base('a', 3, 2, {
        incident_updates: [
          {
            id: 'u',
            status: 'identified',
            body: 'x',
            created_at: iso(NOW - 3 * DAY),
            affected_components: [
              {
                code: 'rwppv331jlwc',
                name: 'claude.ai',
                old_status: 'operational',
                new_status: 'major_outage',
              },
            ],
          },
        ],
      }),
      base('b', 3, 1, { impact: 'minor' }),
    ])
    const day = dailyBars(list, 'rwppv331jlwc', NOW).at(-4)!
    expect(day.state).toBe('major_outage')
    expect(day.incidents.map((i) => i.id).sort()).toEqual(['a', 'b'])
  })

  it('falls back to the impact when there are no transitions; other components are untouched', () => {
    const list = incidents([base('a', 2, 1, { impact: 'major' })])
    expect(dailyBars(list, 'rwppv331jlwc', NOW).at(-3)!.state).toBe('partial_outage')
    expect(dailyBars(list, 'k8w3r06qmzrp', NOW).at(-3)!.state).toBe('operational')
  })

  it('a multi-day incident marks every day it spans; an open one lasts until today', () => {
    const list = incidents([
      base('a', 5, 50),
      base('b', 1, 0, { status: 'investigating', resolved_at: null }),
    ])
    const bars = dailyBars(list, 'rwppv331jlwc', NOW)
    expect(bars.slice(-6, -2).map((b) => b.incidents.length > 0)).toEqual([true, true, true, false])
    expect(bars.at(-1)!.incidents.map((i) => i.id)).toContain('b')
  })

  it('survives a backdated resolution (resolved before started)', () => {
    const list = incidents([base('a', 2, -5)])
    expect(dailyBars(list, 'rwppv331jlwc', NOW).at(-3)!.incidents).toHaveLength(1)
  })

  it('draws the real 2025 incidents on their days', () => {
    const list = parseIncidents(readSharedFixture('statuspage/anthropic-incidents-2023-2025.json'))
    if (!list.ok) throw new Error(list.reason)
    const bars = dailyBars(list.value, 'rwppv331jlwc', Date.parse('2025-09-30T12:00:00Z'))
    const marked = bars.filter((b) => b.incidents.length > 0)
    expect(marked.length).toBeGreaterThan(0)
    for (const b of marked) expect(b.state).not.toBe('operational')
  })
})
