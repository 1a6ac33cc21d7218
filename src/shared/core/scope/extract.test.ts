import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../../../test/fixtures.ts'
import { type ModelRef, modelKey } from '../models.ts'
import type { Incident, IncidentUpdate } from '../statuspage/model.ts'
import { parseIncidents, parseSummary } from '../statuspage/normalise.ts'
import {
  extractScope,
  learnFamilies,
  MAX_BODY_CHARS,
  MAX_TITLE_CHARS,
  MAX_UPDATES_SCANNED,
} from './extract.ts'
import type { ScanStats } from './types.ts'

interface Label {
  models: ModelRef[]
  all_models: boolean
  tiers: string[]
  kind: string
}

const parsed = parseIncidents(readSharedFixture('statuspage/anthropic-incidents-2023-2025.json'))
if (!parsed.ok) throw new Error(parsed.reason)
const REAL = parsed.value
const LABELS = readSharedFixture('statuspage/anthropic-incidents-2023-2025.labels.json') as Record<
  string,
  Label
>
/** The vocabulary the extension would have from its history: learned from text, not labels. */
const FAMILIES = learnFamilies(REAL)

const real = (id: string): Incident => {
  const i = REAL.find((x) => x.id === id)
  if (!i) throw new Error(`fixture has no incident ${id}`)
  return i
}
const keys = (ms: readonly ModelRef[] | undefined) => (ms ?? []).map(modelKey).sort()
const scopeOf = (id: string) => extractScope(real(id), { families: FAMILIES })
const bodyOf = (id: string, re: RegExp) =>
  real(id).updates.some((u) => re.test(u.body)) || re.test(real(id).name)

/** Asserts the fixture incident has the text this case is about, then compares with its label. */
function expectMatchesLabel(id: string, textCue: RegExp) {
  expect(bodyOf(id, textCue), `fixture ${id} should contain ${textCue}`).toBe(true)
  const s = scopeOf(id)
  const l = LABELS[id]!
  expect(keys(s.models)).toEqual(keys(l.models))
  expect(s.allModels).toBe(l.all_models)
  expect([...s.tiers].sort()).toEqual([...l.tiers].sort())
  expect(s.kind).toBe(l.kind)
  return s
}

const T0 = Date.parse('2026-03-10T12:00:00Z')
/** A synthetic incident; bodies oldest first, ten minutes apart. */
function incident(name: string, bodies: string[] = [], extra: Partial<Incident> = {}): Incident {
  const updates: IncidentUpdate[] = bodies
    .map((body, k) => ({
      id: `u${k}`,
      status: 'investigating' as const,
      body,
      at: new Date(T0 + k * 600_000).toISOString(),
      createdAt: new Date(T0 + k * 600_000).toISOString(),
      transitions: [],
    }))
    .reverse()
  return {
    id: 'synthetic',
    name,
    status: 'investigating',
    impact: 'minor',
    createdAt: new Date(T0).toISOString(),
    startedAt: new Date(T0).toISOString(),
    monitoringAt: null,
    resolvedAt: null,
    updatedAt: null,
    shortlink: null,
    componentIds: [],
    updates,
    retroactive: false,
    isMaintenance: false,
    scheduledFor: null,
    scheduledUntil: null,
    ...extra,
  }
}

