import type { Incident } from './model.ts'

/** Keep at least this much history: the popup draws 90 daily bars and estimates use it. */
export const HISTORY_KEEP_DAYS = 100
/** ~50 incidents a month in 2025–26 (statuspage.md §4): 600 covers 90 days with a wide margin while
 * keeping storage.local well under its quota. */
export const HISTORY_MAX_ENTRIES = 600

const DAY_MS = 86_400_000

function startOf(i: Incident): number {
  const t = Date.parse(i.startedAt ?? i.createdAt ?? '')
  return Number.isFinite(t) ? t : 0
}

function updatedOf(i: Incident): number {
  const candidates = [i.updatedAt, i.resolvedAt, i.updates[0]?.at ?? null].map((s) => (s ? Date.parse(s) : 0))
  return Math.max(0, ...candidates.filter(Number.isFinite))
}

/**
 * Merges freshly fetched incidents into the local history (the API only ever returns the last 50).
 * Deduplicates by id; the more recently updated copy wins (ties go to the incoming one, which is the
 * fresher read); drops entries older than the retention window and bounds the total, oldest first.
 * Returns newest first.
 */
export function mergeHistory(
  existing: readonly Incident[],
  incoming: readonly Incident[],
  now: number,
  keepDays = HISTORY_KEEP_DAYS,
  maxEntries = HISTORY_MAX_ENTRIES,
): Incident[] {
  const byId = new Map<string, Incident>()
  for (const i of existing) byId.set(i.id, i)
  for (const i of incoming) {
    const old = byId.get(i.id)
    if (!old || updatedOf(i) >= updatedOf(old)) byId.set(i.id, i)
  }
  const cutoff = now - keepDays * DAY_MS
  return [...byId.values()]
    .filter((i) => startOf(i) >= cutoff)
    .sort((a, b) => startOf(b) - startOf(a))
    .slice(0, maxEntries)
}
