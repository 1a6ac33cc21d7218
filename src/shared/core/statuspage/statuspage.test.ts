import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSharedFixture, SHARED_FIXTURES } from '../../../../test/fixtures.ts'
import { mergeHistory } from './history.ts'
import type { Incident } from './model.ts'
import {
  parseFailureMessage,
  parseIncidents,
  parseIncidentsText,
  parseSummary,
  parseSummaryText,
} from './normalise.ts'

const NOW = Date.parse('2026-10-08T00:00:00Z')
const summaryFixture = () =>
  readSharedFixture('statuspage/summary-claude-2026-10-07.json') as Record<string, unknown>
const clone = <T>(v: T): T => structuredClone(v)

function component(id: string, status = 'operational', extra: Record<string, unknown> = {}) {
  return { id, name: `name-${id}`, status, position: 1, group: false, group_id: null, ...extra }
}
function incident(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `Incident ${id}`,
    status: 'investigating',
    impact: 'minor',
    created_at: '2026-10-07T10:00:00Z',
    started_at: '2026-10-07T10:00:00Z',
    resolved_at: null,
    components: [],
    incident_updates: [],
    ...extra,
  }
}
function update(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    status: 'investigating',
    body: `body ${id}`,
    created_at: '2026-10-07T10:00:00Z',
    display_at: '2026-10-07T10:00:00Z',
    affected_components: null,
    ...extra,
  }
}
function summaryWith(incidents: unknown[], components = [component('a'), component('b')]) {
  return {
    page: { id: 'p', name: 'Claude', url: 'https://status.claude.com' },
    status: { indicator: 'minor', description: 'x' },
    components,
    incidents,
    scheduled_maintenances: [],
  }
}

describe('real fixtures', () => {
  it('every file under fixtures/statuspage parses', () => {
    const dir = resolve(SHARED_FIXTURES, 'statuspage')
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.labels.json'))
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const file of files) {
      const text = readFileSync(resolve(dir, file), 'utf8')
      const json = JSON.parse(text) as Record<string, unknown>
      if ('components' in json) {
        const r = parseSummaryText(text, NOW)
        expect(r.ok, `${file}: ${!r.ok ? r.reason : ''}`).toBe(true)
      } else if ('incidents' in json) {
        const r = parseIncidentsText(text)
        expect(r.ok, file).toBe(true)
        if (r.ok) expect(r.value.length).toBe((json.incidents as unknown[]).length)
      } else {
        // scheduled-maintenances.json: same object shape as incidents.
        const r = parseIncidents({ incidents: json.scheduled_maintenances })
        expect(r.ok, file).toBe(true)
      }
    }
  })

  it('normalises the real summary by component id', () => {
    const r = parseSummary(summaryFixture(), NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.indicator).toBe('minor')
    expect(r.value.components.map((c) => c.id)).toEqual([
      'rwppv331jlwc',
      '0qbwn08sd68x',
      'k8w3r06qmzrp',
      'yyzkbfz2thpt',
      'bpp5gb3hpjcl',
      '0scnb50nvy53',
    ])
    expect(r.value.incidents).toHaveLength(1)
    const [inc] = r.value.incidents
    expect(inc?.id).toBe('978mjkgw6mh7')
    expect(inc?.componentIds).toContain('0qbwn08sd68x')
    expect(inc?.shortlink).toMatch(/^https:\/\/stspg\.io\//)
    expect(r.value.fetchedAt).toBe(NOW)
  })

  it("parses incident.io's subset summary (no incidents or maintenances keys)", () => {
    const r = parseSummary(readSharedFixture('statuspage/summary-openai-incidentio-2026-09-15.json'), NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.components).toHaveLength(25)
    expect(r.value.incidents).toEqual([])
    expect(r.value.maintenances).toEqual([])
  })
})

