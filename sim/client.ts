// A tiny Node client for the simulator: HTTPS to 127.0.0.1:<port> with the Host header (and SNI)
// of the site being played, the self-signed certificate accepted. Used by sim's own tests, and
// handy for any test that wants to poke the simulator without a browser.
import type { IncomingHttpHeaders } from 'node:http'
import { request } from 'node:https'

export interface SimRequest {
  host: string
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Give up (and reject with a TimeoutError-named error) after this many ms without a complete response. */
  timeoutMs?: number
  /** Open a fresh connection instead of sharing the global keep-alive agent. */
  agent?: false
}

export interface SimResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
}

export function simRequest(port: number, r: SimRequest): Promise<SimResponse> {
  return new Promise((resolveOuter, rejectOuter) => {
    let timer: NodeJS.Timeout | undefined
    const resolve = (v: SimResponse) => {
      clearTimeout(timer)
      resolveOuter(v)
    }
    const reject = (e: unknown) => {
      clearTimeout(timer)
      rejectOuter(e)
    }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: r.path,
        method: r.method ?? 'GET',
        headers: { host: r.host, ...r.headers },
        servername: r.host,
        rejectUnauthorized: false,
        agent: r.agent,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    if (r.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const err = new Error(`no complete response within ${r.timeoutMs} ms`)
        err.name = 'TimeoutError'
        req.destroy(err)
        reject(err)
      }, r.timeoutMs)
    }
    req.on('error', reject)
    req.end(r.body)
  })
}

export interface SseFrame {
  event: string
  data: string
}

/** Parses a complete SSE body into frames (blank-line separated; multi-line data joined by \n). */
export function parseSse(text: string): SseFrame[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message'
      const data: string[] = []
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      return { event, data: data.join('\n') }
    })
}
