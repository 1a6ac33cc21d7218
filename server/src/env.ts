// The environment, validated once at boot. A bad value stops the server with a message naming the
// variable, rather than surfacing later as a strange runtime error.
import { z } from 'zod'
import { type Config, defaultConfig } from './config.ts'

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))

export const EnvSchema = z.object({
  PORT: int(0, 65535).default(8787),
  /** Interface to bind; unset: every interface (IPv6 and IPv4 where available). */
  HOST: optionalText,
  /** Where the SQLite file (and its generated salt secret) live when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** PostgreSQL connection string; when set, PostgreSQL replaces SQLite (multi-instance mode). */
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must start with postgres:// or postgresql://' })
      .optional(),
  ),
  /** PostgreSQL schema for the tables (default public). */
  DATABASE_SCHEMA: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
      .optional(),
  ),
  PG_POOL_MAX: int(1, 200).default(10),
  /** Secret for the daily reporter-hash salt. Must be the same on every instance of one deployment. */
  REPORTER_SALT_SECRET: optionalText.pipe(
    z.string().min(32, { error: 'REPORTER_SALT_SECRET must be at least 32 characters' }).optional(),
  ),
  /** e.g. x-forwarded-for; only set it when a trusted proxy overwrites or appends this header. */
  TRUSTED_PROXY_HEADER: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/i, {
        error: 'TRUSTED_PROXY_HEADER must be a header name such as x-forwarded-for',
      })
      .transform((h) => h.toLowerCase())
      .optional(),
  ),
  /** Trusted proxies appending to TRUSTED_PROXY_HEADER (e.g. 2 for CDN + load balancer). */
  TRUSTED_PROXY_HOPS: int(1, 10).default(1),
  RATE_LIMIT_PER_TOKEN: int(1, 1_000_000).default(6),
  RATE_LIMIT_PER_ADDRESS: int(1, 1_000_000).default(60),
  SUMMARY_CACHE_SECONDS: int(0, 300).default(5),
  /** Cells listed in a summary at most (highest scores first). */
  SUMMARY_MAX_CELLS: int(1, 10_000).default(200),
  /** Distinct reporters a cell needs in the window to be listed (it always counts in the total). */
  SUMMARY_MIN_CELL_REPORTERS: int(1, 1000).default(3),
  /** Bearer token required by GET /metrics when set. */
  METRICS_TOKEN: optionalText,
  /** How long a SIGTERM waits for in-flight requests before closing connections anyway. */
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  MAINTENANCE_INTERVAL_SECONDS: int(5, 3600).default(60),
})
export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {}

/** Parses the environment or throws an EnvError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source)
  if (result.success) return result.data
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
  throw new EnvError(`invalid environment:\n${lines.join('\n')}`)
}

/** The run-time config for an instance, from a validated environment. */
export function configFromEnv(env: Env, reporterSecret: string): Config {
  const base = defaultConfig()
  return {
    ...base,
    reporterSecret,
    rateLimit: {
      ...base.rateLimit,
      perTokenPerMinute: env.RATE_LIMIT_PER_TOKEN,
      perAddressPerMinute: env.RATE_LIMIT_PER_ADDRESS,
    },
    trustedProxyHeader: env.TRUSTED_PROXY_HEADER ?? null,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    summaryCacheMs: env.SUMMARY_CACHE_SECONDS * 1000,
    maxCells: env.SUMMARY_MAX_CELLS,
    minCellReporters: env.SUMMARY_MIN_CELL_REPORTERS,
    metricsToken: env.METRICS_TOKEN ?? null,
  }
}
