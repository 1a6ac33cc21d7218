// Behaviour that needs a real socket: the client address the per-address limit counts.
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/store/sqlite.ts'
import type { Store } from '../src/store/types.ts'
import { httpPost, listen, report, testApp, testConfig, token } from './helpers.ts'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

async function start(trustedProxyHeader: string | null) {
  const store: Store = openSqliteStore(':memory:')
  const { app } = testApp(store, {
    config: testConfig({
      trustedProxyHeader,
      rateLimit: { perTokenPerMinute: 1000, perAddressPerMinute: 2, maxKeys: 1000 },
    }),
  })
  const server = await listen(app)
  closers.push(() => store.close(), server.close)
  return server.url
}

describe('client address over real HTTP', () => {
  it('without a configured proxy header, X-Forwarded-For cannot buy a fresh budget', async () => {
    const url = await start(null)
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      const res = await httpPost(url, report({ reporter: token(i) }), { 'x-forwarded-for': `192.0.2.${i}` })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 202, 429])
  })

  it('with TRUSTED_PROXY_HEADER set, each forwarded client has its own budget', async () => {
    const url = await start('x-forwarded-for')
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    expect((await httpPost(url, report({ reporter: token(1) }), from('192.0.2.1'))).status).toBe(202)
    expect((await httpPost(url, report({ reporter: token(2) }), from('192.0.2.2'))).status).toBe(202)
    expect((await httpPost(url, report({ reporter: token(3) }), from('192.0.2.3'))).status).toBe(202)
    expect((await httpPost(url, report({ reporter: token(4) }), from('192.0.2.1'))).status).toBe(202)
    const limited = await httpPost(url, report({ reporter: token(5) }), from('192.0.2.1'))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('30')
  })

  it('with the header configured but missing, the socket address is used', async () => {
    const url = await start('x-forwarded-for')
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await httpPost(url, report({ reporter: token(i) }))).status)
    expect(statuses).toEqual([202, 202, 429])
  })
})
