// POST /v1/reports: one crowd report. In order, cheapest refusal first:
//   per-address limit (429) → media type (415) → body size (413) → JSON (400) → schema (400)
//   → per-token limit (429) → hash the token → queue for the next commit → 202 once committed.
//
// This is the hot path (bench/server.ts measures it against a bare node:http server), so it is one
// handler rather than a chain of middlewares, and it answers with a `Response` whose headers are a
// plain object, CORS included: @hono/node-server writes such a response straight to the socket,
// where `c.json()` after `c.header()` goes through a WHATWG Headers object and its conversion back.
// app.ts mounts it ahead of the CORS middleware for that reason.
import { type Handler, Hono } from 'hono'
import type { z as zodTypes } from 'zod'
import { z } from '../../../src/shared/core/zod.ts'
import {
  type ErrorBody,
  type Report,
  type ReportInput,
  ReportSchema,
} from '../../../src/shared/crowd/report.ts'
import { UNKNOWN } from '../../../src/shared/crowd/schema.ts'
import { resolveClientAddress } from '../client-address.ts'
import { type AppEnv, describeDbError, type Services } from '../context.ts'
import { CORS_RESPONSE_HEADERS, header, readBody } from '../http-utils.ts'
import { errorMessage } from '../log.ts'
import type { StoredReport } from '../store/types.ts'

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i
const REPLY_HEADERS = { ...CORS_RESPONSE_HEADERS, 'Content-Type': 'application/json' }
const ACCEPTED_BODY = JSON.stringify({ ok: true })
const ACCEPTED_HEADERS = { ...REPLY_HEADERS, 'Content-Length': String(ACCEPTED_BODY.length) }

/** The 202 of a stored report (bench/server-child.ts answers it too, as its framework reference). */
export function acceptedResponse(): Response {
  return new Response(ACCEPTED_BODY, { status: 202, headers: ACCEPTED_HEADERS })
}

/**
 * The shared report schema, compiled by zod into a generated parser (`new Function`: the server may
 * use it, the extension's CSP forbids it). A valid report parses about ten times faster; an invalid
 * one falls back to the schema itself, so refusals name the same fields with the same messages. If
 * zod ever cannot compile the schema, this is the schema unchanged (a test guards against that).
 */
export const compiledReportSchema = z.compile(ReportSchema)

/** A JSON answer with CORS headers, built the way the adapter writes fastest. */
function reply(status: number, body: ErrorBody, extra?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...REPLY_HEADERS, ...extra } })
}

/** The first problem names the field; all of them are listed for client developers. */
export function describeIssues(
  issues: readonly zodTypes.core.$ZodIssue[],
  input: unknown,
): {
  field: string | null
  message: string
  issues: Array<{ field: string | null; message: string }>
} {
  type Problem = { field: string | null; message: string }
  const list = issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      // Key names come from the client: quoted by JSON, and bounded in length here.
      return issue.keys.map((key) => ({
        field: key.slice(0, 40),
        message: `unknown field "${key.slice(0, 40)}" (reports are a fixed vocabulary)`,
      }))
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : null
    if (field === null) return [{ field, message: 'the body must be a JSON object' }]
    // Zod does not echo inputs in issues (by design: they may be large or private), so look.
    const missing =
      issue.path.length === 1 &&
      (input as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey] === undefined
    return [{ field, message: missing ? `${field} is required` : issue.message }]
  })
  const first: Problem = list[0] ?? { field: null, message: 'invalid report' }
  return { field: first.field, message: first.message, issues: list }
}

export function reportsRoutes(s: Services) {
  /** 429 with Retry-After, counted by scope. */
  const rateLimited = (scope: 'address' | 'token', who: string, retryAfterSeconds: number) => {
    s.metrics.inc('crowd_rate_limited_total', { scope })
    s.metrics.inc('crowd_reports_rejected_total', { reason: 'rate_limited' })
    return reply(
      429,
      {
        error: 'rate_limited',
        message: `too many reports from ${who}; retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      { 'Retry-After': String(retryAfterSeconds) },
    )
  }

  // Typed with the report as its JSON input, so `hc<AppType>` clients get the wire format's type.
  const accept: Handler<
    AppEnv,
    '/v1/reports',
    { in: { json: ReportInput }; out: { json: Report } },
    Promise<Response>
  > = async (c) => {
    const address = resolveClientAddress(
      (name) => header(c, name),
      c.env?.incoming?.socket?.remoteAddress,
      s.config,
    )
    const byAddress = s.limits.address.take(address, s.clock.now())
    if (!byAddress.ok) return rateLimited('address', 'this network', byAddress.retryAfterSeconds)
    const mediaType = (header(c, 'content-type') ?? '').split(';')[0]?.trim() ?? ''
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'unsupported_media_type' })
      return reply(415, { error: 'unsupported_media_type', message: 'send the report as application/json' })
    }
    const body = await readBody(c, s.config.bodyLimitBytes)
    if (!body.ok && body.reason === 'too_large') {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'too_large' })
      // The rest of the body is left unread: close the connection rather than reuse it.
      return reply(
        413,
        { error: 'too_large', message: `the body must be at most ${s.config.bodyLimitBytes} bytes` },
        { Connection: 'close' },
      )
    }
    let value: unknown
    try {
      if (!body.ok) throw new Error('the client went away mid-body')
      value = JSON.parse(body.text)
    } catch {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'invalid_json' })
      return reply(400, { error: 'invalid_json', field: null, message: 'the body is not valid JSON' })
    }
    const parsed = compiledReportSchema.safeParse(value)
    if (!parsed.success) {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'invalid' })
      return reply(400, { error: 'invalid_report', ...describeIssues(parsed.error.issues, value) })
    }
    const report = parsed.data
    const now = s.clock.now()
    // Keyed by the token itself: memory only, and hashing first would cost a hash per refusal.
    const byToken = s.limits.token.take(report.reporter, now)
    if (!byToken.ok) return rateLimited('token', 'this reporter', byToken.retryAfterSeconds)
    const stored: StoredReport = {
      receivedAt: now,
      kind: report.kind,
      status: report.status ?? null,
      surface: report.surface,
      model: report.model ?? UNKNOWN,
      tier: report.tier ?? 'unknown',
      region: report.region ?? null,
      client: report.client,
      reporterHash: s.hasher.hash(report.reporter, now),
    }
    try {
      await s.ingest.add(stored)
    } catch (err) {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'db_error' })
      s.logger.log('error', 'report not stored', { error: errorMessage(err) })
      return reply(
        503,
        {
          error: 'database_unavailable',
          message: `the report was not stored (database ${describeDbError(err)}); retry later`,
        },
        { 'Retry-After': '30' },
      )
    }
    s.metrics.inc('crowd_reports_accepted_total')
    return acceptedResponse()
  }

  return new Hono<AppEnv>().post('/v1/reports', accept)
}