describe('extractScope on real incidents (expected values from the hand labels)', () => {
  it('applies a correction in a later update ("erroneously had Sonnet 4.1 in the title")', () => {
    const s = expectMatchesLabel('905blt29pg7q', /erroneously had Sonnet 4\.1/)
    expect(keys(s.models)).not.toContain('sonnet 4.1')
  })

  it('reads an exception both ways: "except for Sonnet 4.0" (unaffected) and "except … Sonnet 3.5 where it is still high" (affected)', () => {
    const s = expectMatchesLabel('pstkfl3t9jfd', /except for Sonnet 4\.0/)
    expect(keys(s.models)).not.toContain('sonnet 4')
  })

  it.each(['s1mhj2t8qjxk', 'fqzlkqnhk3l3', 'q5dvt5ph7tzx'])(
    'does not count the fallback model free usage was routed to (%s)',
    (id) => {
      const s = expectMatchesLabel(id, /rout\w* .*to (?:Claude 3 )?Haiku/i)
      expect(s.models.map((m) => m.family)).not.toContain('haiku')
    },
  )

  it('reads the older "Claude 3.5 Sonnet" order', () => {
    expectMatchesLabel('6qbj21vdcmpq', /Claude 3\.5 Sonnet/)
  })

  it('reads API ids in a list (claude-instant-1.2, claude-1.3, claude-2.0, claude-2.1)', () => {
    expectMatchesLabel('ldbx9tw6f7d9', /claude-instant-1\.2/)
  })

  it('reads claude-v1.0 and does not take "All other models were serving requests" as all models', () => {
    expectMatchesLabel('d3pkgr12bgq4', /All other models were serving requests/)
  })

  it('reads "This only affects claude-1.3" as that model only', () => {
    expectMatchesLabel('dccfckxw59q6', /only affects `claude-1\.3`/)
  })

  it('reads "Claude 2.1" as family claude', () => {
    expectMatchesLabel('58vcrhzjsngy', /Claude 2\.1/)
  })

  it('reads "Haiku and 3.5 Sonnet": a bare family next to a versioned one', () => {
    expectMatchesLabel('1m34020z39y6', /Haiku and 3\.5 Sonnet/)
  })

  it('reads tiers: free users, Claude Pro / Claude Team; not "free credits" or "Build plan"', () => {
    expectMatchesLabel('tkk1vmjbn9zc', /free Claude\.ai users/)
    expectMatchesLabel('s27y0sgpmp75', /Claude Pro or Claude Team plans/)
    expectMatchesLabel('x0465yqg246w', /free credits/)
  })

  it('treats login outages as login and all models, also when only a body says so', () => {
    expectMatchesLabel('s1zv2h77jgw4', /login/i)
    expectMatchesLabel('5ycpp6c9901y', /ability to login/)
  })

  it('names two versions of one family and a quality kind', () => {
    expectMatchesLabel('h26lykctfnsz', /Claude Opus 4\.1 and Opus 4/)
  })

  it('recognises a bare family ("High Opus Error Rates") from the history vocabulary only', () => {
    expect(keys(extractScope(real('gl42kz9j07rr')).models)).toEqual([])
    expect(FAMILIES).toContain('opus')
    expectMatchesLabel('gl42kz9j07rr', /High Opus Error Rates/)
  })

  it('learns the vocabulary from versioned mentions in the text, never from a list', () => {
    expect(FAMILIES).toEqual(['haiku', 'instant', 'opus', 'sonnet'])
    expect(learnFamilies([incident('Elevated errors on Claude Zephyrine 7')])).toEqual(['zephyrine'])
    expect(learnFamilies([incident('Opus partially down')])).toEqual([])
  })
})

describe('impact windows from real bodies', () => {
  it('prefers the UTC half of "23:10 PT / 6:10 UTC" and ends at "As of … mitigated"', () => {
    expect(scopeOf('89mlxfnc19xm').window).toEqual({
      start: '2025-08-28T06:10:00.000Z',
      end: '2025-08-28T07:50:00.000Z',
    })
  })

  it('combines two "From Sep 19 19:00 PT (Sep 20 02:00 UTC) until …" ranges', () => {
    expect(scopeOf('f3p8ct8rb146').window).toEqual({
      start: '2025-09-20T02:00:00.000Z',
      end: '2025-09-20T05:00:00.000Z',
    })
  })

  it('reads "13:33PST - 13:52PST" in January as UTC−8', () => {
    expect(scopeOf('shhpbrjb160c').window).toEqual({
      start: '2024-01-31T21:33:00.000Z',
      end: '2024-01-31T21:52:00.000Z',
    })
  })

  it('reads "8:27 PST" in August as daylight time, and as the evening before the post', () => {
    // Posted 2024-08-06T03:43Z = 20:43 PDT on Aug 5.
    expect(scopeOf('qn4crqd8ym36').window).toEqual({
      start: '2024-08-06T03:27:00.000Z',
      end: '2024-08-06T03:36:00.000Z',
    })
  })

  it('reads explicit dates "17:30 UTC on Aug 25th to 02:00 UTC on Aug 28th"', () => {
    expect(scopeOf('h26lykctfnsz').window).toEqual({
      start: '2025-08-25T17:30:00.000Z',
      end: '2025-08-28T02:00:00.000Z',
    })
  })

  it('normalises the look-alike colon U+2236', () => {
    const s = extractScope(
      incident('Elevated errors', ['From 11\u223605 UTC to 11\u223620 UTC, requests failed.']),
    )
    expect(s.window).toEqual({ start: '2026-03-10T11:05:00.000Z', end: '2026-03-10T11:20:00.000Z' })
  })

  it('gives no window when a body gives no start', () => {
    expect(scopeOf('fd8pwt3p6c4q').window).toBeNull()
  })
})

