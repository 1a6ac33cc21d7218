import { describe, expect, it } from 'vitest'
import { etagFor, ifNoneMatchHits, negotiateEncoding } from './summary-service.ts'

describe('ifNoneMatchHits', () => {
  const tag = '"abc"'
  it('matches exact, listed, weak and wildcard validators', () => {
    expect(ifNoneMatchHits('"abc"', tag)).toBe(true)
    expect(ifNoneMatchHits('"x", "abc"', tag)).toBe(true)
    expect(ifNoneMatchHits('W/"abc"', tag)).toBe(true)
    expect(ifNoneMatchHits('*', tag)).toBe(true)
  })
  it('does not match others or nothing', () => {
    expect(ifNoneMatchHits('"abd"', tag)).toBe(false)
    expect(ifNoneMatchHits('abc', tag)).toBe(false)
    expect(ifNoneMatchHits(undefined, tag)).toBe(false)
  })
})

describe('representations', () => {
  it('prefers brotli, then gzip, honouring q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip')
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(negotiateEncoding('*')).toBe('gzip')
    expect(negotiateEncoding('identity')).toBe('identity')
    expect(negotiateEncoding(undefined)).toBe('identity')
  })

  it('gives each encoding its own strong ETag, and revalidates any of them', () => {
    expect(etagFor('"abc"', 'gzip')).toBe('"abc-gz"')
    expect(etagFor('"abc"', 'br')).toBe('"abc-br"')
    expect(etagFor('"abc"', 'identity')).toBe('"abc"')
    expect(ifNoneMatchHits('"abc-gz"', '"abc"')).toBe(true)
    expect(ifNoneMatchHits('"abd-gz"', '"abc"')).toBe(false)
  })
})
