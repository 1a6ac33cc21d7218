// Small request helpers that read Node's IncomingMessage directly when the app runs on
// @hono/node-server. Going through Hono's `c.req.header()` / `c.req.raw.body` makes the adapter
// build a full WHATWG Request (Headers, ReadableStream, AbortSignal) for every POST, which cost
// more than validating, hashing and storing the report together (see bench/server.ts). Under
// `app.request()` in tests there is no IncomingMessage and the standard path is used.
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.ts'

/** A request header (lower-case name). */
export function header(c: Context<AppEnv>, name: string): string | undefined {
  const incoming = c.env?.incoming
  if (incoming) {
    const value = incoming.headers[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
  return c.req.header(name)
}

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' }

/**
 * Reads the request body, giving up as soon as it exceeds `limit` bytes (announced by
 * Content-Length, or counted while streaming), so an oversized body is never buffered.
 */
export async function readBody(c: Context<AppEnv>, limit: number): Promise<BodyResult> {
  const declared = header(c, 'content-length')
  if (declared !== undefined && Number(declared) > limit) return { ok: false, reason: 'too_large' }
  const incoming = c.env?.incoming
  if (incoming && !incoming.readableDidRead) {
    return new Promise<BodyResult>((resolve) => {
      const chunks: Buffer[] = []
      let size = 0
      // Settles once; later events are ignored. The listeners are not removed: the request object,
      // and they with it, is dropped when its response is written (cheaper than four removals).
      let settled = false
      const done = (result: BodyResult) => {
        if (settled) return
        settled = true
        chunks.length = 0
        resolve(result)
      }
      incoming.on('data', (chunk: Buffer) => {
        if (settled) return
        size += chunk.length
        if (size > limit) return done({ ok: false, reason: 'too_large' })
        chunks.push(chunk)
      })
      incoming.on('end', () => {
        if (!settled) done({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') })
      })
      incoming.on('error', () => done({ ok: false, reason: 'aborted' }))
      // After 'end' this is a no-op; before it, the client went away mid-body.
      incoming.on('close', () => done({ ok: false, reason: 'aborted' }))
    })
  }
  const body = c.req.raw.body
  if (!body) return { ok: true, text: '' }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return { ok: false, reason: 'too_large' }
    }
    chunks.push(value)
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') }
}

/**
 * The CORS headers of every response but a preflight's: any origin may read it (extension origins
 * differ per browser and install), including the headers clients act on.
 */
export const CORS_RESPONSE_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Retry-After',
} as const

export function setCorsHeaders(c: Context): void {
  for (const [name, value] of Object.entries(CORS_RESPONSE_HEADERS)) c.header(name, value)
}

/**
 * CORS for any origin. Static headers only: with `*` there is nothing to compute from the request,
 * so unlike hono/cors this reads no header and touches no Response object.
 */
export function openCors(options: { methods: string[]; headers: string[]; maxAge: number }) {
  const methods = options.methods.join(', ')
  const allowHeaders = options.headers.join(', ')
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': allowHeaders,
        'Access-Control-Max-Age': String(options.maxAge),
      })
    }
    setCorsHeaders(c)
    await next()
  }
  return middleware
}
