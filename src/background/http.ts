// One conditional GET with a timeout and a size cap. Never throws: every outcome is a value the
// poller can store (statuspage.md §0: a failed fetch means "unknown", never "operational").
import { type Msg, msg } from '../shared/core/message.ts'

export type FetchOutcome =
  | { kind: 'not-modified' }
  | { kind: 'ok'; body: string; etag: string | null; bytes: number }
  | { kind: 'unreachable'; reason: Msg }
  | { kind: 'invalid'; reason: Msg }

export interface HttpDeps {
  fetch: typeof fetch
  timeoutMs: number
  maxBytes: number
  userAgent?: string
}

export async function conditionalGet(
  url: string,
  etag: string | null,
  deps: HttpDeps,
): Promise<FetchOutcome> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs)
  try {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (etag) headers['If-None-Match'] = etag
    // Firefox honours a custom User-Agent; Chromium silently keeps its own (the header is ignored).
    if (deps.userAgent) headers['User-Agent'] = deps.userAgent
    // no-store: we do our own revalidation with the stored ETag, so the 304 reaches us untouched.
    const res = await deps.fetch(url, {
      headers,
      cache: 'no-store',
      signal: controller.signal,
      credentials: 'omit',
    })
    if (res.status === 304) return { kind: 'not-modified' }
    if (!res.ok) {
      void res.body?.cancel().catch(() => {})
      return { kind: 'unreachable', reason: msg('healthReasonHttp', String(res.status)) }
    }
    const declared = Number(res.headers.get('content-length'))
    if (Number.isFinite(declared) && declared > deps.maxBytes) {
      void res.body?.cancel().catch(() => {})
      return { kind: 'invalid', reason: msg('healthReasonTooLarge') }
    }
    const body = await readCapped(res, deps.maxBytes)
    if (body === null) return { kind: 'invalid', reason: msg('healthReasonTooLarge') }
    return { kind: 'ok', body: body.text, etag: res.headers.get('etag'), bytes: body.bytes }
  } catch (error) {
    if (controller.signal.aborted)
      return { kind: 'unreachable', reason: msg('healthReasonTimeout', String(deps.timeoutMs / 1000)) }
    return {
      kind: 'unreachable',
      reason:
        error instanceof TypeError
          ? msg('healthReasonNetwork')
          : msg('healthReasonFailed', String(error).slice(0, 120)),
    }
  } finally {
    clearTimeout(timer)
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<{ text: string; bytes: number } | null> {
  if (!res.body) return { text: '', bytes: 0 }
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {})
      return null
    }
    text += decoder.decode(value, { stream: true })
  }
  return { text: text + decoder.decode(), bytes }
}