describe('surfaces said to be unaffected', () => {
  it('reads "API requests are not affected" in the real 2026 Console incident', () => {
    const summary = parseSummary(readSharedFixture('statuspage/summary-claude-2026-10-07.json'), 0)
    if (!summary.ok) throw new Error(summary.reason)
    const open = summary.value.incidents[0]!
    expect(open.updates.some((u) => /API requests are not affected/.test(u.body))).toBe(true)
    const s = extractScope(open)
    expect(s.surfacesUnaffected).toEqual(['api'])
    expect(s.models).toEqual([])
    expect(s.allModels).toBe(false)
  })

  it('reads "The API is unaffected, only the console web interface is down" as maintenance', () => {
    const s = scopeOf('lptmw6gj0vdz')
    expect(s.surfacesUnaffected).toEqual(['api'])
    expect(s.kind).toBe(LABELS.lptmw6gj0vdz!.kind)
  })

  it('does not read "The purchase of API credits is not affected" as the API', () => {
    expect(scopeOf('x0465yqg246w').surfacesUnaffected).toBeUndefined()
  })
})

describe('future and unseen families (synthetic)', () => {
  it('"Claude Quill 6" → quill 6', () => {
    expect(keys(extractScope(incident('Elevated errors on Claude Quill 6')).models)).toEqual(['quill 6'])
  })

  it('"Lyra/Quill 6.1" → lyra 6.1 and quill 6.1 (shared version)', () => {
    expect(keys(extractScope(incident('Elevated errors on Lyra/Quill 6.1')).models)).toEqual([
      'lyra 6.1',
      'quill 6.1',
    ])
  })

  it('"Opus 4.6 and 4.5" → two versions of one family', () => {
    const s = extractScope(incident('Elevated errors on Claude Opus 4.6 and 4.5'))
    expect(keys(s.models)).toEqual(['opus 4.5', 'opus 4.6'])
  })

  it('a later bare mention of a family first named with a version', () => {
    const s = extractScope(incident('Quill outage', ['Claude Quill 6 is unavailable.']))
    expect(keys(s.models)).toEqual(['quill 6'])
  })

  it('a model named as fine while another fails, in one sentence and across sentences', () => {
    const one = extractScope(
      incident('Elevated errors', [
        'Claude Opus 4.6 is returning errors while Claude Sonnet 4.5 is unaffected.',
      ]),
    )
    expect(keys(one.models)).toEqual(['opus 4.6'])
    const two = extractScope(incident('Elevated errors on Opus 4.6', ['Sonnet 4.5 is operating normally.']))
    expect(keys(two.models)).toEqual(['opus 4.6'])
    const list = extractScope(
      incident('Elevated errors on Fable 5', ['Sonnet 4.5, Opus 4.1 and Haiku 4.5 are not affected.']),
    )
    expect(keys(list.models)).toEqual(['fable 5'])
  })

  it('a correction that removes a model still in the title', () => {
    const s = extractScope(
      incident('Elevated errors on Claude Sonnet 4.1', [
        'We are investigating.',
        'This incident erroneously had Sonnet 4.1 in the title. The model affected was Sonnet 4.0.',
      ]),
    )
    expect(keys(s.models)).toEqual(['sonnet 4'])
  })

  it('a fallback only within its own clause', () => {
    const s = extractScope(
      incident('Elevated errors on Sonnet 4.5', [
        'We have routed traffic to Sonnet 4 while we fix Sonnet 4.5.',
      ]),
    )
    expect(keys(s.models)).toEqual(['sonnet 4.5'])
    expect(keys(s.modelsNow)).toEqual(['sonnet 4.5'])
  })

  it('"all models except X": all models, X not among them', () => {
    const s = extractScope(incident('Elevated errors across all models except Haiku 4.5'))
    expect(s.allModels).toBe(true)
    expect(s.models).toEqual([])
  })

  it('modelsNow follows the latest update', () => {
    const failing = extractScope(
      incident('Elevated errors on Claude Fable 5 and Claude Sonnet 5', [
        'Errors on Fable 5 have recovered. Sonnet 5 continues to see elevated errors.',
      ]),
    )
    expect(keys(failing.models)).toEqual(['fable 5', 'sonnet 5'])
    expect(keys(failing.modelsNow)).toEqual(['sonnet 5'])
    const recovered = extractScope(
      incident('Elevated errors on Opus 5', [
        'Investigating.',
        'All the models are at the baseline error rate.',
      ]),
    )
    expect(recovered.modelsNow).toEqual([])
    expect(
      extractScope(incident('Elevated errors on Opus 5', ['We are investigating.'])).modelsNow,
    ).toBeUndefined()
  })

  it('tiers in a list of plans, and no tier from "our teams"', () => {
    expect(extractScope(incident('Elevated errors for Pro and Max users')).tiers).toEqual(['pro', 'max'])
    expect(extractScope(incident('Elevated errors', ['Our teams are working on a fix.'])).tiers).toEqual([])
  })

  it.each([
    ['Errors in Claude Code 2.0 on Windows 11', 'surfaces and platforms'],
    ['Error 1016 on Sep 19 for 10 minutes', 'error codes, dates, durations'],
    ['Every 10 minutes we see errors for 5-10% of requests', 'quantities'],
    ['Claude Responses Slow For Some Users', 'Title Case words after Claude'],
    ['Partial Outage Impacting Claude and Console', 'the product name alone'],
  ])('no model from %j (%s)', (text) => {
    expect(extractScope(incident(text, [text])).models).toEqual([])
  })
})

