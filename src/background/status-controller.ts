// Glue between the pure status core and the browser: runs due polls, stores results, and applies
// the badge and notifications. Every entry point re-reads storage, because the worker may have been
// restarted since the last call.

import browser from '../platform/browser.ts'
import { t } from '../platform/i18n.ts'
import {
  loadHistory,
  loadSettings,
  loadStatusState,
  STORAGE_KEYS,
  saveHistory,
  saveStatusState,
} from '../platform/storage.ts'
import { INCIDENTS_URL, STATUS_BASE, SUMMARY_URL } from '../shared/config.ts'
import { msg } from '../shared/core/message.ts'
import { type Baseline, planNotifications, planResolved, type ResolveWatch } from '../shared/core/notify.ts'
import { badgeFor, effectiveHealth, type OfficialState, officialState } from '../shared/core/official.ts'
import { buildOfficialView } from '../shared/core/official-view.ts'
import { mergeHistory } from '../shared/core/statuspage/history.ts'
import { z } from '../shared/core/zod.ts'
import { ObservationLogSchema } from '../shared/schemas/observation-log.ts'
import {
  AccountStateSchema,
  DEFAULT_ACCOUNT,
  PAGE_STATE_KEYS,
  parseOr,
} from '../shared/schemas/page-state.ts'
import { enrichIncident } from './enrich.ts'
import { incidentsDue, isDue, type PollDeps, pollIncidents, pollSummary } from './status-poller.ts'

export function defaultPollDeps(): PollDeps {
  const version = browser.runtime.getManifest().version
  return {
    fetch: (...args) => fetch(...args),
    now: Date.now,
    random: Math.random,
    userAgent: `${navigator.userAgent} IsClaudeDown/${version}`,
    summaryUrl: SUMMARY_URL,
    incidentsUrl: INCIDENTS_URL,
  }
}

let running: Promise<void> | null = null

/**
 * Polls what is due (or everything, when forced) and refreshes badge and notifications. Calls that
 * arrive while one is running wait for it instead of sending a second request.
 */
export function tick(options: { force?: boolean } = {}, deps: PollDeps = defaultPollDeps()): Promise<void> {
  if (running) return options.force ? running.then(() => tick(options, deps)) : running
  running = (async () => {
    try {
      await runTick(options.force === true, deps)
    } finally {
      running = null
    }
  })()
  return running
}

async function runTick(force: boolean, deps: PollDeps): Promise<void> {
  const settings = await loadSettings()
  let state = await loadStatusState()
  const now = deps.now()
  if (force || isDue(state, now)) {
    const result = await pollSummary(state, settings.watchedComponents, deps)
    state = result.state
    await saveStatusState(state)
    if (result.changed && state.snapshot && state.snapshot.incidents.length > 0) {
      // Open incidents enter the history at once; incidents.json follows every 15 min.
      const history = await loadHistory()
      await saveHistory(mergeHistory(history, state.snapshot.incidents, now))
    }
  }
  if (incidentsDue(state, deps.now()) && state.failures === 0) {
    const polled = await pollIncidents(state, await loadHistory(), deps)
    state = polled.state
    await saveStatusState(state)
    if (polled.history) await saveHistory(polled.history)
  }
  await applyOutputs(deps.now())
}

export async function currentOfficialState(now: number): Promise<OfficialState> {
  const [settings, state] = await Promise.all([loadSettings(), loadStatusState()])
  return officialState(
    state.snapshot,
    effectiveHealth(state.health, state.lastSuccessAt, now),
    settings.watchedComponents,
    now,
  )
}

