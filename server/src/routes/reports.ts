// POST /v1/reports: one crowd report. In order, cheapest refusal first:
//   per-address limit (429) → media type (415) → body size (413) → JSON (400) → schema (400)
//   → per-token limit (429) → hash the token → queue for the next commit → 202 once committed.
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { type Report, type ReportInput, ReportSchema } from '../../../src/shared/crowd/report.ts'
import { UNKNOWN } from '../../../src/shared/crowd/schema.ts'
import { resolveClientAddress } from '../client-address.ts'
import { type AppEnv, describeDbError, errorJson, type Services } from '../context.ts'
import { header, readBody } from '../http-utils.ts'
import { errorMessage } from '../log.ts'
import type { StoredReport } from '../store/types.ts'

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i

/** The first problem names the field; all of them are listed for client developers. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
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
  const rateLimited = (
    c: Context<AppEnv>,
    scope: 'address' | 'token',
    who: string,
    retryAfterSeconds: number,
  ) => {
    s.metrics.inc('crowd_rate_limited_total', { scope })
    s.metrics.inc('crowd_reports_rejected_total', { reason: 'rate_limited' })
    c.header('Retry-After', String(retryAfterSeconds))
    return errorJson(c, 429, {
      error: 'rate_limited',
      message: `too many reports from ${who}; retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    })
  }

  const addressLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
    const address = resolveClientAddress(
      (name) => header(c, name),
      c.env?.incoming?.socket?.remoteAddress,
      s.config,
    )
    const decision = s.limits.address.take(address, s.clock.now())
    if (!decision.ok) return rateLimited(c, 'address', 'this network', decision.retryAfterSeconds)
    await next()
  }

  const reportBody: MiddlewareHandler<
    AppEnv,
    '/v1/reports',
    { in: { json: ReportInput }; out: { json: Report } }
  > = async (c, next) => {
    const mediaType = (header(c, 'content-type') ?? '').split(';')[0]?.trim() ?? ''
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'unsupported_media_type' })
      return errorJson(c, 415, {
        error: 'unsupported_media_type',
        message: 'send the report as application/json',
      })
    }
    const body = await readBody(c, s.config.bodyLimitBytes)
    if (!body.ok && body.reason === 'too_large') {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'too_large' })
      // The rest of the body is left unread: close the connection rather than reuse it.
      c.header('Connection', 'close')
      return errorJson(c, 413, {
        error: 'too_large',
        message: `the body must be at most ${s.config.bodyLimitBytes} bytes`,
      })
    }
    let value: unknown
    try {
      if (!body.ok) throw new Error('the client went away mid-body')
      value = JSON.parse(body.text)
    } catch {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'invalid_json' })
      return errorJson(c, 400, { error: 'invalid_json', field: null, message: 'the body is not valid JSON' })
    }
    const parsed = ReportSchema.safeParse(value)
    if (!parsed.success) {
      s.metrics.inc('crowd_reports_rejected_total', { reason: 'invalid' })
      return errorJson(c, 400, { error: 'invalid_report', ...describeIssues(parsed.error.issues, value) })
    }
    c.req.addValidatedData('json', parsed.data)
    await next()
  }

  return new Hono<AppEnv>().post('/v1/reports', addressLimit, reportBody, async (c) => {
    const report = c.req.valid('json')
    const now = s.clock.now()
    // Keyed by the token itself: memory only, and hashing first would cost an HMAC per refusal.
    const decision = s.limits.token.take(report.reporter, now)
    if (!decision.ok) return rateLimited(c, 'token', 'this reporter', decision.retryAfterSeconds)
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
      c.header('Retry-After', '30')
      return errorJson(c, 503, {
        error: 'database_unavailable',
        message: `the report was not stored (database ${describeDbError(err)}); retry later`,
      })
    }
    s.metrics.inc('crowd_reports_accepted_total')
    return c.json({ ok: true as const }, 202)
  })
}
