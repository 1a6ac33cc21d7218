// Periodic upkeep of one instance: roll the raw reports up into 15-minute and hourly aggregates
// (the baselines' history), then apply retention. Runs at boot (catching up on everything still
// raw, e.g. after downtime) and then every minute. Both steps are idempotent, so any number of
// instances may run them; on PostgreSQL only one at a time does the rollup (see postgres.ts).
import { type Clock, HOUR } from './clock.ts'
import type { Config } from './config.ts'
import { errorMessage, type Logger } from './log.ts'
import type { Metrics } from './metrics.ts'
import type { PurgeResult, Store } from './store/types.ts'

export interface MaintenanceDeps {
  store: Store
  clock: Clock
  config: Config
  metrics: Metrics
  logger: Logger
}

/**
 * Every run recomputes the last 3 hours, so reports committed a little after their block closed are
 * counted. `catchUp` recomputes all raw history instead (72 h), for the boot run.
 */
export async function runMaintenance(
  deps: MaintenanceDeps,
  options: { catchUp?: boolean } = {},
): Promise<PurgeResult> {
  const { store, clock, config, metrics } = deps
  const now = clock.now()
  try {
    await store.ensureMeta('started_at', String(now))
    // Rollup first: rows about to expire are aggregated before they are deleted.
    await store.rollup({ from: now - (options.catchUp ? config.retention.rawMs : 3 * HOUR), to: now })
    const purged = await store.purge(now - config.retention.rawMs, now - config.retention.aggregateMs)
    metrics.inc('crowd_purged_rows_total', { table: 'reports' }, purged.reports)
    metrics.inc('crowd_purged_rows_total', { table: 'aggregates' }, purged.aggregates)
    metrics.inc('crowd_maintenance_runs_total', { result: 'ok' })
    return purged
  } catch (err) {
    metrics.inc('crowd_maintenance_runs_total', { result: 'error' })
    metrics.inc('crowd_db_errors_total', { op: 'maintenance' })
    throw err
  }
}

/** Runs maintenance every `intervalMs`, never overlapping itself. */
export class MaintenanceScheduler {
  readonly #deps: MaintenanceDeps
  readonly #intervalMs: number
  #timer: NodeJS.Timeout | null = null
  #running: Promise<unknown> | null = null

  constructor(deps: MaintenanceDeps, intervalMs = 60_000) {
    this.#deps = deps
    this.#intervalMs = intervalMs
  }

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running) return
      this.#running = runMaintenance(this.#deps)
        .catch((err) => this.#deps.logger.log('warn', 'maintenance failed', { error: errorMessage(err) }))
        .finally(() => {
          this.#running = null
        })
    }, this.#intervalMs)
    // Upkeep alone must not keep the process alive during shutdown.
    this.#timer.unref()
  }

  /** Stops the timer and waits for a run in progress (so the store can be closed after). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }
}
