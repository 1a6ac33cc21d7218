// GET /healthz (readiness: can this instance serve right now?) and GET /metrics (Prometheus).
import { Hono } from 'hono'
import { type AppEnv, describeDbError, errorJson, type Services } from '../context.ts'
import { header } from '../http-utils.ts'
import { errorMessage } from '../log.ts'

/** A database that hangs is as down as one that refuses; the balancer should not wait on it. */
const PING_TIMEOUT_MS = 2000

export function healthRoutes(s: Services) {
  return new Hono<AppEnv>()
    .get('/healthz', async (c) => {
      c.header('Cache-Control', 'no-store')
      if (s.draining()) {
        return c.json(
          { ok: false as const, error: 'shutting_down', message: 'this instance is shutting down' },
          503,
        )
      }
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          s.store.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS)
          }),
        ])
        return c.json({ ok: true as const }, 200)
      } catch (err) {
        s.metrics.inc('crowd_db_errors_total', { op: 'ping' })
        s.logger.log('warn', 'health check failed', { error: errorMessage(err) })
        return c.json(
          {
            ok: false as const,
            error: 'database_unavailable',
            message: `database unavailable: ${describeDbError(err)} (${s.store.backend})`,
          },
          503,
        )
      } finally {
        clearTimeout(timer)
      }
    })
    .get('/metrics', (c) => {
      if (s.config.metricsToken && header(c, 'authorization') !== `Bearer ${s.config.metricsToken}`) {
        return errorJson(c, 401, { error: 'unauthorized', message: 'metrics need the bearer token' })
      }
      c.header('Cache-Control', 'no-store')
      c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
      return c.body(s.metrics.render(), 200)
    })
}
