// A fetch() for Node that reaches the simulator (self-signed HTTPS, Host header) and counts the bytes
// each response put on the wire: status line + headers + body, as a browser would receive them.
import { simRequest } from '../sim/client.ts'

export interface CountingFetch {
  fetch: typeof fetch
  bytes: () => number
  requests: () => number
}

export function countingSimFetch(port: number): CountingFetch {
  let bytes = 0
  let requests = 0
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v
    })
    const res = await simRequest(port, {
      host: url.hostname,
      path: url.pathname + url.search,
      headers,
      timeoutMs: 15_000,
    })
    requests++
    const headerBytes = Object.entries(res.headers).reduce(
      (n, [k, v]) => n + k.length + 4 + (Array.isArray(v) ? v.join(', ').length : String(v ?? '').length),
      `HTTP/1.1 ${res.status} \r\n\r\n`.length,
    )
    bytes += headerBytes + res.body.length
    const out = new Headers()
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v)
    return new Response(res.status === 304 ? null : new Uint8Array(res.body), {
      status: res.status,
      headers: out,
    })
  }
  return { fetch: fetchImpl as typeof fetch, bytes: () => bytes, requests: () => requests }
}
