// In-memory token buckets, one map per scope (reporter token, client address). Memory, not the
// database: limits are per instance (N instances behind a balancer allow up to N× in the worst case,
// which is fine for abuse control), they cost no I/O on the hot path, and the keys never touch disk.

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

export class RateLimiter {
  readonly #capacity: number
  readonly #perMs: number
  readonly #maxKeys: number
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  #ops = 0

  /** `limit` requests per `windowMs`, as a burst of `limit` refilled evenly over the window. */
  constructor(limit: number, windowMs: number, maxKeys = 200_000) {
    if (!(limit > 0) || !(windowMs > 0)) throw new RangeError('rate limit and window must be positive')
    this.#capacity = limit
    this.#perMs = limit / windowMs
    this.#maxKeys = maxKeys
  }

  get size(): number {
    return this.#buckets.size
  }

  take(key: string, now: number): RateDecision {
    const bucket = this.#buckets.get(key)
    let tokens = this.#capacity
    if (bucket) tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#perMs)
    if (tokens < 1) {
      bucket!.tokens = tokens
      bucket!.at = now
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000)) }
    }
    if (bucket) {
      bucket.tokens = tokens - 1
      bucket.at = now
    } else {
      this.#buckets.set(key, { tokens: tokens - 1, at: now })
      if (++this.#ops % 1024 === 0 || this.#buckets.size > this.#maxKeys) this.sweep(now)
    }
    return { ok: true }
  }

  /**
   * Forgets buckets that have refilled (they are equivalent to a new key). If an attack still leaves
   * more than maxKeys, the oldest entries go: their limits reset, but memory stays bounded.
   */
  sweep(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key)
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxKeys) break
      this.#buckets.delete(key)
    }
  }
}
