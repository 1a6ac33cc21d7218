// The opt-in crowd client. Nothing here runs, stores or sends anything unless the user turned crowd
// reports on; turning them off clears every piece of crowd state at once (see `crowdDisabled`).

import browser from '../platform/browser.ts'
import { crowdConsentGranted } from '../platform/consent.ts'
import { loadAccount, loadObservationLog, loadSettings } from '../platform/storage.ts'
import {
  buildReport,
  confirmedReportKind,
  crowdViewFromSummary,
  mayReport,
  summaryInterval,
  utcDay,
} from '../shared/core/crowd.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import { z } from '../shared/core/zod.ts'
import type { Report } from '../shared/crowd/report.ts'
import { type Kind, newReporterToken, regionFromTimeZone, SummarySchema } from '../shared/crowd/schema.ts'
import { PAGE_STATE_KEYS, parseOr } from '../shared/schemas/page-state.ts'

const KEYS = {
  reporter: 'crowdReporter',
  sent: 'crowdSent',
  state: 'crowdState',
} as const

const ReporterSchema = z.object({
  token: z.string().check(z.regex(/^[A-Za-z0-9_-]{32,64}$/)),
  day: z.string(),
})
const SentSchema = z.record(z.string(), z.number())
const StateSchema = z.object({
  etag: z.nullable(z.string().check(z.maxLength(200))),
  fetchedAt: z.nullable(z.number()),
  nextDueAt: z.number(),
  activeUntil: z.number(),
  /** Don't send before this (the server's Retry-After). */
  retryAfterUntil: z.number(),
  /**
   * The last problem, as a code the options page words (crowdErrorText): `timeout`, `network`,
   * `invalid` or `http_<status>`. Builds before 0.4.0 stored English text; the page shows that generically.
   */
  error: z.nullable(z.string().check(z.maxLength(300))),
})
export type CrowdClientState = z.infer<typeof StateSchema>
const INITIAL_STATE: CrowdClientState = {
  etag: null,
  fetchedAt: null,
  nextDueAt: 0,
  activeUntil: 0,
  retryAfterUntil: 0,
  error: null,
}

/** "The popup or banner is showing" lasts this long after their last ping. */
const ACTIVE_PING_MS = 2 * 60_000
const TIMEOUT_MS = 10_000

export interface CrowdDeps {
  fetch: typeof fetch
  now: () => number
}

export const defaultCrowdDeps = (): CrowdDeps => ({ fetch: (...a) => fetch(...a), now: Date.now })

/** On, and (Firefox) the data-collection consent still granted: checked before every request. */
async function settingsIfEnabled() {
  const settings = await loadSettings()
  return settings.crowd.enabled && (await crowdConsentGranted()) ? settings : null
}

async function loadState(): Promise<CrowdClientState> {
  const stored = await browser.storage.local.get(KEYS.state)
  return parseOr(StateSchema, stored[KEYS.state], INITIAL_STATE)
}

async function saveState(state: CrowdClientState): Promise<void> {
  await browser.storage.local.set({ [KEYS.state]: state })
}

/** Today's reporter token; a new random one each UTC day (reports can't be linked across days). */
async function reporterToken(now: number): Promise<string> {
  const stored = await browser.storage.local.get(KEYS.reporter)
  const r = ReporterSchema.safeParse(stored[KEYS.reporter])
  if (r.success && r.data.day === utcDay(now)) return r.data.token
  const token = newReporterToken()
  await browser.storage.local.set({ [KEYS.reporter]: { token, day: utcDay(now) } })
  return token
}

function timeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null
  } catch {
    return null
  }
}

async function reportContext(kind: Kind, observation: Observation | null, reporter: string): Promise<Report> {
  const account = await loadAccount()
  return buildReport({
    kind,
    observation,
    tier: account.tier,
    region: regionFromTimeZone(timeZone()),
    clientVersion: browser.runtime.getManifest().version,
    reporter,
  })
}

/** The payload a report would carry right now: what the opt-in card shows before anything is sent. */
export async function previewReport(now = Date.now()): Promise<Report> {
  const [log, stored] = await Promise.all([loadObservationLog(), browser.storage.local.get(KEYS.reporter)])
  const reporter = ReporterSchema.safeParse(stored[KEYS.reporter])
  const last = [...log].reverse().find((o) => o.kind !== 'success' && o.kind !== 'aborted') ?? null
  const kind = (last && confirmedReportKind(log, now)) ?? 'manual'
  // Before opting in no token exists yet; the preview shows a sample of the same shape.
  const token =
    reporter.success && reporter.data.day === utcDay(now) ? reporter.data.token : newReporterToken()
  return reportContext(kind, kind === 'manual' ? (log.at(-1) ?? null) : last, token)
}

