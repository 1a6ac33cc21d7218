import { describe, expect, it } from 'vitest'
import { SummarySchema } from '../../src/shared/crowd/schema.ts'
import { planBaseline } from './anomaly.ts'
import { DAY, MINUTE } from './clock.ts'
import { DEFAULT_ANOMALY } from './config.ts'
import type { WindowStats } from './store/types.ts'
import { buildSummary, type SummaryInput, windowFor } from './summary.ts'

const NOW = Date.UTC(2026, 2, 31, 14, 22, 30)

function statsWith(cells: Array<[string, string, string, number]>): WindowStats {
  return {
    cellBuckets: [],
    cells: cells.map(([kind, model, tier, reporters15]) => ({
      kind,
      model,
      tier,
      reports: reporters15,
      reporters: reporters15,
      reports15: reporters15,
      reporters15,
    })),
    totalBuckets: [],
    total: { reports: 0, reporters: 0, reports15: 0, reporters15: 0 },
  }
}

describe('windowFor', () => {
  it('is the 12 five-minute buckets ending with the current, partial one', () => {
    const w = windowFor(NOW)
    expect(new Date(w.from).toISOString()).toBe('2026-03-31T13:25:00.000Z')
    expect(w.to).toBe(NOW)
    expect(w.from15).toBe(NOW - 15 * MINUTE)
    expect(w.bucketStarts).toHaveLength(12)
    expect(new Date(w.bucketStarts[11]!).toISOString()).toBe('2026-03-31T14:20:00.000Z')
  })
})

describe('buildSummary', () => {
  const plan = planBaseline(NOW, NOW - 60 * DAY, 30 * DAY)
  const summarise = (
    stats: WindowStats,
    options: { maxCells?: number; minCellReporters?: number; sums?: SummaryInput['sums'] } = {},
  ) =>
    buildSummary({
      asOf: NOW,
      stats,
      plan,
      sums: options.sums ?? [],
      params: DEFAULT_ANOMALY,
      maxCells: options.maxCells ?? 10,
      minCellReporters: options.minCellReporters ?? 1,
    })

  it('orders cells anomalous first, then by score, ties by key, and caps the list', () => {
    const stats = statsWith([
      ['slow', 'opus', 'pro', 2],
      ['overloaded', 'sonnet', 'free', 9],
      ['gateway', 'haiku', 'max', 2],
      ['server_error', 'sonnet', 'pro', 3],
    ])
    const summary = summarise(stats, { maxCells: 3 })
    expect(SummarySchema.parse(summary)).toEqual(summary)
    expect(summary.cells.map((c) => `${c.kind}:${c.anomalous}`)).toEqual([
      'overloaded:true',
      'server_error:false',
      'gateway:false', // same score as slow/opus/pro; "gateway" sorts first
    ])
  })

  it('lists a cell only from minCellReporters distinct reporters on (privacy), the total counts all', () => {
    const stats = statsWith([
      ['slow', 'opus', 'enterprise', 2],
      ['server_error', 'sonnet', 'pro', 3],
    ])
    stats.total = { reports: 5, reporters: 5, reports15: 5, reporters15: 5 }
    const summary = summarise(stats, { minCellReporters: 3 })
    expect(summary.cells.map((c) => c.tier)).toEqual(['pro'])
    expect(summary.total.reporters).toBe(5)
  })

  it('reads each cell its own baseline from the aggregate sums, the total included', () => {
    const stats = statsWith([['server_error', 'sonnet', 'pro', 9]])
    stats.total = { reports: 9, reporters: 9, reports15: 9, reporters15: 9 }
    const sums = plan.weeks.flatMap((_, range) => [
      {
        range,
        span: 15 as const,
        kind: 'server_error',
        model: 'sonnet',
        tier: 'pro',
        reporters: 8,
        reports: 8,
      },
      {
        range,
        span: 60 as const,
        kind: 'server_error',
        model: 'sonnet',
        tier: 'pro',
        reporters: 7,
        reports: 8,
      },
      { range, span: 15 as const, kind: 'all', model: 'all', tier: 'all', reporters: 40, reports: 40 },
    ])
    const summary = summarise(stats, { sums })
    expect(summary.cells[0]).toMatchObject({
      baseline: 7,
      last15: { baseline15: 2, ratio: 4.5 },
      anomalous: false,
    })
    expect(summary.total).toMatchObject({ last15: { baseline15: 10, ratio: 0.9 }, anomalous: false })
  })

  it("places each bucket's counts at its start time, and ignores counts outside the window", () => {
    const w = windowFor(NOW)
    const stats = statsWith([['server_error', 'sonnet', 'pro', 4]])
    const cell = { kind: 'server_error', model: 'sonnet', tier: 'pro' }
    stats.cellBuckets = [
      { ...cell, bucket: w.bucketStarts[0]!, reports: 3, reporters: 2 },
      { ...cell, bucket: w.bucketStarts[11]!, reports: 5, reporters: 4 },
      // None of these is a bucket of this window: before it, after it, and not on a boundary.
      { ...cell, bucket: w.from - 5 * MINUTE, reports: 70, reporters: 70 },
      { ...cell, bucket: w.bucketStarts[11]! + 5 * MINUTE, reports: 80, reporters: 80 },
      { ...cell, bucket: w.bucketStarts[3]! + 1, reports: 90, reporters: 90 },
    ]
    stats.totalBuckets = [
      { bucket: w.bucketStarts[6]!, reports: 7, reporters: 6 },
      { bucket: w.from - 60 * MINUTE, reports: 99, reporters: 99 },
    ]
    const summary = summarise(stats)
    const counts = (buckets: Array<{ reports: number; reporters: number }>) =>
      buckets.map((b) => `${b.reports}/${b.reporters}`)
    expect(summary.cells[0]!.buckets.map((b) => b.start)).toEqual(
      w.bucketStarts.map((start) => new Date(start).toISOString()),
    )
    expect(counts(summary.cells[0]!.buckets)).toEqual(['3/2', ...Array<string>(10).fill('0/0'), '5/4'])
    expect(counts(summary.total.buckets)).toEqual([
      ...Array<string>(6).fill('0/0'),
      '7/6',
      ...Array<string>(5).fill('0/0'),
    ])
  })
})
