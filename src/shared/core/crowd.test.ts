import { describe, expect, it } from 'vitest'
import { testObservation } from '../../../test/unit/observation.ts'
import { ReportSchema } from '../crowd/report.ts'
import { SummarySchema } from '../crowd/schema.ts'
import {
  AUTO_REPORT_MIN_INTERVAL_MS,
  buildReport,
  confirmedReportKind,
  crowdViewFromSummary,
  mayReport,
  SUMMARY_ACTIVE_MS,
  SUMMARY_IDLE_MS,
  summaryInterval,
  utcDay,
} from './crowd.ts'
import { isServerSideFailure } from './failures.ts'
import type { Observation, ObservationKind } from './observe/observation.ts'
import { OBSERVATION_KINDS } from './observe/vocab.ts'

const NOW = Date.parse('2026-11-26T12:00:00Z')
let n = 0
const obs = (kind: ObservationKind, secondsAgo: number, extra: Partial<Observation> = {}): Observation =>
  testObservation(++n, {
    kind,
    status: kind === 'success' ? 200 : 500,
    model: { family: 'opus', version: '4.6' },
    requestId: 'req_011CZAZLDXQdVKwgHDw6GTiN',
    at: NOW - secondsAgo * 1000,
    ...extra,
  })

describe('what gets reported automatically', () => {
  it('one blip: nothing; a streak of two server-side failures: the last one’s kind', () => {
    expect(confirmedReportKind([obs('server_error', 5)], NOW)).toBeNull()
    expect(confirmedReportKind([obs('server_error', 30), obs('overloaded', 5)], NOW)).toBe('overloaded')
    expect(
      confirmedReportKind([obs('server_error', 30), obs('success', 20), obs('gateway', 5)], NOW),
    ).toBeNull()
  })

  it('a neutral outcome (slow reply, Stop) neither ends nor breaks the run, as in the verdict', () => {
    // Two failures then a slow reply: the banner says "failing for you (2 in a row)"; so is a report sent.
    expect(confirmedReportKind([obs('server_error', 40), obs('server_error', 30), obs('slow', 5)], NOW)).toBe(
      'server_error',
    )
    expect(confirmedReportKind([obs('server_error', 40), obs('slow', 30), obs('gateway', 5)], NOW)).toBe(
      'gateway',
    )
    expect(confirmedReportKind([obs('server_error', 40), obs('slow', 5)], NOW)).toBeNull()
  })

  it.each([
    'usage_limit',
    'network',
    'rate_limit',
    'aborted',
    'length_limit',
    'account',
    'challenge',
  ] as const)('never %s', (kind) => {
    expect(confirmedReportKind([obs(kind, 30), obs(kind, 20), obs(kind, 5)], NOW)).toBeNull()
  })

  it('never the user’s own expired login, nor slow replies: the consent text promises server-side failures only', () => {
    expect(confirmedReportKind([obs('auth', 30), obs('auth', 20), obs('auth', 5)], NOW)).toBeNull()
    expect(confirmedReportKind([obs('slow', 30), obs('slow', 20), obs('slow', 5)], NOW)).toBeNull()
    expect(confirmedReportKind([obs('server_error', 30), obs('auth', 5)], NOW)).toBeNull()
    expect(confirmedReportKind([obs('server_error', 30), obs('slow', 5)], NOW)).toBeNull()
  })

  it.each(OBSERVATION_KINDS)('%s: reported automatically only if it is a server-side failure', (kind) => {
    const reported = confirmedReportKind([obs(kind, 30), obs(kind, 20), obs(kind, 5)], NOW)
    if (reported !== null) {
      expect(isServerSideFailure(kind)).toBe(true)
      expect(reported).toBe(kind)
    }
  })

  it('every reported kind: server errors, overloaded, gateway errors, stalls', () => {
    const reported = OBSERVATION_KINDS.filter((k) => confirmedReportKind([obs(k, 30), obs(k, 5)], NOW))
    expect(reported.sort()).toEqual(['gateway', 'overloaded', 'server_error', 'stall'])
  })

  it('at most one per kind per 5 minutes', () => {
    expect(mayReport('stall', {}, NOW)).toBe(true)
    expect(mayReport('stall', { stall: NOW - AUTO_REPORT_MIN_INTERVAL_MS + 1 }, NOW)).toBe(false)
    expect(mayReport('stall', { stall: NOW - AUTO_REPORT_MIN_INTERVAL_MS }, NOW)).toBe(true)
    expect(mayReport('gateway', { stall: NOW }, NOW)).toBe(true)
  })
})

