import { describe, expect, it } from 'vitest'
import { testObservation } from '../../../../test/unit/observation.ts'
import { msg } from '../message.ts'
import type { ModelRef } from '../models.ts'
import type { Observation, ObservationKind } from '../observe/observation.ts'
import type { OfficialIncidentView, OfficialView, VerdictInput } from './types.ts'
import { computeVerdict, crowdLineMsg, LOCAL_ALARM_MIN_FAILURES, suggestModel } from './verdict.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const sonnet: ModelRef = { family: 'sonnet', version: '4.5' }
const opus: ModelRef = { family: 'opus', version: '4.6' }
const haiku: ModelRef = { family: 'haiku', version: '4.5' }

let seq = 0
function obs(kind: ObservationKind, secondsAgo: number, extra: Partial<Observation> = {}): Observation {
  seq++
  return testObservation(seq, {
    kind,
    status: kind === 'success' ? 200 : kind === 'overloaded' ? 529 : kind === 'usage_limit' ? 429 : 500,
    model: sonnet,
    ttfbMs: 300,
    durationMs: 1000,
    at: NOW - secondsAgo * 1000,
    ...extra,
  })
}

const green: OfficialView = {
  fetchedAt: NOW - 20_000,
  health: { state: 'ok', reason: null, since: 0 },
  fresh: true,
  claudeAiStatus: 'operational',
  incidents: [],
  others: [],
  maintenance: null,
}

function incident(extra: Partial<OfficialIncidentView> = {}): OfficialIncidentView {
  return {
    id: 'inc1',
    title: 'Elevated errors on Claude Opus 4.6 and Sonnet 4.5',
    impact: 'major',
    status: 'investigating',
    url: 'https://stspg.io/x',
    startedAt: new Date(NOW - 30 * 60_000).toISOString(),
    componentIds: ['rwppv331jlwc'],
    componentNames: ['claude.ai'],
    models: [opus, sonnet],
    modelsNow: null,
    allModels: false,
    tiers: [],
    kind: 'errors',
    surfacesUnaffected: [],
    estimate: { key: 'estimate', subs: ['45 min'] },
    ...extra,
  }
}

function input(extra: Partial<VerdictInput> = {}): VerdictInput {
  return {
    now: NOW,
    official: green,
    observations: [],
    account: { tier: 'pro', availableModels: [opus, sonnet, haiku] },
    crowd: null,
    online: true,
    ...extra,
  }
}

