// Picks the store from the environment: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Env } from '../env.ts'
import { errorMessage, type Logger } from '../log.ts'
import { openPostgresStore } from './postgres.ts'
import { openSqliteStore } from './sqlite.ts'
import type { Store } from './types.ts'

export const SQLITE_FILE_NAME = 'crowd.sqlite'

export async function openStoreFromEnv(env: Env, logger: Logger): Promise<Store> {
  if (env.DATABASE_URL) {
    return openPostgresStore({
      connectionString: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA,
      poolMax: env.PG_POOL_MAX,
      onIdleError: (err) =>
        logger.log('warn', 'idle database connection failed', { error: errorMessage(err) }),
    })
  }
  mkdirSync(env.DATA_DIR, { recursive: true })
  return openSqliteStore(join(env.DATA_DIR, SQLITE_FILE_NAME))
}

export type { Store } from './types.ts'
