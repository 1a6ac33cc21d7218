// What every route needs, built once per app by createApp (app.ts).

import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import type { ErrorBody } from '../../src/shared/crowd/report.ts'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import type { IngestQueue } from './ingest.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { ReporterHasher } from './reporter-hash.ts'
import type { Store } from './store/types.ts'
import type { SummaryService } from './summary-service.ts'

/** Hono env: on Node the adapter passes the raw request (absent under app.request() in tests). */
export interface AppEnv {
  Bindings: { incoming?: IncomingMessage }
}

export interface Services {
  store: Store
  clock: Clock
  config: Config
  metrics: Metrics
  logger: Logger
  ingest: IngestQueue
  hasher: ReporterHasher
  limits: { token: RateLimiter; address: RateLimiter }
  summary: SummaryService
  /** True once the server is shutting down: readiness fails so the balancer stops sending traffic. */
  draining: () => boolean
}

export function errorJson<S extends 400 | 401 | 404 | 413 | 415 | 429 | 500 | 503>(
  c: Context,
  status: S,
  body: ErrorBody,
) {
  return c.json(body, status)
}

/**
 * A short, public description of a database failure. The full error (which can name hosts and
 * ports) goes to the log only.
 */
export function describeDbError(err: unknown): string {
  const e = err as { code?: string; message?: string } | null
  const code = e?.code ?? ''
  const message = e?.message ?? String(err)
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) return 'connection refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found'
  if (/timeout|timed out/i.test(message)) return 'timed out'
  if (/terminated|ECONNRESET|closed|not open/i.test(message)) return 'connection lost'
  if (code === '57P01' || code === '57P03') return 'database is shutting down or starting up'
  if (code === 'SQLITE_BUSY') return 'database is locked'
  return 'query failed'
}