/** Model families this user's requests and plan used: part of the scope extractor's vocabulary. */
async function seenModelFamilies(): Promise<string[]> {
  const stored = await browser.storage.local.get([PAGE_STATE_KEYS.observations, PAGE_STATE_KEYS.account])
  const log = parseOr(ObservationLogSchema, stored[PAGE_STATE_KEYS.observations], [])
  const account = parseOr(AccountStateSchema, stored[PAGE_STATE_KEYS.account], DEFAULT_ACCOUNT)
  const families = new Set<string>()
  for (const o of log) if (o.model) families.add(o.model.family)
  for (const m of account.availableModels) families.add(m.family)
  return [...families].sort()
}

/** The page-facing official view (scope and estimate per incident), stored only when it changed. */
async function publishOfficialView(now: number): Promise<void> {
  const [state, history, seen] = await Promise.all([loadStatusState(), loadHistory(), seenModelFamilies()])
  const health = effectiveHealth(state.health, state.lastSuccessAt, now)
  const view = buildOfficialView(state.snapshot, health, STATUS_BASE, (incident) =>
    enrichIncident(incident, history, now, seen, t),
  )
  const stored = await browser.storage.local.get(PAGE_STATE_KEYS.officialView)
  if (JSON.stringify(stored[PAGE_STATE_KEYS.officialView]) !== JSON.stringify(view))
    await browser.storage.local.set({ [PAGE_STATE_KEYS.officialView]: view })
}

const BaselineSchema = z.nullable(z.record(z.string(), z.string()))

/** Badge, title and notifications from what is stored now. Safe to call any number of times. */
export async function applyOutputs(now: number): Promise<void> {
  const [settings, official] = await Promise.all([loadSettings(), currentOfficialState(now)])
  await publishOfficialView(now)
  const badge = badgeFor(official, t)
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: t(badge.title) }),
  ])
  const stored = await browser.storage.local.get(STORAGE_KEYS.notifyBaseline)
  const parsed = BaselineSchema.safeParse(stored[STORAGE_KEYS.notifyBaseline] ?? null)
  const baseline = parsed.success ? (parsed.data as Baseline | null) : null
  const plan = planNotifications(baseline, official, t)
  if (plan.baseline !== baseline)
    await browser.storage.local.set({ [STORAGE_KEYS.notifyBaseline]: plan.baseline })
  await notifyResolved(
    official.fresh ? ((await loadStatusState()).snapshot?.incidents.map((i) => i.id) ?? null) : null,
  )
  if (!settings.notifications) return
  for (const n of plan.notifications) {
    await browser.notifications.create(n.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: t(n.title),
      message: t(n.message),
    })
  }
}

const ResolveWatchSchema = z.array(
  z.object({ id: z.string().check(z.maxLength(64)), title: z.string().check(z.maxLength(300)) }),
)

async function loadResolveWatch(): Promise<ResolveWatch[]> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.resolveWatch)
  const r = ResolveWatchSchema.safeParse(stored[STORAGE_KEYS.resolveWatch] ?? [])
  return r.success ? r.data : []
}

/** Adds an open incident to "notify me when this is resolved" (asked for explicitly, so it fires
 * even when status-change notifications are off). */
export async function watchResolution(incidentId: string): Promise<boolean> {
  const state = await loadStatusState()
  const incident = state.snapshot?.incidents.find((i) => i.id === incidentId)
  if (!incident) return false
  const watch = await loadResolveWatch()
  if (!watch.some((w) => w.id === incidentId))
    await browser.storage.local.set({
      [STORAGE_KEYS.resolveWatch]: [...watch, { id: incident.id, title: incident.name }].slice(-20),
    })
  return true
}

async function notifyResolved(openIds: string[] | null): Promise<void> {
  const watch = await loadResolveWatch()
  if (!watch.length) return
  const { resolved, remaining } = planResolved(watch, openIds)
  if (!resolved.length) return
  // Forget first: a worker killed mid-way must not notify twice.
  await browser.storage.local.set({ [STORAGE_KEYS.resolveWatch]: remaining })
  for (const w of resolved)
    await browser.notifications.create(`resolved:${w.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: t(msg('notifyResolvedTitle')),
      message: w.title,
    })
}