describe('statuspage.md §3 quirks', () => {
  it('an incident affects the union of incident.components and every update’s affected_components', () => {
    const raw = incident('i1', {
      components: [component('a')],
      incident_updates: [
        update('u2', {
          affected_components: [
            { code: 'c', name: 'C old name', old_status: 'operational', new_status: 'partial_outage' },
          ],
        }),
        update('u1', {
          affected_components: [
            { code: 'b', name: 'B', old_status: 'operational', new_status: 'degraded_performance' },
          ],
        }),
      ],
    })
    const r = parseSummary(summaryWith([raw]), NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(new Set(r.value.incidents[0]?.componentIds)).toEqual(new Set(['a', 'b', 'c']))
  })

  it('empty incident.components with update components still yields the components', () => {
    const raw = incident('i1', {
      components: [],
      incident_updates: [
        update('u1', {
          affected_components: [
            { code: 'b', name: 'B', old_status: 'operational', new_status: 'major_outage' },
          ],
        }),
      ],
    })
    const r = parseSummary(summaryWith([raw]), NOW)
    expect(r.ok && r.value.incidents[0]?.componentIds).toEqual(['b'])
  })

  it('affected_components null means no change', () => {
    const raw = incident('i1', { incident_updates: [update('u1', { affected_components: null })] })
    const r = parseSummary(summaryWith([raw]), NOW)
    expect(r.ok && r.value.incidents[0]?.updates[0]?.transitions).toEqual([])
  })

  it('old_status == new_status is not a transition, but the component is still affected', () => {
    const raw = incident('i1', {
      incident_updates: [
        update('u1', {
          affected_components: [
            { code: 'a', name: 'A', old_status: 'partial_outage', new_status: 'partial_outage' },
          ],
        }),
      ],
    })
    const r = parseSummary(summaryWith([raw]), NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.incidents[0]?.updates[0]?.transitions).toEqual([])
    expect(r.value.incidents[0]?.componentIds).toEqual(['a'])
  })

  it('a backdated resolution (resolved_at before started_at) parses without throwing', () => {
    const raw = incident('i1', {
      status: 'resolved',
      started_at: '2026-10-07T12:00:00Z',
      resolved_at: '2026-10-07T11:00:00Z',
    })
    const r = parseIncidents({ incidents: [raw] })
    expect(r.ok && r.value[0]?.resolvedAt).toBe('2026-10-07T11:00:00.000Z')
  })

  it('orders updates by display_at, then created_at, newest first', () => {
    const raw = incident('i1', {
      incident_updates: [
        update('late-created-early-display', {
          created_at: '2026-10-07T12:00:00Z',
          display_at: '2026-10-07T09:00:00Z',
        }),
        update('middle', { created_at: '2026-10-07T10:30:00Z', display_at: '2026-10-07T10:30:00Z' }),
        update('tie-older', { created_at: '2026-10-07T10:59:00Z', display_at: '2026-10-07T11:00:00Z' }),
        update('tie-newer', { created_at: '2026-10-07T11:01:00Z', display_at: '2026-10-07T11:00:00Z' }),
      ],
    })
    const r = parseIncidents({ incidents: [raw] })
    expect(r.ok && r.value[0]?.updates.map((u) => u.id)).toEqual([
      'tie-newer',
      'tie-older',
      'middle',
      'late-created-early-display',
    ])
  })

  it('component truth comes from summary.components, not the incident’s embedded copies', () => {
    const raw = incident('i1', {
      status: 'resolved',
      resolved_at: '2026-10-07T11:00:00Z',
      components: [component('a', 'operational')],
    })
    const r = parseSummary(summaryWith([raw], [component('a', 'partial_outage')]), NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.components[0]?.status).toBe('partial_outage')
    expect(r.value.incidents).toEqual([]) // resolved: not current
  })

  it('retroactive posts are never current, but stay in history', () => {
    const retro = incident('r1', { name: '[retroactive] Elevated errors on Claude Haiku 3.5' })
    const zero = incident('z1', {
      impact: 'none',
      status: 'resolved',
      started_at: '2026-10-07T10:00:00Z',
      resolved_at: '2026-10-07T10:00:00Z',
    })
    const r = parseSummary(summaryWith([retro]), NOW)
    expect(r.ok && r.value.incidents).toEqual([])
    const h = parseIncidents({ incidents: [retro, zero] })
    if (!h.ok) throw new Error(h.reason)
    expect(h.value.map((i) => i.retroactive)).toEqual([true, true])
  })

  it('maps by component id even when the update carries an older name', () => {
    const raw = incident('i1', {
      incident_updates: [
        update('u1', {
          affected_components: [
            {
              code: '0qbwn08sd68x',
              name: 'console.anthropic.com',
              old_status: 'operational',
              new_status: 'major_outage',
            },
          ],
        }),
      ],
    })
    const r = parseIncidents({ incidents: [raw] })
    expect(r.ok && r.value[0]?.updates[0]?.transitions[0]).toMatchObject({
      componentId: '0qbwn08sd68x',
      name: 'console.anthropic.com',
    })
  })

  it('extra or missing fields, other time zones and unknown enum values do not fail the summary', () => {
    const s = clone(summaryFixture())
    const comps = s.components as Record<string, unknown>[]
    comps[0]!.status = 'on_fire'
    comps[0]!.brand_new_field = { x: 1 }
    delete comps[1]!.position
    delete comps[1]!.description
    const incs = s.incidents as Record<string, unknown>[]
    incs[0]!.impact = 'catastrophic'
    incs[0]!.started_at = '2026-10-07T07:25:04-06:00'
    delete incs[0]!.reminder_intervals
    const r = parseSummary(s, NOW)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.components.find((c) => c.id === 'rwppv331jlwc')?.status).toBe('unknown')
    expect(r.value.incidents[0]?.impact).toBe('unknown')
    expect(r.value.incidents[0]?.startedAt).toBe('2026-10-07T13:25:04.000Z')
  })

  it('groups are parsed and marked, their children keep group_id', () => {
    const r = parseSummary(
      summaryWith(
        [],
        [
          component('g', 'operational', { group: true, components: ['x'] }),
          component('x', 'degraded_performance', { group_id: 'g' }),
        ],
      ),
      NOW,
    )
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.components.map((c) => [c.id, c.isGroup, c.groupId])).toEqual([
      ['g', true, null],
      ['x', false, 'g'],
    ])
  })
})

