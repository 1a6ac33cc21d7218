// "Slow" and "stalled", as numbers. These are product decisions (claude-web.md §7 marks them [?]),
// so each is a named constant with its reason, and the page script can override the stall ones
// for end-to-end tests through a documented hook (README.md, "Test hooks").

/**
 * Silence on an open reply stream before we call it a stall. claude.ai sends no keep-alive, and
 * replies normally trickle in continuously; a minute of nothing is what users perceive as "stuck".
 * (Claude Code's own watchdog waits 180–300 s before *giving up*; we only *report* at 60 s, and the
 * verdict treats a stall as needing confirmation.)
 */
export const STALL_SILENCE_MS = 60_000
/**
 * Silence after a tool call started (web search, MCP, code execution): the server legitimately
 * goes quiet while the tool runs, so we wait three times as long before calling it a stall.
 */
export const STALL_SILENCE_AFTER_TOOL_MS = 180_000
/**
 * Request sent → first body byte. Longer than the silence threshold because the first byte waits
 * for queueing, extended thinking set-up and long prompts (large attachments) to be processed.
 */
export const FIRST_BYTE_TIMEOUT_MS = 90_000

/** Recent first-byte times kept per page: enough for a stable median, small enough to adapt. */
export const SLOW_WINDOW = 20
/** Below this many samples the median says little about this user's normal: never call "slow". */
export const SLOW_MIN_SAMPLES = 5
/** "Far above normal": three times the median… */
export const SLOW_FACTOR = 3
/** …and at least 10 s above it, so a 300 ms median does not make a 1 s reply "slow". */
export const SLOW_MARGIN_MS = 10_000

export interface StallThresholds {
  stallMs: number
  stallAfterToolMs: number
  firstByteMs: number
}

export const DEFAULT_THRESHOLDS: StallThresholds = {
  stallMs: STALL_SILENCE_MS,
  stallAfterToolMs: STALL_SILENCE_AFTER_TOOL_MS,
  firstByteMs: FIRST_BYTE_TIMEOUT_MS,
}

/** An override in 100 ms … 1 h, else null: a 0 ms threshold would flag every reply. */
function bounded(v: unknown): number | null {
  return typeof v === 'number' && v >= 100 && v <= 3_600_000 ? Math.round(v) : null
}

/**
 * The test hook: `<html data-is-claude-down-test='{"stallMs":1500,"firstByteMs":2000}'>` set before
 * the page script installs. Malformed or out-of-range values fall back to the defaults, field by
 * field. A `stallMs` override also scales the after-tool threshold, keeping its 3× ratio.
 */
export function resolveThresholds(hook: string | null | undefined): StallThresholds {
  let o: Record<string, unknown> | null = null
  try {
    if (hook && hook.length <= 500) o = JSON.parse(hook)
  } catch {}
  const stallMs = bounded(o?.stallMs)
  return {
    stallMs: stallMs ?? STALL_SILENCE_MS,
    stallAfterToolMs: stallMs === null ? STALL_SILENCE_AFTER_TOOL_MS : stallMs * 3,
    firstByteMs: bounded(o?.firstByteMs) ?? FIRST_BYTE_TIMEOUT_MS,
  }
}

export interface LatencyTracker {
  /** Whether `ttfbMs` is far above this user's recent normal. Does not record it. */
  isSlow(ttfbMs: number): boolean
  /** Adds a sample to the window (dropping the oldest beyond SLOW_WINDOW). */
  record(ttfbMs: number): void
  /** Median of the window, or null when empty. */
  median(): number | null
  size(): number
}

/**
 * A small per-page window of first-byte times. Slow means: at least SLOW_MIN_SAMPLES samples, and
 * ttfb > max(SLOW_FACTOR × median, median + SLOW_MARGIN_MS). The user's own median, not a global
 * constant, because first-byte times differ by model, effort and prompt size by an order of
 * magnitude; a baseline per user (per page) absorbs most of that.
 */
export function createLatencyTracker(window = SLOW_WINDOW, minSamples = SLOW_MIN_SAMPLES): LatencyTracker {
  const samples: number[] = []
  const median = (): number | null => {
    if (!samples.length) return null
    const s = [...samples].sort((a, b) => a - b)
    const mid = s.length >> 1
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
  }
  return {
    isSlow(ttfbMs) {
      if (samples.length < minSamples || !Number.isFinite(ttfbMs)) return false
      const m = median() as number
      return ttfbMs > Math.max(SLOW_FACTOR * m, m + SLOW_MARGIN_MS)
    },
    record(ttfbMs) {
      if (!Number.isFinite(ttfbMs) || ttfbMs < 0) return
      samples.push(ttfbMs)
      if (samples.length > window) samples.shift()
    },
    median,
    size: () => samples.length,
  }
}
