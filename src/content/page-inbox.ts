// The isolated content script's inbox for what the MAIN-world observer posts. The page shares the
// window and can read and forge every message (claude-web.md §8.6), so everything here is hostile
// until proven otherwise: source window, tag, size, schema (zod, jitless — observation.ts), age,
// duplicates, and a token bucket so a forging page can raise only a bounded number of
// observations per minute (architecture.md, "Privacy and trust").
//
// No webextension-polyfill here: the caller (isolated.tsx) forwards what we deliver to the
// background, so this module stays testable in plain happy-dom.
import {
  type AccountMessage,
  BREADCRUMB_MAX_OBSERVATIONS,
  MESSAGE_SOURCE,
  type Observation,
  type PageMessage,
  PageMessageSchema,
} from '../shared/core/observe/observation.ts'

/** A real message serialises to ~600 chars; anything much larger is not ours. */
export const MAX_MESSAGE_CHARS = 4096
/** 21 messages × MAX_MESSAGE_CHARS, rounded up. */
export const MAX_BREADCRUMB_CHARS = 96 * 1024
/**
 * Default bucket: a person sends a few messages a minute, and each produces one completion
 * observation (plus the odd conversation or org request). 60 leaves room for retry storms during
 * an outage while still bounding what a hostile page can inject.
 */
export const DEFAULT_MAX_PER_MINUTE = 60
/** The tier changes at most a few times per page; anything more is a page playing games. */
export const DEFAULT_MAX_ACCOUNT_PER_MINUTE = 6
/** Observations older than this (a breadcrumb from a restored page) are not news. */
export const MAX_AGE_MS = 30 * 60_000
/** Clock skew allowance for `at` in the future. */
export const MAX_FUTURE_MS = 60_000
/** How many observation ids are remembered for de-duplication (breadcrumb + live overlap). */
const SEEN_IDS = 512

export type AccountInfo = Pick<AccountMessage, 'tier' | 'orgKnown' | 'catalog'>

export interface PageInboxOptions {
  /** This world's `window`; a message counts only if `ev.source === window`. */
  window: Window
  now?: () => number
  onObservation: (observation: Observation) => void
  onAccount: (account: AccountInfo) => void
  maxPerMinute?: number
  maxAccountPerMinute?: number
}

export interface InboxStats {
  accepted: number
  /** Tagged as ours but from another window or origin. */
  foreign: number
  oversized: number
  malformed: number
  stale: number
  duplicate: number
  rateLimited: number
}

export interface PageInbox {
  /** Handles one `message` event; true when something was delivered. Never throws. */
  handleMessageEvent(ev: MessageEvent): boolean
  /** Delivers the breadcrumb left on `<html>` before we listened. Reads it once; later calls return 0. */
  readBreadcrumb(root: HTMLElement): number
  stats(): Readonly<InboxStats>
}

interface Bucket {
  take(at: number): boolean
}

/** Classic token bucket: `perMinute` capacity, refilled continuously at `perMinute` per minute. */
function bucket(perMinute: number, start: number): Bucket {
  let tokens = perMinute
  let last = start
  return {
    take(at) {
      tokens = Math.min(perMinute, tokens + (Math.max(0, at - last) * perMinute) / 60_000)
      last = Math.max(last, at)
      if (tokens < 1) return false
      tokens -= 1
      return true
    },
  }
}

export function createPageInbox(options: PageInboxOptions): PageInbox {
  const win = options.window
  const now = options.now ?? (() => Date.now())
  const observations = bucket(options.maxPerMinute ?? DEFAULT_MAX_PER_MINUTE, now())
  const accounts = bucket(options.maxAccountPerMinute ?? DEFAULT_MAX_ACCOUNT_PER_MINUTE, now())
  const seen = new Set<string>()
  let lastAccount: AccountInfo | null = null
  let breadcrumbRead = false
  const stats: InboxStats = {
    accepted: 0,
    foreign: 0,
    oversized: 0,
    malformed: 0,
    stale: 0,
    duplicate: 0,
    rateLimited: 0,
  }

  function isTagged(data: unknown): boolean {
    return (
      typeof data === 'object' && data !== null && (data as { source?: unknown }).source === MESSAGE_SOURCE
    )
  }

  /** Size, then schema. Returns the parsed message or null (counted). */
  function validate(data: unknown): PageMessage | null {
    let size: number
    try {
      size = JSON.stringify(data)?.length ?? Number.POSITIVE_INFINITY
    } catch {
      size = Number.POSITIVE_INFINITY // cycles, BigInt: not something our script posts
    }
    if (size > MAX_MESSAGE_CHARS) {
      stats.oversized++
      return null
    }
    const parsed = PageMessageSchema.safeParse(data)
    if (!parsed.success) {
      stats.malformed++
      return null
    }
    return parsed.data
  }

  function deliver(msg: PageMessage): boolean {
    const t = now()
    if (msg.type === 'account') {
      const info: AccountInfo = { tier: msg.tier, orgKnown: msg.orgKnown, catalog: msg.catalog }
      if (
        lastAccount &&
        lastAccount.tier === info.tier &&
        lastAccount.orgKnown === info.orgKnown &&
        JSON.stringify(lastAccount.catalog) === JSON.stringify(info.catalog)
      ) {
        stats.duplicate++
        return false
      }
      if (!accounts.take(t)) {
        stats.rateLimited++
        return false
      }
      lastAccount = info
      stats.accepted++
      options.onAccount(info)
      return true
    }
    const o = msg.observation
    if (o.at > t + MAX_FUTURE_MS || o.at < t - MAX_AGE_MS) {
      stats.stale++
      return false
    }
    if (seen.has(o.id)) {
      stats.duplicate++
      return false
    }
    if (!observations.take(t)) {
      stats.rateLimited++
      return false
    }
    seen.add(o.id)
    if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value as string)
    stats.accepted++
    options.onObservation(o)
    return true
  }

  return {
    handleMessageEvent(ev) {
      try {
        // The page posts its own messages all the time; untagged ones are simply not ours.
        if (!isTagged(ev.data)) return false
        if (ev.source !== win || ev.origin !== win.location.origin) {
          stats.foreign++
          return false
        }
        const msg = validate(ev.data)
        return msg ? deliver(msg) : false
      } catch {
        stats.malformed++
        return false
      }
    },

    readBreadcrumb(root) {
      if (breadcrumbRead) return 0
      breadcrumbRead = true
      let delivered = 0
      try {
        const raw = root.dataset.isClaudeDownObs
        if (!raw) return 0
        if (raw.length > MAX_BREADCRUMB_CHARS) {
          stats.oversized++
          return 0
        }
        const list: unknown = JSON.parse(raw)
        if (!Array.isArray(list) || list.length > BREADCRUMB_MAX_OBSERVATIONS + 1) {
          stats.malformed++
          return 0
        }
        for (const item of list) {
          if (!isTagged(item)) {
            stats.malformed++
            continue
          }
          const msg = validate(item)
          if (msg && deliver(msg)) delivered++
        }
      } catch {
        stats.malformed++
      }
      return delivered
    },

    stats: () => ({ ...stats }),
  }
}
