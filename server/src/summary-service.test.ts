import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from './clock.ts'
import { defaultConfig } from './config.ts'
import { Metrics } from './metrics.ts'
import { openSqliteStore } from './store/sqlite.ts'
import type { Store, WindowStats } from './store/types.ts'
import { etagFor, ifNoneMatchHits, negotiateEncoding, SummaryService } from './summary-service.ts'

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

describe('computing a summary', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('lets the event loop turn before building and before serialising, so requests are not held up', async () => {
    const store = openSqliteStore(':memory:')
    const order: string[] = []
    // What happens between the steps is told apart by setImmediate callbacks, which run on the next
    // turn of the loop (where Node also runs the I/O callbacks of requests that arrived meanwhile).
    const observed: Store = {
      ...store,
      async windowStats(query) {
        const stats = await store.windowStats(query)
        setImmediate(() => order.push('turn before building'))
        const cellBuckets = stats.cellBuckets
        return Object.defineProperty({ ...stats }, 'cellBuckets', {
          get() {
            order.push('building')
            setImmediate(() => order.push('turn before serialising'))
            return cellBuckets
          },
        }) as WindowStats
      },
    }
    const stringify = JSON.stringify
    vi.spyOn(JSON, 'stringify').mockImplementation((value, ...rest) => {
      if ((value as { windowMinutes?: unknown })?.windowMinutes !== undefined) order.push('serialising')
      return stringify(value, ...rest)
    })
    const service = new SummaryService(observed, systemClock, defaultConfig(), new Metrics())
    try {
      const snapshot = await service.get()
      expect(JSON.parse(snapshot.body)).toMatchObject({ windowMinutes: 60 })
      expect(order).toEqual(['turn before building', 'building', 'turn before serialising', 'serialising'])
    } finally {
      await store.close()
    }
  })
})
