/** First retry after a failed poll; doubles per consecutive failure. */
export const BACKOFF_BASE_MS = 30_000
/** Never wait longer than this between attempts while the source keeps failing. */
export const BACKOFF_CAP_MS = 10 * 60_000

/**
 * Delay before the next attempt after `failures` consecutive failures (≥ 1): exponential, capped,
 * with "equal jitter" (half fixed, half random) so many browsers that failed together do not retry
 * in lockstep against a recovering status page.
 */
export function backoffDelayMs(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(exp / 2 + (exp / 2) * r)
}
