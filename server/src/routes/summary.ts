// GET /v1/summary: the crowd picture of the last hour, built to be cached (see summary-service.ts).
import { Hono } from 'hono'
import { type AppEnv, describeDbError, errorJson, type Services } from '../context.ts'
import { header } from '../http-utils.ts'
import { errorMessage } from '../log.ts'
import { etagFor, ifNoneMatchHits, negotiateEncoding } from '../summary-service.ts'

export function summaryRoutes(s: Services) {
  return new Hono<AppEnv>().get('/v1/summary', async (c) => {
    let snapshot: Awaited<ReturnType<typeof s.summary.get>>
    try {
      snapshot = await s.summary.get()
    } catch (err) {
      s.metrics.inc('crowd_summary_requests_total', { status: '503' })
      s.logger.log('error', 'summary failed', { error: errorMessage(err) })
      c.header('Cache-Control', 'no-store')
      c.header('Retry-After', '30')
      return errorJson(c, 503, {
        error: 'database_unavailable',
        message: `the summary cannot be computed (database ${describeDbError(err)})`,
      })
    }
    const encoding = negotiateEncoding(header(c, 'accept-encoding'))
    c.header('ETag', etagFor(snapshot.etag, encoding))
    c.header('Cache-Control', s.config.summaryCacheControl)
    c.header('Vary', 'Accept-Encoding')
    if (snapshot.stale) c.header('X-Crowd-Stale', 'database unavailable; last good summary')
    if (ifNoneMatchHits(header(c, 'if-none-match'), snapshot.etag)) {
      s.metrics.inc('crowd_summary_requests_total', { status: '304' })
      return c.body(null, 304)
    }
    s.metrics.inc('crowd_summary_requests_total', { status: '200' })
    c.header('Content-Type', 'application/json; charset=utf-8')
    if (encoding === 'identity') return c.body(snapshot.body, 200)
    c.header('Content-Encoding', encoding)
    return c.body(encoding === 'br' ? snapshot.br : snapshot.gzip, 200)
  })
}
