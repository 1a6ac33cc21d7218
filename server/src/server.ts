// The only place that binds a port. `npm run server` runs this file.
//
// Boot: validate env → open the store (migrations run inside) → resolve the salt secret →
//       catch-up maintenance → listen → maintenance every minute.
// SIGTERM/SIGINT (graceful):
//   1. readiness (/healthz) answers 503 so a load balancer stops routing here;
//   2. the listener closes: no new connections; idle keep-alive connections are closed;
//   3. in-flight requests finish. A report is acknowledged only after its commit (ingest.ts), so
//      every 2xx already sent is durable, and requests still running finish their commit first;
//   4. after SHUTDOWN_TIMEOUT_MS, connections still open are cut (their requests got no 2xx);
//   5. maintenance stops, the store closes (SQLite checkpoints its WAL), the process exits 0.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { systemClock } from './clock.ts'
import { configFromEnv, EnvError, parseEnv } from './env.ts'
import { errorMessage, stderrLogger } from './log.ts'
import { MaintenanceScheduler, runMaintenance } from './maintenance.ts'
import { Metrics } from './metrics.ts'
import { resolveReporterSecret } from './secret.ts'
import { openStoreFromEnv } from './store/index.ts'

async function main(): Promise<void> {
  const logger = stderrLogger
  const env = parseEnv()
  const store = await openStoreFromEnv(env, logger)
  const config = configFromEnv(env, await resolveReporterSecret(env, store))
  const metrics = new Metrics()
  const clock = systemClock
  let draining = false
  const app = createApp({ store, clock, config, metrics, logger, draining: () => draining })

  const maintenanceDeps = { store, clock, config, metrics, logger }
  const purged = await runMaintenance(maintenanceDeps, { catchUp: true })
  logger.log('info', 'boot maintenance done', {
    purgedReports: purged.reports,
    purgedAggregates: purged.aggregates,
  })
  const maintenance = new MaintenanceScheduler(maintenanceDeps, env.MAINTENANCE_INTERVAL_SECONDS * 1000)
  maintenance.start()

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const where = env.DATABASE_URL
      ? `postgres schema ${env.DATABASE_SCHEMA ?? 'public'}`
      : `sqlite in ${env.DATA_DIR}`
    // Tests and scripts read the port from this line (PORT=0 picks a free one).
    process.stdout.write(`crowd server listening on http://localhost:${info.port} (${where})\n`)
  }) as Server

  let stopping: Promise<void> | null = null
  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.log('info', 'shutting down', { signal })
      draining = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const force = setTimeout(() => {
        logger.log('warn', 'shutdown timeout: closing remaining connections')
        server.closeAllConnections()
      }, env.SHUTDOWN_TIMEOUT_MS)
      // Keep-alive connections that finish a request while closing become idle; close them too.
      const idle = setInterval(() => server.closeIdleConnections(), 100)
      await closed
      clearTimeout(force)
      clearInterval(idle)
      await maintenance.stop()
      await store.close()
      logger.log('info', 'stopped')
    })()
    return stopping
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (err) => {
          logger.log('error', 'shutdown failed', { error: errorMessage(err) })
          process.exit(1)
        },
      )
    })
  }
}

main().catch((err) => {
  if (err instanceof EnvError) process.stderr.write(`${err.message}\n`)
  else stderrLogger.log('error', 'failed to start', { error: errorMessage(err) })
  process.exit(1)
})
