// Builds the HTTP app; binds no port (server.ts does). Tests call `app.request(...)` in process.
//
//   routes:     POST /v1/reports   routes/reports.ts (mounted first: it sets its own CORS headers)
//               GET  /v1/summary   routes/summary.ts
//               GET  /healthz, GET /metrics   routes/health.ts
//   middleware: CORS for all but the reports route (any origin: extension origins differ per
//               browser and install)
//   errors:     JSON everywhere; unexpected errors are logged and answered with a generic 500.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import { type AppEnv, errorJson, type Services } from './context.ts'
import { openCors, setCorsHeaders } from './http-utils.ts'
import { IngestQueue } from './ingest.ts'
import { errorMessage, type Logger, stderrLogger, throttledLogger } from './log.ts'
import { Metrics } from './metrics.ts'
import { RateLimiter } from './rate-limit.ts'
import { ReporterHasher } from './reporter-hash.ts'
import { healthRoutes } from './routes/health.ts'
import { reportsRoutes } from './routes/reports.ts'
import { summaryRoutes } from './routes/summary.ts'
import type { Store } from './store/types.ts'
import { SummaryService } from './summary-service.ts'

export interface AppDeps {
  store: Store
  clock: Clock
  config: Config
  metrics?: Metrics
  logger?: Logger
  /** Set by server.ts during shutdown; readiness then answers 503. */
  draining?: () => boolean
}

export function createApp(deps: AppDeps) {
  const metrics = deps.metrics ?? new Metrics()
  const { config } = deps
  const services: Services = {
    store: deps.store,
    clock: deps.clock,
    config,
    metrics,
    // Request-path failures repeat per request during an outage: one line per 10 s per message.
    logger: throttledLogger(deps.logger ?? stderrLogger, 10_000),
    ingest: new IngestQueue(deps.store, metrics),
    hasher: new ReporterHasher(config.reporterSecret),
    limits: {
      token: new RateLimiter(config.rateLimit.perTokenPerMinute, 60_000, config.rateLimit.maxKeys),
      address: new RateLimiter(config.rateLimit.perAddressPerMinute, 60_000, config.rateLimit.maxKeys),
    },
    summary: new SummaryService(deps.store, deps.clock, config, metrics),
    draining: deps.draining ?? (() => false),
  }

  // Hono runs matching handlers in the order they were added, so a report never reaches the CORS
  // middleware (its preflight, an OPTIONS request, does): see routes/reports.ts for why.
  const app = new Hono<AppEnv>().route('/', reportsRoutes(services))
  app.use(
    '*',
    openCors({
      methods: ['GET', 'POST', 'OPTIONS'],
      headers: ['Content-Type', 'If-None-Match'],
      maxAge: 86_400,
    }),
  )
  app.notFound((c) => errorJson(c, 404, { error: 'not_found', message: 'no such endpoint' }))
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return c.json({ error: 'bad_request', message: err.message || 'bad request' }, err.status)
    }
    services.logger.log('error', 'unhandled error', { error: errorMessage(err) })
    // Also for a report, whose route runs before the CORS middleware.
    setCorsHeaders(c)
    return errorJson(c, 500, { error: 'internal', message: 'internal error' })
  })

  return app.route('/', summaryRoutes(services)).route('/', healthRoutes(services))
}

/** The route types, for a typed client: `hc<AppType>(baseUrl)` from 'hono/client'. */
export type AppType = ReturnType<typeof createApp>
