// Small HTTP helpers shared by the status side, the claude.ai side and the control panel.
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'

/** The host a request was addressed to, lowercased and without the port ("claude.ai:8443" → "claude.ai"). */
export function hostOf(req: IncomingMessage): string {
  const raw = (req.headers.host ?? '').trim().toLowerCase()
  if (raw.startsWith('[')) return raw.slice(0, raw.indexOf(']') + 1) // IPv6 literal
  const colon = raw.lastIndexOf(':')
  return colon === -1 ? raw : raw.slice(0, colon)
}

/** Path and query of a request, parsed against a dummy base (the host is dispatched on separately). */
export function urlOf(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'https://sim.invalid')
}

/** True when the peer is on this machine. The control API is only honoured from loopback. */
export function isLoopback(req: IncomingMessage): boolean {
  const addr = req.socket.remoteAddress ?? ''
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || addr.startsWith('127.')
}

/**
 * A weak validator like Statuspage's: `W/"<md5 hex>"` of the exact body bytes. Weak because the
 * real edge serves the same entity compressed or not (statuspage.md §1).
 */
export function weakEtag(body: Buffer | string): string {
  return `W/"${createHash('md5').update(body).digest('hex')}"`
}

/**
 * RFC 9110 §13.1.2 If-None-Match with weak comparison: `*` or any listed tag whose opaque part
 * equals ours, with or without the `W/` prefix.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  const ours = etag.replace(/^W\//, '')
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === ours)
}

/** Writes a complete response. Returns the number of body bytes written (0 for HEAD). */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer | string = '',
): number {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, { ...headers, 'content-length': buf.length })
  if (req.method === 'HEAD') {
    res.end()
    return 0
  }
  res.end(buf)
  return buf.length
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
): number {
  return send(
    req,
    res,
    status,
    { 'content-type': 'application/json; charset=utf-8', ...headers },
    JSON.stringify(value),
  )
}

/** Reads a request body, capped so a runaway client cannot exhaust memory. */
export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new Error(`request body over ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** `req_` + 24 alphanumerics, the shape claude.ai uses (errors.json `request_id_regex`). */
export function requestId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  // The observed ids all start `req_011C` (errors.json); the rest is random.
  return `req_011C${[...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')}`
}
