// Behaviour that needs a real socket: the client address the per-address limit counts, bodies read
// straight from the socket, and the CORS headers as the Node adapter writes them.
import http from 'node:http'
import net from 'node:net'
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

/** A raw POST whose body is sent in chunks without Content-Length (Transfer-Encoding: chunked). */
function chunkedPost(url: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/reports`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = ''
        res.on('data', (d) => {
          body += d
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })
}

describe('bodies over real HTTP (read straight from the socket)', () => {
  async function plain() {
    const store: Store = openSqliteStore(':memory:')
    const { app } = testApp(store)
    const server = await listen(app)
    closers.push(() => store.close(), server.close)
    return server.url
  }

  it('accepts a report, chunked or not', async () => {
    const url = await plain()
    expect((await httpPost(url, report())).status).toBe(202)
    const json = JSON.stringify(report({ reporter: token(2) }))
    const res = await chunkedPost(url, [json.slice(0, 10), json.slice(10)])
    expect(res).toEqual({ status: 202, body: '{"ok":true}' })
  })

  it('413 by Content-Length before reading, and while streaming a chunked body', async () => {
    const url = await plain()
    const big = await httpPost(url, { ...report(), pad: 'x'.repeat(3000) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: 'too_large' })
    const streamed = await chunkedPost(url, Array(10).fill('x'.repeat(300)))
    expect(streamed.status).toBe(413)
    // The server is still fine afterwards.
    expect((await httpPost(url, report({ reporter: token(3) }))).status).toBe(202)
  })

  it('CORS headers reach the client on every answer', async () => {
    const url = await plain()
    const limited = await start(null) // two reports a minute per address
    const answers = [
      await httpPost(url, report({ reporter: token(4) })), // 202
      await httpPost(url, { v: 1 }), // 400
      await fetch(`${url}/v1/reports`, { method: 'POST', body: '{}' }), // 415 (text/plain)
      await httpPost(url, { ...report(), pad: 'x'.repeat(3000) }), // 413
      await fetch(`${url}/v1/summary`), // 200
      await fetch(`${url}/nowhere`), // 404
    ]
    for (let i = 0; i < 3; i++) answers.push(await httpPost(limited, report({ reporter: token(10 + i) })))
    expect(answers.map((r) => r.status)).toEqual([202, 400, 415, 413, 200, 404, 202, 202, 429])
    for (const res of answers) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.headers.get('access-control-expose-headers')).toBe('ETag, Retry-After')
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    }
  })

  it('a client that goes away mid-body costs nothing: no report, and the server answers the next', async () => {
    const store: Store = openSqliteStore(':memory:')
    const { app, metrics } = testApp(store)
    const server = await listen(app)
    closers.push(() => store.close(), server.close)
    const { port } = new URL(server.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const half = JSON.stringify(report()).slice(0, 30)
    socket.write(
      'POST /v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: 200\r\n\r\n${half}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    socket.destroy()
    // Polled rather than slept for: a loaded machine may take a while to notice the close.
    await expect.poll(() => metrics.get('crowd_reports_rejected_total', { reason: 'invalid_json' })).toBe(1)
    expect((await httpPost(server.url, report({ reporter: token(7) }))).status).toBe(202)
    expect(metrics.get('crowd_reports_accepted_total', {})).toBe(1)
  })

  it('400 for malformed JSON', async () => {
    const url = await plain()
    const res = await chunkedPost(url, ['{"v":1,', '"kind":'])
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_json' })
  })
})