describe('verdict table (architecture.md)', () => {
  it('official incident naming Opus and Sonnet; user on Sonnet gets 500s → confirmed outage, scope, since, estimate, another model', () => {
    const v = computeVerdict(
      input({
        official: { ...green, claudeAiStatus: 'partial_outage', incidents: [incident()] },
        observations: [obs('server_error', 30), obs('server_error', 10)],
      }),
    )
    expect(v.level).toBe('outage')
    expect(v.attribution).toBe('official')
    expect(v.models).toEqual(['opus', 'sonnet'])
    expect(v.components).toEqual(['rwppv331jlwc'])
    expect(v.userModelInScope).toBe(true)
    expect(v.since).toBe(NOW - 30 * 60_000)
    expect(v.estimate).not.toBeNull()
    const sw = v.advice.find((a) => a.kind === 'switch-model')
    expect(sw?.text.subs).toEqual(['Haiku 4.5'])
    expect(v.advice.some((a) => a.kind === 'open-incident' && a.url === 'https://stspg.io/x')).toBe(true)
  })

  it('official green; repeated 500/529/stalls; crowd spike → not yet acknowledged, crowd attribution', () => {
    const v = computeVerdict(
      input({
        observations: [obs('server_error', 60), obs('overloaded', 40), obs('stall', 5)],
        crowd: { reporters15: 42, ratio: 8.4, anomalous: true, fetchedAt: NOW },
      }),
    )
    expect(v.level).toBe('outage')
    expect(v.attribution).toBe('crowd')
    expect(v.crowdLine).toEqual({ key: 'crowdLineRatio', subs: ['42', '8.4'] })
    expect(v.details.map((d) => d.key)).toContain('verdictNotAcknowledged')
  })

  it('official green; repeated errors; no crowd → only you so far (local)', () => {
    const v = computeVerdict(input({ observations: [obs('server_error', 60), obs('server_error', 5)] }))
    expect(v.level).toBe('degraded')
    expect(v.attribution).toBe('local')
    expect(v.visible).toBe(true)
    expect(v.details.map((d) => d.key)).toEqual(['verdictNotAcknowledged', 'verdictOnlyYou'])
  })

  it('crowd on but no spike → local, saying others do not report it', () => {
    const v = computeVerdict(
      input({
        observations: [obs('gateway', 60), obs('gateway', 5)],
        crowd: { reporters15: 1, ratio: 1, anomalous: false, fetchedAt: NOW },
      }),
    )
    expect(v.attribution).toBe('local')
    expect(v.details.map((d) => d.key)).toContain('verdictOnlyYouCrowd')
  })

  it.each([
    ['429 exceeded_limit', obs('usage_limit', 5, { resetsAt: NOW + 2 * 3_600_000 })],
    ['SSE message_limit', obs('usage_limit', 5, { status: 200, phase: 'stream', resetsAt: NOW + 3_600_000 })],
  ])('%s → not an outage: your usage limit, resets at T', (_name, o) => {
    const v = computeVerdict(input({ observations: [obs('server_error', 100), o] }))
    expect(v.level).toBe('limited')
    expect(v.attribution).toBe('usage-limit')
    expect(v.details[0]).toMatchObject({ key: 'verdictLimitedResets', time: o.resetsAt })
  })

  it.each([
    [1, { key: 'verdictYouAreAffectedOne' }],
    [3, { key: 'verdictYouAreAffected', subs: ['3'] }],
  ])('official incident and %i failure(s) of this user: said in the right number', (n, said) => {
    const failures = Array.from({ length: n }, (_, i) => obs('server_error', 30 - i))
    const v = computeVerdict(
      input({
        official: { ...green, incidents: [incident()] },
        observations: [obs('success', 60), ...failures],
      }),
    )
    expect(v.attribution).toBe('official')
    expect(v.details).toContainEqual(said)
  })

  it('a usage limit even during an official outage is reported as the limit', () => {
    const v = computeVerdict(
      input({
        official: { ...green, incidents: [incident()] },
        observations: [obs('usage_limit', 5, { resetsAt: NOW + 60_000 })],
      }),
    )
    expect(v.level).toBe('limited')
  })

  it('an expired usage limit no longer shows', () => {
    const v = computeVerdict(input({ observations: [obs('usage_limit', 500, { resetsAt: NOW - 1000 })] }))
    expect(v.level).toBe('ok')
  })

  it('browser offline → your connection, not Claude', () => {
    expect(computeVerdict(input({ online: false })).level).toBe('offline')
    const v = computeVerdict(input({ observations: [obs('network', 5, { status: null })] }))
    expect(v.level).toBe('offline')
    expect(v.attribution).toBe('network')
  })

  it('network failures followed by a success are over', () => {
    const v = computeVerdict(
      input({ observations: [obs('network', 50, { status: null }), obs('success', 5)] }),
    )
    expect(v.level).toBe('ok')
  })

  it('official incident names free users; user on Pro → reported for free users, likely unaffected', () => {
    const v = computeVerdict(
      input({
        official: {
          ...green,
          incidents: [
            incident({
              title: 'Elevated errors on Claude.ai for free users',
              models: [],
              allModels: true,
              tiers: ['free'],
            }),
          ],
        },
        observations: [obs('success', 10)],
      }),
    )
    expect(v.attribution).toBe('official')
    expect(v.level).toBe('degraded')
    expect(v.tiers).toEqual(['free'])
    expect(v.userTierInScope).toBe(false)
    expect(v.headline).toEqual({ key: 'verdictOfficialOtherTier', subs: ['Free', 'Pro'] })
    expect(v.advice[0]?.kind).toBe('tier-unaffected')
  })

  it('incident names "paid" users; Max user is in scope', () => {
    const v = computeVerdict(
      input({
        account: { tier: 'max', availableModels: [] },
        official: { ...green, incidents: [incident({ tiers: ['paid'] })] },
      }),
    )
    expect(v.userTierInScope).toBe(true)
  })

  it('status page unreachable → unknown with the last known age, never all good', () => {
    const official: OfficialView = {
      ...green,
      fresh: false,
      fetchedAt: NOW - 12 * 60_000,
      health: { state: 'unreachable', reason: msg('healthReasonHttp', '503'), since: NOW - 60_000 },
      // The last known state had an incident: it must not be presented as current.
      incidents: [incident()],
    }
    const v = computeVerdict(input({ official }))
    expect(v.level).toBe('unknown')
    expect(v.level).not.toBe('ok')
    expect(v.details[0]).toEqual({ key: 'verdictUnknownDetail', duration: 12 * 60_000 })
  })

  it('one isolated error, nothing else → no alarm, but recorded', () => {
    const v = computeVerdict(input({ observations: [obs('success', 100), obs('server_error', 5)] }))
    expect(v.level).toBe('ok')
    expect(v.visible).toBe(false)
    expect(v.localFailures).toBe(1)
    expect(LOCAL_ALARM_MIN_FAILURES).toBeGreaterThan(1)
    expect(v.headline).toEqual({ key: 'verdictOkWithBlip' })
  })

  it('failures separated by a success are not a streak', () => {
    const v = computeVerdict(
      input({ observations: [obs('server_error', 100), obs('success', 50), obs('server_error', 5)] }),
    )
    expect(v.level).toBe('ok')
    // Two errors, not "one error was seen".
    expect(v.headline).toEqual({ key: 'verdictOkWithErrors', subs: ['2'] })
  })

  it('a user Stop (aborted) neither breaks nor makes a streak', () => {
    const v = computeVerdict(
      input({ observations: [obs('server_error', 100), obs('aborted', 50), obs('server_error', 5)] }),
    )
    expect(v.attribution).toBe('local')
    expect(computeVerdict(input({ observations: [obs('aborted', 50), obs('aborted', 5)] })).level).toBe('ok')
  })

  it('old failures (outside the window) do not alarm', () => {
    const v = computeVerdict(input({ observations: [obs('server_error', 3600), obs('server_error', 3000)] }))
    expect(v.level).toBe('ok')
  })

  it('an incident that names Opus as fine while Sonnet fails, user on Sonnet failing → in scope', () => {
    const v = computeVerdict(
      input({
        official: {
          ...green,
          incidents: [incident({ title: 'Elevated errors on Claude Sonnet 4.5', models: [sonnet] })],
        },
        observations: [obs('server_error', 20), obs('server_error', 5)],
      }),
    )
    expect(v.models).toEqual(['sonnet'])
    expect(v.userModelInScope).toBe(true)
    expect(v.advice.find((a) => a.kind === 'switch-model')?.text.subs).toEqual(['Opus 4.6'])
  })

  it('an incident for another model while the user succeeds → information, with the user’s model not named', () => {
    const v = computeVerdict(
      input({
        official: { ...green, incidents: [incident({ models: [opus] })] },
        observations: [obs('success', 5)],
      }),
    )
    expect(v.level).toBe('degraded')
    expect(v.userModelInScope).toBe(false)
    expect(v.advice[0]?.kind).toBe('model-unaffected')
  })

  it('maintenance on claude.ai', () => {
    const v = computeVerdict(
      input({
        official: { ...green, maintenance: { id: 'm', title: 'DB upgrade', url: 'https://x', until: null } },
      }),
    )
    expect(v.level).toBe('maintenance')
    expect(v.details).toEqual([{ key: 'verdictOfficialTitle', subs: ['DB upgrade'] }])
  })

  it('maintenance says when it is scheduled to end, and when it overruns', () => {
    const at = (until: number) =>
      computeVerdict(
        input({
          official: {
            ...green,
            maintenance: {
              id: 'm',
              title: 'DB upgrade',
              url: 'https://x',
              until: new Date(until).toISOString(),
            },
          },
        }),
      ).details.slice(1)
    expect(at(NOW + 30 * 60_000)).toEqual([
      { key: 'verdictMaintenanceUntil', subs: [], time: NOW + 30 * 60_000 },
    ])
    expect(at(NOW - 5 * 60_000)).toEqual([
      { key: 'verdictMaintenanceOverrun', subs: [], time: NOW - 5 * 60_000 },
    ])
  })

  it('the claude.ai component in trouble without an incident → official', () => {
    const v = computeVerdict(input({ official: { ...green, claudeAiStatus: 'major_outage' } }))
    expect(v).toMatchObject({ level: 'outage', attribution: 'official' })
  })

  it('repeated login failures → login failing, not an outage', () => {
    const v = computeVerdict(
      input({ observations: [obs('auth', 20, { status: 401 }), obs('auth', 5, { status: 401 })] }),
    )
    expect(v.level).toBe('degraded')
    expect(v.headline.key).toBe('verdictAuth')
  })
})

