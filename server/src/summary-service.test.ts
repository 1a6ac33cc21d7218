import { describe, expect, it } from 'vitest'
import { ifNoneMatchHits } from './summary-service.ts'

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