describe('bad input stays bounded and never throws', () => {
  const empty = { units: 0, chars: 0, sentences: 0 }

  it('empty text yields empty/unknown fields', () => {
    const s = extractScope(incident('', ['', '   ']))
    expect(s).toEqual({
      components: [],
      models: [],
      allModels: false,
      tiers: [],
      kind: 'other',
      window: null,
    })
  })

  it(`5,000 updates: scans at most ${MAX_UPDATES_SCANNED} of them`, () => {
    const bodies = Array.from({ length: 5000 }, (_, k) => `Update ${k}: elevated errors on Claude Opus 4.6.`)
    const stats: ScanStats = { ...empty }
    const s = extractScope(incident('Elevated errors', bodies), { stats })
    expect(stats.units).toBe(MAX_UPDATES_SCANNED + 1)
    expect(stats.sentences).toBeLessThanOrEqual((MAX_UPDATES_SCANNED + 1) * 2)
    expect(keys(s.models)).toEqual(['opus 4.6'])
  })

  it('5 MB of text: scans at most the per-body cap', () => {
    const huge = 'Claude Opus 4.6 errors. '.repeat(220_000)
    expect(huge.length).toBeGreaterThan(5_000_000)
    const stats: ScanStats = { ...empty }
    extractScope(incident(huge, [huge]), { stats })
    expect(stats.chars).toBeLessThanOrEqual(MAX_TITLE_CHARS + MAX_BODY_CHARS)
    expect(stats.sentences).toBeLessThanOrEqual((MAX_TITLE_CHARS + MAX_BODY_CHARS) / 10)
  })

  it('through the real parser: a 5,000-update payload is capped before extraction', () => {
    const raw = {
      incidents: [
        {
          id: 'big',
          name: 'Elevated errors',
          incident_updates: Array.from({ length: 5000 }, (_, k) => ({
            id: `u${k}`,
            body: 'Errors on Claude Sonnet 5.',
            created_at: new Date(T0 + k * 1000).toISOString(),
          })),
        },
      ],
    }
    const p = parseIncidents(raw)
    if (!p.ok) throw new Error(p.reason)
    const stats: ScanStats = { ...empty }
    expect(keys(extractScope(p.value[0]!, { stats }).models)).toEqual(['sonnet 5'])
    expect(stats.units).toBeLessThanOrEqual(MAX_UPDATES_SCANNED + 1)
  })

  it('resolved before started, future and absurd dates: no throw, no bogus window', () => {
    const backwards = incident('Elevated errors', ['From 10:00 UTC to 10:30 UTC requests failed.'], {
      startedAt: '2026-03-10T12:00:00.000Z',
      resolvedAt: '2026-03-09T00:00:00.000Z',
    })
    expect(extractScope(backwards).window).toEqual({
      start: '2026-03-10T10:00:00.000Z',
      end: '2026-03-10T10:30:00.000Z',
    })
    const future = incident('Elevated errors', [], { startedAt: '2999-01-01T00:00:00.000Z' })
    future.updates = [
      {
        id: 'f',
        status: 'investigating',
        body: 'It started at 10:00 UTC.',
        at: '2999-01-01T00:00:00.000Z',
        createdAt: null,
        transitions: [],
      },
    ]
    expect(extractScope(future).window?.start).toBe('2998-12-31T10:00:00.000Z')
    for (const at of ['+275760-09-13T00:00:00.000Z', 'not a date', '-271821-04-20T00:00:00.000Z']) {
      const absurd = incident('Elevated errors', [])
      absurd.updates = [
        {
          id: 'a',
          status: 'investigating',
          body: 'It started at 10:00 UTC. As of 11:00 UTC it is resolved.',
          at,
          createdAt: null,
          transitions: [],
        },
      ]
      expect(() => extractScope(absurd)).not.toThrow()
      expect(extractScope(absurd).window).toBeNull()
    }
  })

  it('tolerates missing fields from a non-normalised caller', () => {
    const partial = { id: 'p', name: 'Haiku outage' } as unknown as Incident
    expect(() => extractScope(partial)).not.toThrow()
    expect(extractScope(partial).kind).toBe('errors')
  })
})