describe('suggestModel never suggests a model in scope', () => {
  it('returns null when all models are affected', () => {
    expect(suggestModel(incident({ allModels: true }), sonnet, [opus, haiku], [])).toBeNull()
  })
  it('skips every named model and the user’s own family', () => {
    const pick = suggestModel(incident({ models: [opus, haiku] }), sonnet, [opus, sonnet, haiku], [])
    expect(pick).toBeNull()
  })
  it('exhaustively: for every subset of affected models the suggestion is outside it', () => {
    const all = [opus, sonnet, haiku, { family: 'fable', version: '5' }]
    for (let mask = 1; mask < 1 << all.length; mask++) {
      const affected = all.filter((_, i) => mask & (1 << i))
      const pick = suggestModel(incident({ models: affected }), affected[0]!, all, [])
      if (pick) expect(affected.some((a) => a.family === pick.family)).toBe(false)
    }
  })
})

describe('crowd signal freshness', () => {
  it('a crowd picture older than 15 minutes is ignored', () => {
    const stale = { reporters15: 40, ratio: 9, anomalous: true, fetchedAt: NOW - 20 * 60_000 }
    const v = computeVerdict(
      input({ observations: [obs('server_error', 60), obs('server_error', 5)], crowd: stale }),
    )
    expect(v.attribution).toBe('local')
    const fresh = computeVerdict(
      input({
        observations: [obs('server_error', 60), obs('server_error', 5)],
        crowd: { ...stale, fetchedAt: NOW - 60_000 },
      }),
    )
    expect(fresh.attribution).toBe('crowd')
  })
})