describe('bad input ends in a clear invalid result', () => {
  const text = JSON.stringify(summaryFixture())
  it.each([
    ['truncated', text.slice(0, text.length / 2), /malformed JSON/, 'healthReasonMalformed'],
    [
      'HTML instead of JSON',
      '<!DOCTYPE html><html><body>503 Service Unavailable</body></html>',
      /HTML/,
      'healthReasonHtml',
    ],
    ['wrong types', JSON.stringify({ components: 'all good' }), /components/, 'healthReasonUnexpected'],
    [
      'component without id',
      JSON.stringify({ components: [{ name: 'x', status: 'operational' }] }),
      /components\.0\.id/,
      'healthReasonUnexpected',
    ],
    ['null', 'null', /root|expected object/, 'healthReasonUnexpected'],
    ['huge', `{"components":[],"pad":"${'x'.repeat(2_100_000)}"}`, /too large/, 'healthReasonTooLarge'],
  ])('%s', (_name, body, reason, key) => {
    const r = parseSummaryText(body, NOW)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.reason).toMatch(reason)
    // What the popup shows: a message key, with the technical detail as its substitution.
    const shown = parseFailureMessage(r)
    expect(shown.key).toBe(key)
    if (key === 'healthReasonUnexpected') expect(shown.subs).toEqual([r.reason])
  })

  it('hostile markup in titles stays plain text (rendering escapes it)', () => {
    const r = parseSummary(summaryWith([incident('x', { name: '<img src=x onerror=alert(1)>Outage' })]), NOW)
    expect(r.ok && r.value.incidents[0]?.name).toBe('<img src=x onerror=alert(1)>Outage')
  })

  it('caps runaway text and update counts', () => {
    const raw = incident('big', {
      name: 'n'.repeat(5000),
      incident_updates: Array.from({ length: 3000 }, (_, k) => update(`u${k}`, { body: 'b'.repeat(30_000) })),
    })
    const r = parseIncidents({ incidents: [raw] })
    if (!r.ok) throw new Error(r.reason)
    expect(r.value[0]!.name.length).toBeLessThanOrEqual(300)
    expect(r.value[0]!.updates.length).toBeLessThanOrEqual(200)
    expect(r.value[0]!.updates[0]!.body.length).toBeLessThanOrEqual(20_000)
  })

  it('drops a shortlink that is not a plain https URL', () => {
    const r = parseIncidents({ incidents: [incident('s', { shortlink: 'javascript:alert(1)' })] })
    expect(r.ok && r.value[0]?.shortlink).toBeNull()
  })
})

describe('mergeHistory', () => {
  const mk = (id: string, startedAt: string, updatedAt: string, name = id): Incident => {
    const r = parseIncidents({
      incidents: [
        incident(id, { name, started_at: startedAt, created_at: startedAt, updated_at: updatedAt }),
      ],
    })
    if (!r.ok) throw new Error(r.reason)
    return r.value[0]!
  }

  it('dedupes by id and the more recently updated copy wins', () => {
    const old = mk('a', '2026-10-01T00:00:00Z', '2026-10-01T01:00:00Z', 'old title')
    const fresh = mk('a', '2026-10-01T00:00:00Z', '2026-10-01T05:00:00Z', 'new title')
    expect(mergeHistory([old], [fresh], NOW).map((i) => i.name)).toEqual(['new title'])
    // An older copy arriving later never overwrites a newer one.
    expect(mergeHistory([fresh], [old], NOW).map((i) => i.name)).toEqual(['new title'])
  })

  it('keeps incidents the API no longer returns, newest first', () => {
    const a = mk('a', '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z')
    const b = mk('b', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')
    expect(mergeHistory([a], [b], NOW).map((i) => i.id)).toEqual(['b', 'a'])
  })

  it('keeps at least 90 days and drops older ones', () => {
    const day = 86_400_000
    const at = (d: number) => new Date(NOW - d * day).toISOString()
    const merged = mergeHistory([mk('d89', at(89), at(89)), mk('d200', at(200), at(200))], [], NOW)
    expect(merged.map((i) => i.id)).toEqual(['d89'])
  })

  it('is bounded in size, dropping the oldest', () => {
    const many = Array.from({ length: 50 }, (_, k) =>
      mk(`i${k}`, new Date(NOW - k * 3_600_000).toISOString(), '2026-10-07T00:00:00Z'),
    )
    const merged = mergeHistory([], many, NOW, 100, 10)
    expect(merged).toHaveLength(10)
    expect(merged[0]?.id).toBe('i0')
    expect(merged[9]?.id).toBe('i9')
  })

  it('merges the 150 real incidents idempotently', () => {
    const r = parseIncidents(readSharedFixture('statuspage/anthropic-incidents-2023-2025.json'))
    if (!r.ok) throw new Error(r.reason)
    const once = mergeHistory([], r.value, Date.parse('2025-09-30T00:00:00Z'), 10_000, 1000)
    const twice = mergeHistory(once, r.value, Date.parse('2025-09-30T00:00:00Z'), 10_000, 1000)
    expect(once).toHaveLength(150)
    expect(twice).toEqual(once)
  })
})
