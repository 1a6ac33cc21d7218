// Glue between the pure status core and the browser: runs due polls, stores results, and applies
// the badge and notifications. Every entry point re-reads storage, because the worker may have been
// restarted since the last call.

import browser from '../platform/browser.ts'
import { t } from '../platform/i18n.ts'
import {
  loadAccount,
  loadHistory,
  loadObservationLog,
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
import type { SourceHealth } from '../shared/core/statuspage/model.ts'
import { parseOr, z } from '../shared/core/zod.ts'
import { PAGE_STATE_KEYS } from '../shared/schemas/page-state.ts'
import type { StatusState } from '../shared/schemas/stored.ts'
import type { Settings } from '../shared/settings.ts'
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

/** Everything the outputs are derived from, read once per update. */
interface StoredStatus {
  settings: Settings
  state: StatusState
  health: SourceHealth
}

async function loadStoredStatus(now: number): Promise<StoredStatus> {
  const [settings, state] = await Promise.all([loadSettings(), loadStatusState()])
  return { settings, state, health: effectiveHealth(state.health, state.lastSuccessAt, now) }
}

export async function currentOfficialState(now: number): Promise<OfficialState> {
  const { settings, state, health } = await loadStoredStatus(now)
  return officialState(state.snapshot, health, settings.watchedComponents, now)
}

/** Model families this user's requests and plan used: part of the scope extractor's vocabulary. */
async function seenModelFamilies(): Promise<string[]> {
  const [log, account] = await Promise.all([loadObservationLog(), loadAccount()])
  const families = new Set<string>()
  for (const o of log) if (o.model) families.add(o.model.family)
  for (const m of account.availableModels) families.add(m.family)
  return [...families].sort()
}

/** The page-facing official view (scope and estimate per incident), stored only when it changed. */
async function publishOfficialView({ state, health }: StoredStatus, now: number): Promise<void> {
  const [history, seen] = await Promise.all([loadHistory(), seenModelFamilies()])
  const view = buildOfficialView(state.snapshot, health, STATUS_BASE, (incident) =>
    enrichIncident(incident, history, now, seen, t),
  )
  const stored = await browser.storage.local.get(PAGE_STATE_KEYS.officialView)
  if (JSON.stringify(stored[PAGE_STATE_KEYS.officialView]) !== JSON.stringify(view))
    await browser.storage.local.set({ [PAGE_STATE_KEYS.officialView]: view })
}

const BaselineSchema = z.nullable(z.record(z.string(), z.string()))

function notify(id: string, title: string, message: string): Promise<string> {
  return browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title,
    message,
  })
}

/** Badge, title and notifications from what is stored now. Safe to call any number of times. */
export async function applyOutputs(now: number): Promise<void> {
  const stored = await loadStoredStatus(now)
  const { settings, state, health } = stored
  const official = officialState(state.snapshot, health, settings.watchedComponents, now)
  await publishOfficialView(stored, now)
  const badge = badgeFor(official, t)
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: t(badge.title) }),
  ])
  const baselineStored = await browser.storage.local.get(STORAGE_KEYS.notifyBaseline)
  const baseline = parseOr(
    BaselineSchema,
    baselineStored[STORAGE_KEYS.notifyBaseline] ?? null,
    null,
  ) as Baseline | null
  const plan = planNotifications(baseline, official, t)
  if (plan.baseline !== baseline)
    await browser.storage.local.set({ [STORAGE_KEYS.notifyBaseline]: plan.baseline })
  await notifyResolved(official.fresh ? (state.snapshot?.incidents.map((i) => i.id) ?? null) : null)
  if (!settings.notifications) return
  for (const n of plan.notifications) await notify(n.id, t(n.title), t(n.message))
}

const ResolveWatchSchema = z.array(
  z.object({ id: z.string().check(z.maxLength(64)), title: z.string().check(z.maxLength(300)) }),
)

async function loadResolveWatch(): Promise<ResolveWatch[]> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.resolveWatch)
  return parseOr(ResolveWatchSchema, stored[STORAGE_KEYS.resolveWatch] ?? [], [])
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
  for (const w of resolved) await notify(`resolved:${w.id}`, t(msg('notifyResolvedTitle')), w.title)
}