describe('after a success, nothing of the user is failing', () => {
  const unreachable: OfficialView = {
    ...green,
    fresh: false,
    fetchedAt: NOW - 12 * 60_000,
    health: { state: 'unreachable', reason: msg('healthReasonHttp', '503'), since: NOW - 60_000 },
  }

  it('status unknown and the user’s replies work again → no banner, no retry advice', () => {
    const v = computeVerdict(
      input({ official: unreachable, observations: [obs('server_error', 120), obs('success', 5)] }),
    )
    expect(v.level).toBe('unknown')
    expect(v.visible).toBe(false)
    expect(v.advice).toEqual([])
  })

  it('status unknown and the user’s latest request failed → shown, with retry advice', () => {
    const v = computeVerdict(
      input({ official: unreachable, observations: [obs('success', 120), obs('server_error', 5)] }),
    )
    expect(v.visible).toBe(true)
    expect(v.advice.map((a) => a.kind)).toContain('retry')
  })

  // Every branch: whatever came before, when the latest request succeeded "retry" is never advised.
  const officials: [string, OfficialView][] = [
    ['green', green],
    ['unreachable', unreachable],
    ['incident', { ...green, incidents: [incident()] }],
    ['component trouble', { ...green, claudeAiStatus: 'partial_outage' }],
  ]
  const crowds = [null, { reporters15: 30, ratio: 6, anomalous: true, fetchedAt: NOW }]
  const histories: [string, Observation[]][] = [
    ['errors then a success', [obs('server_error', 200), obs('overloaded', 100), obs('success', 5)]],
    ['one error then a success', [obs('stall', 100), obs('success', 5)]],
    ['a success then a Stop', [obs('gateway', 100), obs('success', 20), obs('aborted', 5)]],
  ]
  for (const [o, official] of officials)
    for (const crowd of crowds)
      for (const [h, observations] of histories)
        it(`${o}, crowd ${crowd ? 'spike' : 'off'}, ${h} → no retry advice`, () => {
          const v = computeVerdict(input({ official, crowd, observations }))
          expect(v.advice.map((a) => a.kind)).not.toContain('retry')
        })
})

describe('dismissal key', () => {
  const freeOnly = incident({ models: [], allModels: true, tiers: ['free'], impact: 'minor' })
  const withIncident = (extra: Partial<OfficialView> = {}) => ({ ...green, incidents: [freeOnly], ...extra })

  it('changes when a likely-unaffected user’s own requests start failing (same level)', () => {
    const unaffected = computeVerdict(input({ official: withIncident(), observations: [obs('success', 60)] }))
    const affected = computeVerdict(
      input({
        official: withIncident(),
        observations: [obs('success', 60), obs('server_error', 20), obs('server_error', 5)],
      }),
    )
    expect(unaffected.headline.key).toBe('verdictOfficialOtherTier')
    expect(affected.headline.key).not.toBe('verdictOfficialOtherTier')
    expect(affected.level).toBe(unaffected.level)
    expect(affected.key).not.toBe(unaffected.key)
  })

  it('changes when the level of the same incident changes', () => {
    const failing = [obs('server_error', 20), obs('server_error', 5)]
    const degraded = computeVerdict(input({ official: withIncident(), observations: failing }))
    const outage = computeVerdict(
      input({ official: withIncident({ claudeAiStatus: 'major_outage' }), observations: failing }),
    )
    expect([degraded.level, outage.level]).toEqual(['degraded', 'outage'])
    expect(outage.key).not.toBe(degraded.key)
  })

  it('changes when a crowd spike starts failing for the user too', () => {
    // Mid-way through a 10-minute bucket, so that both verdicts fall in the same one.
    const now = NOW + 5 * 60_000
    const crowd = { reporters15: 42, ratio: 8.4, anomalous: true, fetchedAt: now }
    const others = computeVerdict(input({ now, crowd, observations: [obs('success', 0)] }))
    const failing = computeVerdict(
      input({
        now,
        crowd,
        observations: [obs('success', 0), obs('server_error', -60), obs('overloaded', -280)],
      }),
    )
    expect([others.level, failing.level]).toEqual(['degraded', 'outage'])
    expect(failing.key).not.toBe(others.key)
  })

  it('holds while the situation is the same', () => {
    const a = computeVerdict(input({ official: withIncident(), observations: [obs('success', 60)] }))
    const b = computeVerdict(
      input({ official: withIncident(), observations: [obs('success', 60), obs('success', 5)] }),
    )
    expect(b.key).toBe(a.key)
  })
})

