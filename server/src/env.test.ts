import { describe, expect, it } from 'vitest'
import { configFromEnv, EnvError, parseEnv } from './env.ts'

describe('parseEnv', () => {
  it('has defaults that start a SQLite server with no set-up', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({
      PORT: 8787,
      DATA_DIR: './.data',
      RATE_LIMIT_PER_TOKEN: 6,
      RATE_LIMIT_PER_ADDRESS: 60,
    })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.TRUSTED_PROXY_HEADER).toBeUndefined()
  })

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', TRUSTED_PROXY_HEADER: ' ' }).DATABASE_URL).toBeUndefined()
  })

  it('names every bad variable', () => {
    let error: unknown
    try {
      parseEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REPORTER_SALT_SECRET: 'short',
        TRUSTED_PROXY_HEADER: 'x y',
      })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(EnvError)
    const message = (error as Error).message
    for (const name of ['PORT', 'DATABASE_URL', 'REPORTER_SALT_SECRET', 'TRUSTED_PROXY_HEADER']) {
      expect(message).toContain(`${name}:`)
    }
  })

  it('maps onto the instance config', () => {
    const env = parseEnv({
      TRUSTED_PROXY_HEADER: 'X-Forwarded-For',
      TRUSTED_PROXY_HOPS: '2',
      RATE_LIMIT_PER_TOKEN: '3',
      SUMMARY_CACHE_SECONDS: '10',
      SUMMARY_MIN_CELL_REPORTERS: '5',
      METRICS_TOKEN: 'm',
    })
    const config = configFromEnv(env, 's'.repeat(32))
    expect(config).toMatchObject({
      trustedProxyHeader: 'x-forwarded-for',
      trustedProxyHops: 2,
      summaryCacheMs: 10_000,
      metricsToken: 'm',
      reporterSecret: 's'.repeat(32),
      minCellReporters: 5,
      maxCells: 200,
    })
    expect(config.rateLimit.perTokenPerMinute).toBe(3)
  })
})
