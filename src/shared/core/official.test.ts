import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../../test/fixtures.ts'
import { t } from '../../platform/i18n.ts'
import { type Msg, msg } from './message.ts'
import { planNotifications } from './notify.ts'
import {
  BADGE_COLORS,
  badgeFor,
  effectiveHealth,
  headlineFor,
  officialState,
  STALE_AFTER_MS,
} from './official.ts'
import type { ComponentStatus, SourceHealth, StatusSnapshot } from './statuspage/model.ts'
import { parseSummary } from './statuspage/normalise.ts'

const NOW = Date.parse('2026-10-08T00:00:00Z')
const WATCHED = ['rwppv331jlwc', 'k8w3r06qmzrp', 'yyzkbfz2thpt']
const OK: SourceHealth = { state: 'ok', reason: null, since: 0 }
// The extension's own translation (through the in-memory browser's _locales): times and ages too.
const translate = (m: Msg) => t(m)

function snapshot(
  statuses: Partial<Record<string, ComponentStatus>> = {},
  keepIncidents = false,
): StatusSnapshot {
  const r = parseSummary(readSharedFixture('statuspage/summary-claude-2026-10-07.json'), NOW - 10_000)
  if (!r.ok) throw new Error(r.reason)
  const s = r.value
  s.components = s.components.map((c) => ({ ...c, status: statuses[c.id] ?? 'operational' }))
  if (!keepIncidents) s.incidents = []
  return s
}