describe('the report', () => {
  it('has exactly the vocabulary fields, and the server schema accepts it', () => {
    const report = buildReport({
      kind: 'server_error',
      observation: obs('server_error', 1),
      tier: 'pro',
      region: 'europe',
      clientVersion: '0.3.0',
      reporter: 'A'.repeat(43),
    })
    expect(Object.keys(report).sort()).toEqual([
      'client',
      'kind',
      'model',
      'region',
      'reporter',
      'status',
      'surface',
      'tier',
      'v',
    ])
    expect(report).toMatchObject({ model: 'opus', status: 500, tier: 'pro' })
    expect(ReportSchema.safeParse(report).success).toBe(true)
    // Nothing from the observation beyond status and model family: no request id, no time.
    expect(JSON.stringify(report)).not.toMatch(/req_|4\.6|abcd/)
  })
})

describe('summary cadence and view', () => {
  it('every minute while someone looks or errors were seen, else every 5 minutes', () => {
    expect(summaryInterval(true, [], NOW)).toBe(SUMMARY_ACTIVE_MS)
    expect(summaryInterval(false, [obs('gateway', 60)], NOW)).toBe(SUMMARY_ACTIVE_MS)
    expect(summaryInterval(false, [obs('success', 60)], NOW)).toBe(SUMMARY_IDLE_MS)
    expect(summaryInterval(false, [obs('gateway', 20 * 60)], NOW)).toBe(SUMMARY_IDLE_MS)
  })

  it('takes the total, the user’s model cells, the sparkline and the splits from a summary', () => {
    const bucket = (reporters: number, i: number) => ({
      start: new Date(NOW - (12 - i) * 300_000).toISOString(),
      reports: reporters,
      reporters,
    })
    const cell = (kind: string, model: string, tier: string, reporters: number, anomalous: boolean) => ({
      kind,
      model,
      tier,
      reports: reporters,
      reporters,
      baseline: 1,
      anomalous,
      score: anomalous ? 6 : 0.1,
      last15: { reports: reporters, reporters, baseline15: 0.5, ratio: reporters / 0.5 },
      buckets: Array.from({ length: 12 }, (_, i) => bucket(i === 11 ? reporters : 0, i)),
    })
    const summary = SummarySchema.parse({
      v: 1,
      generatedAt: new Date(NOW).toISOString(),
      windowMinutes: 60,
      bucketMinutes: 5,
      cells: [cell('server_error', 'opus', 'free', 9, true), cell('server_error', 'sonnet', 'pro', 1, false)],
      total: cell('all', 'all', 'all', 10, false),
    })
    const view = crowdViewFromSummary(summary, 'opus', NOW)
    expect(view).toMatchObject({
      reporters15: 10,
      ratio: 20,
      anomalous: true,
      byTier: { free: 9, pro: 1 },
      byModel: { opus: 9, sonnet: 1 },
    })
    expect(view.buckets).toHaveLength(12)
    expect(crowdViewFromSummary(summary, 'sonnet', NOW).anomalous).toBe(false)
  })

  it('reporter tokens rotate per UTC day', () => {
    expect(utcDay(Date.parse('2026-11-26T23:59:59Z'))).not.toBe(utcDay(Date.parse('2026-11-27T00:00:00Z')))
  })
})