describe('advice names a model as "not named" only when an incident names models', () => {
  it('local-only failures → "try another model", not "switch, it isn’t named as affected"', () => {
    const v = computeVerdict(input({ observations: [obs('server_error', 60), obs('server_error', 5)] }))
    expect(v.attribution).toBe('local')
    const sw = v.advice.find((a) => a.kind === 'switch-model')
    expect(sw?.text.key).toBe('adviceTryModel')
    // Never the user's own (failing) family.
    expect(sw?.text.subs?.[0]?.toLowerCase().startsWith(v.userModel!)).toBe(false)
  })

  it('crowd spike while the user fails → "try another model" too', () => {
    const v = computeVerdict(
      input({
        observations: [obs('server_error', 60), obs('server_error', 5)],
        crowd: { reporters15: 42, ratio: 8.4, anomalous: true, fetchedAt: NOW },
      }),
    )
    expect(v.attribution).toBe('crowd')
    expect(v.advice.map((a) => a.text.key)).toEqual(['adviceRetry', 'adviceTryModel'])
  })

  it('crowd spike while the user’s requests are fine → no retry advice', () => {
    const v = computeVerdict(
      input({
        observations: [obs('success', 5)],
        crowd: { reporters15: 42, ratio: 8.4, anomalous: true, fetchedAt: NOW },
      }),
    )
    expect(v.headline.key).toBe('verdictCrowdOthers')
    expect(v.advice.map((a) => a.kind)).not.toContain('retry')
  })

  it('an incident naming models still says "isn’t named as affected"', () => {
    const v = computeVerdict(
      input({
        official: { ...green, incidents: [incident({ models: [sonnet] })] },
        observations: [obs('server_error', 20), obs('server_error', 5)],
      }),
    )
    expect(v.advice.find((a) => a.kind === 'switch-model')?.text.key).toBe('adviceSwitchModel')
  })
})

describe('model names in a headline are display names', () => {
  it('an incident for other models: both the named models and the user’s model are capitalised', () => {
    const v = computeVerdict(
      input({
        official: { ...green, incidents: [incident({ models: [opus, haiku] })] },
        observations: [obs('success', 5)],
      }),
    )
    expect(v.headline.key).toBe('verdictOfficialOtherModel')
    const [named, yours] = v.headline.subs!
    const names = named!.split(', ')
    expect(names).toHaveLength(v.models.length)
    for (const name of [...names, yours!]) expect(name).toMatch(/^\p{Lu}\p{Ll}+( \d+(\.\d+)*)?$/u)
    // The same families as the test hook, only capitalised.
    expect(names.map((n) => n.split(' ')[0]!.toLowerCase())).toEqual(v.models)
  })
})

describe('crowd line grammar', () => {
  it('one reporter is one person, with and without a ratio', () => {
    expect(crowdLineMsg({ reporters15: 1, ratio: null })).toEqual({ key: 'crowdLineOne' })
    expect(crowdLineMsg({ reporters15: 1, ratio: 3 })).toEqual({ key: 'crowdLineRatioOne', subs: ['3'] })
    expect(crowdLineMsg({ reporters15: 2, ratio: null })).toEqual({ key: 'crowdLine', subs: ['2'] })
  })

  it('a ratio never ends in ".0" and keeps one decimal below 10', () => {
    for (let r = 1.5; r < 40; r += 0.01) {
      const sub = crowdLineMsg({ reporters15: 5, ratio: r }).subs!.at(-1)!
      expect(sub, String(r)).not.toMatch(/\.0$|\.\d\d/)
      expect(Math.abs(Number(sub) - r), String(r)).toBeLessThanOrEqual(r >= 10 ? 0.5 : 0.05 + 1e-9)
    }
    expect(crowdLineMsg({ reporters15: 5, ratio: 8.44 }).subs).toEqual(['5', '8.4'])
  })
})
