import { describe, expect, it } from 'vitest'
import { ReportSchema } from './report.ts'
import {
  isKind,
  isTier,
  newReporterToken,
  REPORTER_PATTERN,
  regionFromTimeZone,
  SummarySchema,
} from './schema.ts'

describe('regionFromTimeZone', () => {
  it('keeps only the continent of an IANA zone', () => {
    expect(regionFromTimeZone('Europe/Paris')).toBe('europe')
    expect(regionFromTimeZone('America/Argentina/Buenos_Aires')).toBe('america')
    expect(regionFromTimeZone('Asia/Tokyo')).toBe('asia')
    expect(regionFromTimeZone('Australia/Sydney')).toBe('australia')
    expect(regionFromTimeZone('Pacific/Auckland')).toBe('pacific')
    expect(regionFromTimeZone('Indian/Maldives')).toBe('indian')
    expect(regionFromTimeZone('Atlantic/Reykjavik')).toBe('atlantic')
    expect(regionFromTimeZone('Africa/Lagos')).toBe('africa')
    expect(regionFromTimeZone('Antarctica/Troll')).toBe('antarctica')
    expect(regionFromTimeZone('US/Eastern')).toBe('america')
  })

  it('says "other" for anything without a continent', () => {
    for (const tz of ['UTC', 'Etc/GMT+3', 'Arctic/Longyearbyen', '', undefined, null, 'Mars/Olympus']) {
      expect(regionFromTimeZone(tz)).toBe('other')
    }
  })
})

describe('newReporterToken', () => {
  it('makes tokens the server accepts, different every time', () => {
    const a = newReporterToken()
    const b = newReporterToken()
    expect(a).toMatch(REPORTER_PATTERN)
    expect(a).toHaveLength(43)
    expect(a).not.toBe(b)
  })

  it('encodes the random bytes as base64url', () => {
    const token = newReporterToken((bytes) => bytes.fill(0xfb))
    expect(token).toBe(Buffer.alloc(32, 0xfb).toString('base64url'))
  })
})

describe('wire format', () => {
  it('parses the documented report example', () => {
    const example = {
      v: 1,
      kind: 'server_error',
      status: 500,
      surface: 'claude.ai',
      model: 'sonnet',
      tier: 'pro',
      region: 'europe',
      client: '0.3.0',
      reporter: 'q8m2Xz4R7tY1uI0oP5aS6dF3gH9jK2lZxCvBnM4qW7e',
    }
    expect(ReportSchema.parse(example)).toEqual(example)
  })

  it('summary parsing tolerates kinds and fields a newer server may add', () => {
    const cell = {
      kind: 'timeout_v2',
      model: 'sonnet',
      tier: 'pro',
      reports: 1,
      reporters: 1,
      baseline: 0,
      anomalous: false,
      score: 0.3,
      last15: { reports: 1, reporters: 1, baseline15: 0.5, ratio: 2, p: 0.4 },
      buckets: [],
      region: 'europe',
    }
    const parsed = SummarySchema.parse({
      v: 1,
      generatedAt: '2026-03-31T14:20:00.000Z',
      windowMinutes: 60,
      bucketMinutes: 5,
      cells: [cell],
      total: { ...cell, kind: 'all', model: 'all', tier: 'all' },
      method: 'poisson',
    })
    expect(parsed.cells[0]?.kind).toBe('timeout_v2')
    expect(isKind(parsed.cells[0]!.kind)).toBe(false)
    expect(isKind('overloaded')).toBe(true)
    expect(isTier('max')).toBe(true)
    expect('method' in parsed).toBe(false)
  })
})
