// The isolated content script's inbox for what the MAIN-world observer posts: raw facts about
// claude.ai's requests and the plan facts (facts.ts). The page shares the window and can read and
// forge every message (claude-web.md §8.6), so everything here is hostile until proven otherwise:
// source window, tag, size, schema (zod, strict, bounded — page-messages.ts), age, duplicates, and
// token buckets, so a forging page can raise only a bounded number of observations per minute
// (architecture.md, "Privacy and trust"). Valid facts go to the assembler (assemble.ts), which
// classifies them; the raw error text they carry ends there — it is never stored or forwarded.
//
// No extension API here: the caller (isolated.tsx) forwards what we deliver to the background, so
// this module stays testable in plain happy-dom.
import { createObservationAssembler, type ObservationAssembler } from '../shared/core/observe/assemble.ts'
import type { Fact, PageMessage, PlanFacts } from '../shared/core/observe/facts.ts'
import { type Observation, ObservationSchema } from '../shared/core/observe/observation.ts'
import { parsePageMessage } from '../shared/core/observe/page-messages.ts'
import { BREADCRUMB_MAX_FACTS, MESSAGE_SOURCE } from '../shared/core/observe/vocab.ts'

/** A fact with a full error body serialises to ~5 KB (more if its text is all escapes); a plan to ~3 KB. */
export const MAX_MESSAGE_CHARS = 16 * 1024
/** The breadcrumb: at most BREADCRUMB_MAX_FACTS fact messages and a plan message. */
export const MAX_BREADCRUMB_CHARS = (BREADCRUMB_MAX_FACTS + 1) * MAX_MESSAGE_CHARS
/**
 * Facts per minute. A completion posts up to three (its first byte, a stall or a usage limit, its
 * end), other requests one failure each: 180 is 60 completions a minute, room for retry storms
 * during an outage while still bounding what a hostile page can inject.
 */
export const DEFAULT_MAX_FACTS_PER_MINUTE = 180
/**
 * Observations per minute, after assembly. A person sends a few messages a minute, and each yields
 * one completion observation (plus the odd slow, stall or failed side request).
 */
export const DEFAULT_MAX_PER_MINUTE = 60
/** The plan changes at most a few times per page; anything more is a page playing games. */
export const DEFAULT_MAX_PLANS_PER_MINUTE = 6
/** Facts older than this (a breadcrumb from a restored page) are not news. */
export const MAX_AGE_MS = 30 * 60_000
/** Clock skew allowance for `at` in the future. */
export const MAX_FUTURE_MS = 60_000
/** How many fact ids are remembered for de-duplication (breadcrumb + live overlap). */
const SEEN_IDS = 512

export interface PageInboxOptions {
  /** This world's `window`; a message counts only if `ev.source === window`. */
  window: Window
  now?: () => number
  onObservation: (observation: Observation) => void
  /** The plan facts, for the background's tier decision (never kept here). */
  onPlan: (plan: PlanFacts) => void
  /** Facts → observations; one per page by default. */
  assembler?: ObservationAssembler
  maxFactsPerMinute?: number
  maxPerMinute?: number
  maxPlansPerMinute?: number
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
  /** Handles one `message` event; true when its message was accepted. Never throws. */
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
  const assembler = options.assembler ?? createObservationAssembler({ now })
  const facts = bucket(options.maxFactsPerMinute ?? DEFAULT_MAX_FACTS_PER_MINUTE, now())
  const observations = bucket(options.maxPerMinute ?? DEFAULT_MAX_PER_MINUTE, now())
  const plans = bucket(options.maxPlansPerMinute ?? DEFAULT_MAX_PLANS_PER_MINUTE, now())
  const seen = new Set<string>()
  let lastPlan = ''
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
    const parsed = parsePageMessage(data)
    if (!parsed) stats.malformed++
    return parsed
  }

  function deliverPlan({ orgs, active, catalog, cached }: PlanFacts, t: number): boolean {
    const plan: PlanFacts = { orgs, active, catalog, cached }
    const key = JSON.stringify(plan)
    if (key === lastPlan) {
      stats.duplicate++
      return false
    }
    if (!plans.take(t)) {
      stats.rateLimited++
      return false
    }
    lastPlan = key
    stats.accepted++
    options.onPlan(plan)
    return true
  }

  function deliverFact(fact: Fact, t: number): boolean {
    if (fact.at > t + MAX_FUTURE_MS || fact.at < t - MAX_AGE_MS) {
      stats.stale++
      return false
    }
    if (seen.has(fact.id)) {
      stats.duplicate++
      return false
    }
    if (!facts.take(t)) {
      stats.rateLimited++
      return false
    }
    seen.add(fact.id)
    if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value as string)
    stats.accepted++
    const observation = assembler.add(fact)
    if (!observation) return true
    // Built by our own code from validated facts; checked anyway, as the background will.
    if (!ObservationSchema.safeParse(observation).success) stats.malformed++
    else if (!observations.take(t)) stats.rateLimited++
    else options.onObservation(observation)
    return true
  }

  function deliver(msg: PageMessage): boolean {
    return msg.type === 'plan' ? deliverPlan(msg, now()) : deliverFact(msg.fact, now())
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
        if (!Array.isArray(list) || list.length > BREADCRUMB_MAX_FACTS + 1) {
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
