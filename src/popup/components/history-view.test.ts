import { describe, expect, it } from 'vitest'
import { describeDay } from './history-view.tsx'

const DAY = Date.UTC(2026, 10, 20)

describe('a history day in words', () => {
  it('one incident, several, none, and no data', () => {
    const one = describeDay({
      day: DAY,
      state: 'partial_outage',
      incidents: [{ id: 'a', title: 'Elevated errors on Claude Opus 4.5' }],
    })
    expect(one).toMatch(/1 incident: Elevated errors on Claude Opus 4\.5 \(Partial outage\)/i)
    const two = describeDay({
      day: DAY,
      state: 'major_outage',
      incidents: [
        { id: 'a', title: 'Login failures' },
        { id: 'b', title: 'Elevated errors' },
      ],
    })
    expect(two).toMatch(/2 incidents: Login failures; Elevated errors/)
    expect(describeDay({ day: DAY, state: 'operational', incidents: [] })).toMatch(/no incidents$/)
    expect(describeDay({ day: DAY, state: 'no-data', incidents: [] })).not.toMatch(/incident/)
  })
})