describe('badge and headline mapping', () => {
  it.each([
    [{}, '', BADGE_COLORS.ok, 'Claude is up'],
    [{ rwppv331jlwc: 'degraded_performance' }, '!', BADGE_COLORS.degraded, 'Claude is having problems'],
    [{ k8w3r06qmzrp: 'partial_outage' }, '!', BADGE_COLORS.partial, 'Claude is having problems'],
    [
      { yyzkbfz2thpt: 'major_outage', rwppv331jlwc: 'degraded_performance' },
      '!!',
      BADGE_COLORS.major,
      'Claude is having problems',
    ],
    [{ rwppv331jlwc: 'under_maintenance' }, 'M', BADGE_COLORS.maintenance, 'Claude is under maintenance'],
    [{ rwppv331jlwc: 'unknown' }, '!', BADGE_COLORS.degraded, 'Claude is having problems'],
  ] as const)('%j → badge %j', (statuses, text, color, headline) => {
    const state = officialState(snapshot(statuses), OK, WATCHED, NOW)
    const badge = badgeFor(state, translate)
    expect(badge.text).toBe(text)
    expect(badge.color).toBe(color)
    expect(translate(headlineFor(state, translate).headline)).toBe(headline)
  })

  it('the title says it in words, naming each affected service', () => {
    const state = officialState(
      snapshot({ rwppv331jlwc: 'partial_outage', k8w3r06qmzrp: 'degraded_performance' }),
      OK,
      WATCHED,
      NOW,
    )
    expect(translate(badgeFor(state, translate).title)).toBe(
      'Is Claude Down? — Claude has problems: claude.ai: partial outage; Claude API (api.anthropic.com): degraded performance',
    )
  })

  it('an unwatched component in trouble does not mark the badge', () => {
    const state = officialState(snapshot({ '0qbwn08sd68x': 'major_outage' }), OK, WATCHED, NOW)
    expect(badgeFor(state, translate).text).toBe('')
  })

  it('an open incident on a watched component with every dot green is still a problem', () => {
    const s = snapshot({}, true)
    s.incidents = s.incidents.map((i) => ({ ...i, componentIds: ['rwppv331jlwc'] }))
    const state = officialState(s, OK, WATCHED, NOW)
    expect(state.level).toBe('degraded')
    expect(badgeFor(state, translate).text).toBe('!')
  })

  it.each(['unreachable', 'invalid', 'stale'] as const)(
    '%s source → "?" and "Status unknown", never up',
    (health) => {
      const reason = msg('healthReasonHttp', '503')
      const state = officialState(snapshot(), { state: health, reason, since: NOW }, WATCHED, NOW)
      const badge = badgeFor(state, translate)
      expect(badge.text).toBe('?')
      expect(badge.color).toBe(BADGE_COLORS.unknown)
      expect(translate(badge.title)).toMatch(/Status unknown \(HTTP 503\)/)
      const { headline, detail } = headlineFor(state, translate)
      expect(translate(headline)).toBe('Status unknown')
      expect(translate(detail)).toMatch(/can't be read \(HTTP 503\)\. Showing the last known state, 10 s old/)
    },
  )

  it('the age of the last known state reads in the unit that fits, never "300 min"', () => {
    const reason = msg('healthReasonHttp', '503')
    const health: SourceHealth = { state: 'unreachable', reason, since: NOW }
    const later = NOW + 5 * 60 * 60_000
    const state = officialState(snapshot(), health, WATCHED, later)
    expect(translate(headlineFor(state, translate).detail)).toMatch(/last known state, 5 h old\./)
    expect(translate(badgeFor(state, translate).title)).toMatch(
      /Status unknown \(HTTP 503\)\. Last known state is 5 h old\./,
    )
  })

  it('never fetched → unknown', () => {
    const state = officialState(null, { state: 'stale', reason: null, since: 0 }, WATCHED, NOW)
    expect(badgeFor(state, translate).text).toBe('?')
    expect(translate(headlineFor(state, translate).detail)).toMatch(/not an "all clear"/)
  })

  it('data older than the stale limit turns an ok source stale', () => {
    expect(effectiveHealth(OK, NOW - STALE_AFTER_MS - 1, NOW).state).toBe('stale')
    expect(effectiveHealth(OK, NOW - 1000, NOW).state).toBe('ok')
    expect(effectiveHealth(OK, null, NOW).state).toBe('stale')
  })
})

describe('notifications', () => {
  const state = (statuses: Partial<Record<string, ComponentStatus>>, health = OK) =>
    officialState(snapshot(statuses), health, WATCHED, NOW)

  it('first sight sets the baseline silently', () => {
    const plan = planNotifications(null, state({ rwppv331jlwc: 'major_outage' }), translate)
    expect(plan.notifications).toEqual([])
    expect(plan.baseline?.rwppv331jlwc).toBe('major_outage')
  })

  it('leaving operational notifies once; staying down does not repeat', () => {
    const first = planNotifications(null, state({}), translate)
    const down = planNotifications(first.baseline, state({ rwppv331jlwc: 'partial_outage' }), translate)
    expect(down.notifications).toHaveLength(1)
    expect(translate(down.notifications[0]!.title)).toBe('claude.ai: partial outage')
    const again = planNotifications(down.baseline, state({ rwppv331jlwc: 'major_outage' }), translate)
    expect(again.notifications).toEqual([])
    const up = planNotifications(again.baseline, state({}), translate)
    expect(up.notifications.map((n) => n.direction)).toEqual(['up'])
    expect(translate(up.notifications[0]!.title)).toBe('claude.ai is operational again')
  })

  it('an unreadable source changes nothing (no false recovery)', () => {
    const down = planNotifications(
      { rwppv331jlwc: 'major_outage' },
      state({}, { state: 'unreachable', reason: msg('healthReasonNetwork'), since: 0 }),
      translate,
    )
    expect(down.notifications).toEqual([])
    expect(down.baseline).toEqual({ rwppv331jlwc: 'major_outage' })
  })

  it('names the incident in the message', () => {
    const s = snapshot({ '0qbwn08sd68x': 'partial_outage' }, true)
    const plan = planNotifications(
      { '0qbwn08sd68x': 'operational' },
      officialState(s, OK, ['0qbwn08sd68x'], NOW),
      translate,
    )
    expect(translate(plan.notifications[0]!.message)).toBe(
      'Anthropic reports: Elevated errors on platform.claude.com',
    )
  })
})

describe('notify me when resolved', () => {
  it('fires once when the incident is no longer open, then forgets it', async () => {
    const { planResolved } = await import('./notify.ts')
    const watch = [
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B' },
    ]
    const step1 = planResolved(watch, ['a', 'b'])
    expect(step1.resolved).toEqual([])
    const step2 = planResolved(step1.remaining, ['b'])
    expect(step2.resolved).toEqual([{ id: 'a', title: 'A' }])
    expect(step2.remaining).toEqual([{ id: 'b', title: 'B' }])
    // An unreadable status page resolves nothing.
    expect(planResolved(step2.remaining, null)).toEqual({ resolved: [], remaining: step2.remaining })
  })
})
