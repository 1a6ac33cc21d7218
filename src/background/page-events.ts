// What content scripts report from claude.ai: observations (appended to a bounded, one-hour log)
// and the plan facts, from which the account tier is decided here. Arguments were zod-validated by
// the dispatcher.

import browser from '../platform/browser.ts'
import { loadAccount, loadObservationLog } from '../platform/storage.ts'
import type { PlanFacts } from '../shared/core/observe/facts.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import { catalogFromBootstrap, decideAccountTier, modelsForTier } from '../shared/core/observe/tier.ts'
import { OBSERVATION_LOG_MAX, OBSERVATION_LOG_MS } from '../shared/schemas/observation-log.ts'
import { PAGE_STATE_KEYS } from '../shared/schemas/page-state.ts'

/**
 * A second bound behind the page inbox's (60 a minute per page): across all claude.ai tabs, at most
 * this many observations a minute reach storage, whatever a compromised content script sends.
 */
export const MAX_OBSERVATIONS_PER_MINUTE = 120

let windowStart = 0
let windowCount = 0
let writing: Promise<unknown> = Promise.resolve()

export function appendToLog(
  log: readonly Observation[],
  observation: Observation,
  now: number,
): Observation[] {
  if (log.some((o) => o.id === observation.id)) return [...log]
  return [...log, observation]
    .filter((o) => now - o.at <= OBSERVATION_LOG_MS && o.at <= now + 60_000)
    .sort((a, b) => a.at - b.at)
    .slice(-OBSERVATION_LOG_MAX)
}

export function recordObservation(observation: Observation, now = Date.now()): Promise<boolean> {
  if (now - windowStart > 60_000) {
    windowStart = now
    windowCount = 0
  }
  if (++windowCount > MAX_OBSERVATIONS_PER_MINUTE) return Promise.resolve(false)
  // Serialise read-modify-write so two tabs reporting at once cannot drop each other's entries.
  const task = writing.then(async () => {
    const log = await loadObservationLog()
    await browser.storage.local.set({ [PAGE_STATE_KEYS.observations]: appendToLog(log, observation, now) })
    return true
  })
  writing = task.catch(() => {})
  return task
}

/**
 * The tier decided from the plan facts (tier.ts), and the catalogue models that tier can use (when
 * the app's catalogue was seen; otherwise the ones stored before). Only these are stored: the plan
 * facts themselves are dropped.
 */
export async function recordAccount(plan: PlanFacts, now = Date.now()): Promise<void> {
  const { tier } = decideAccountTier(plan)
  const catalog = catalogFromBootstrap(plan.catalog)
  const previous = await loadAccount()
  const next = {
    tier,
    availableModels: catalog ? modelsForTier(catalog, tier) : previous.availableModels,
    at: now,
  }
  await browser.storage.local.set({ [PAGE_STATE_KEYS.account]: next })
}
