// One JSON line per event on stderr. Privacy rule: never log a client address, a reporter token,
// a URL with a query or a request body; log what happened and counts only.

type Level = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void
}

export const stderrLogger: Logger = {
  log(level, message, fields) {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
    process.stderr.write(`${line}\n`)
  },
}

export const silentLogger: Logger = { log() {} }

/** An error's message without its stack, for logs and metrics labels. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Logs a given message at most once per `intervalMs`, adding how many were suppressed: during a
 * database outage every request fails the same way, and one line per request helps nobody.
 */
export function throttledLogger(inner: Logger, intervalMs: number, now: () => number = Date.now): Logger {
  const last = new Map<string, { at: number; suppressed: number }>()
  return {
    log(level, message, fields) {
      const t = now()
      const seen = last.get(message)
      if (seen && t - seen.at < intervalMs) {
        seen.suppressed++
        return
      }
      last.set(message, { at: t, suppressed: 0 })
      const suppressed = seen?.suppressed ?? 0
      inner.log(level, message, suppressed > 0 ? { ...fields, suppressed } : fields)
    },
  }
}