async function post(
  serverUrl: string,
  report: Report,
  deps: CrowdDeps,
): Promise<{ ok: boolean; retryAfterS: number | null; error: string | null }> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
  try {
    const res = await deps.fetch(`${serverUrl}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
      credentials: 'omit',
      signal: controller.signal,
    })
    const retry = Number(res.headers.get('retry-after'))
    if (res.ok) return { ok: true, retryAfterS: null, error: null }
    return {
      ok: false,
      retryAfterS: Number.isFinite(retry) && retry > 0 ? retry : null,
      error: `http_${res.status}`,
    }
  } catch {
    return { ok: false, retryAfterS: null, error: controller.signal.aborted ? 'timeout' : 'network' }
  } finally {
    clearTimeout(timer)
  }
}

async function send(kind: Kind, observation: Observation | null, deps: CrowdDeps): Promise<boolean> {
  const settings = await settingsIfEnabled()
  if (!settings) return false
  const now = deps.now()
  let state = await loadState()
  if (state.retryAfterUntil > now) return false
  const report = await reportContext(kind, observation, await reporterToken(now))
  const result = await post(settings.crowd.serverUrl, report, deps)
  state = { ...(await loadState()), error: result.error }
  if (result.retryAfterS) state.retryAfterUntil = now + result.retryAfterS * 1000
  await saveState(state)
  // The crowd picture just changed: read it again soon.
  if (result.ok) await markActive(deps)
  return result.ok
}

/** After each recorded observation: report it when it confirms a server-side failure. */
export async function maybeAutoReport(deps: CrowdDeps = defaultCrowdDeps()): Promise<boolean> {
  if (!(await settingsIfEnabled())) return false
  const now = deps.now()
  const [log, stored] = await Promise.all([loadObservationLog(), browser.storage.local.get(KEYS.sent)])
  const kind = confirmedReportKind(log, now)
  if (!kind) return false
  const sent = parseOr(SentSchema, stored[KEYS.sent], {})
  if (!mayReport(kind, sent, now)) return false
  // Recorded before sending: a worker killed mid-request must not report twice.
  await browser.storage.local.set({ [KEYS.sent]: { ...sent, [kind]: now } })
  return send(kind, log.at(-1) ?? null, deps)
}

/** The popup's "Report a problem" button. */
export async function reportManually(deps: CrowdDeps = defaultCrowdDeps()): Promise<boolean> {
  const log = await loadObservationLog()
  return send('manual', log.at(-1) ?? null, deps)
}

/** The popup or banner is showing: read the summary every minute for a while. */
export async function markActive(deps: CrowdDeps = defaultCrowdDeps()): Promise<void> {
  if (!(await settingsIfEnabled())) return
  const now = deps.now()
  const state = await loadState()
  await saveState({ ...state, activeUntil: now + ACTIVE_PING_MS })
  if (state.fetchedAt === null || now - state.fetchedAt >= 60_000) await pollSummary({ force: true }, deps)
}

/** Reads the summary when due (or when forced) and stores the crowd view. */
export async function pollSummary(
  options: { force?: boolean } = {},
  deps: CrowdDeps = defaultCrowdDeps(),
): Promise<void> {
  const settings = await settingsIfEnabled()
  if (!settings) return
  const now = deps.now()
  const state = await loadState()
  if (!options.force && now < state.nextDueAt) return
  const log = await loadObservationLog()
  const next = { ...state, nextDueAt: now + summaryInterval(state.activeUntil > now, log, now) }
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
  try {
    const res = await deps.fetch(`${settings.crowd.serverUrl}/v1/summary`, {
      headers: state.etag ? { 'If-None-Match': state.etag } : {},
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    })
    if (res.status === 304) return await saveState({ ...next, fetchedAt: now, error: null })
    if (!res.ok) return await saveState({ ...next, error: `http_${res.status}` })
    const parsed = SummarySchema.safeParse(await res.json())
    if (!parsed.success) return await saveState({ ...next, etag: null, error: 'invalid' })
    const userModel = [...log].reverse().find((o) => o.model)?.model?.family ?? null
    await browser.storage.local.set({
      [PAGE_STATE_KEYS.crowdView]: crowdViewFromSummary(parsed.data, userModel, now),
    })
    await saveState({ ...next, etag: res.headers.get('etag'), fetchedAt: now, error: null })
  } catch {
    await saveState({ ...next, error: controller.signal.aborted ? 'timeout' : 'network' })
  } finally {
    clearTimeout(timer)
  }
}

/** Opt-out: every piece of crowd state goes, at once. */
export async function crowdDisabled(): Promise<void> {
  await browser.storage.local.remove([KEYS.reporter, KEYS.sent, KEYS.state, PAGE_STATE_KEYS.crowdView])
}

export async function crowdStatus(): Promise<CrowdClientState> {
  return loadState()
}
