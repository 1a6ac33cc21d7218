// The isolated-world content script on claude.ai. It trusts nothing from the page: the facts the
// MAIN-world observer posts arrive through the page inbox (zod validation + rate bounds), which
// turns them into observations (assemble.ts); these are forwarded to the background and feed the
// verdict engine right here, so the banner appears without waiting for a sleeping service worker.
// The plan facts go to the background, which decides the tier.
import { render } from 'preact'
import { browser, callBackground, t } from '../platform/content-browser.ts'
import { parseBannerSettings, SETTINGS_KEY } from '../shared/banner-settings.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import type { CrowdView, Verdict } from '../shared/core/verdict/types.ts'
import { computeVerdict } from '../shared/core/verdict/verdict.ts'
import { CrowdLineSchema, createLogParser } from '../shared/schemas/observation-log.ts'
import {
  type AccountState,
  AccountStateSchema,
  type BannerPrefs,
  BannerPrefsSchema,
  DEFAULT_ACCOUNT,
  DEFAULT_BANNER_PREFS,
  isDismissed,
  PAGE_STATE_KEYS,
  parseOfficialView,
  parseOr,
  UNKNOWN_OFFICIAL_VIEW,
  withDismissed,
} from '../shared/schemas/page-state.ts'
import bannerCss from './banner/banner.css?inline'
import { Banner } from './banner/banner.tsx'
import { createPageInbox } from './page-inbox.ts'
import { observeTheme } from './theme.ts'

/** Relative times in the banner and the verdict's time window move on even without events. */
const REEVALUATE_MS = 15_000
const SNOOZE_MS = 60 * 60_000
const CROWD_PING_MS = 60_000
const HOST_ID = 'is-claude-down-root'

const state = {
  official: UNKNOWN_OFFICIAL_VIEW,
  stored: [] as Observation[],
  /** Observations seen here but maybe not yet in storage (the worker may be waking up). */
  pending: new Map<string, Observation>(),
  account: DEFAULT_ACCOUNT as AccountState,
  crowd: null as CrowdView | null,
  prefs: DEFAULT_BANNER_PREFS as BannerPrefs,
  bannerEnabled: true,
  crowdEnabled: false,
  lastCrowdPing: 0,
  theme: 'light' as 'light' | 'dark',
  /** The problem whose banner the user folded to its headline; a new problem unfolds again. */
  collapsedKey: null as string | null,
  online: navigator.onLine as boolean | null,
}

const parseLog = createLogParser()

let host: HTMLElement | null = null
let mount: HTMLElement | null = null

function observations(): Observation[] {
  const byId = new Map<string, Observation>()
  for (const o of state.stored) byId.set(o.id, o)
  for (const o of state.pending.values()) byId.set(o.id, o)
  return [...byId.values()].sort((a, b) => a.at - b.at)
}

export function currentVerdict(now = Date.now()): Verdict {
  return computeVerdict({
    now,
    official: state.official,
    observations: observations(),
    account: { tier: state.account.tier, availableModels: state.account.availableModels },
    crowd: state.crowd,
    online: state.online,
  })
}

function ensureHost(): boolean {
  if (host?.isConnected && mount) return true
  const root = document.documentElement
  // Not before the parser has built <head> and <body>: a node inserted earlier would precede them.
  if (!root || document.readyState === 'loading') return false
  host = document.getElementById(HOST_ID)
  if (!host) {
    host = document.createElement('div')
    host.id = HOST_ID
    // On <html>, outside claude.ai's layout: no DOM anchor of the app can break it (claude-web.md §8).
    root.appendChild(host)
  }
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  if (!mount) {
    const style = document.createElement('style')
    style.textContent = bannerCss
    mount = document.createElement('div')
    shadow.replaceChildren(style, mount)
  }
  return true
}

/** Writes only attributes that changed: each write is a DOM mutation the page may be observing. */
function setData(el: HTMLElement, values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) if (el.dataset[k] !== v) el.dataset[k] = v
}

function update(): void {
  if (!ensureHost() || !host || !mount) return
  const now = Date.now()
  const verdict = currentVerdict(now)
  // The public test hooks (README, architecture.md): always present, whatever is shown.
  const hiddenByUser = isDismissed(state.prefs, verdict.key) || state.prefs.snoozedUntil > now
  setData(host, {
    level: verdict.level,
    attribution: verdict.attribution,
    models: verdict.models.join(','),
    tiers: verdict.tiers.join(','),
    components: verdict.components.join(','),
    userModel: verdict.userModel ?? '',
    userTier: verdict.userTier,
    hidden: hiddenByUser ? 'true' : 'false',
  })
  const show = state.bannerEnabled && verdict.visible && !hiddenByUser
  // While the banner shows, the crowd picture in it is kept fresh (read every minute).
  if (show && state.crowdEnabled && now - state.lastCrowdPing >= CROWD_PING_MS) {
    state.lastCrowdPing = now
    callBackground('crowdActive').catch(() => {})
  }
  render(
    show ? (
      <Banner
        verdict={verdict}
        now={now}
        theme={state.theme}
        t={t}
        collapsed={state.collapsedKey === verdict.key}
        onToggle={() => {
          state.collapsedKey = state.collapsedKey === verdict.key ? null : verdict.key
          update()
        }}
        onDismiss={() =>
          void savePrefs({ ...state.prefs, dismissedKey: withDismissed(state.prefs, verdict.key) })
        }
        onSnooze={() => void savePrefs({ ...state.prefs, snoozedUntil: Date.now() + SNOOZE_MS })}
      />
    ) : null,
    mount,
  )
}

async function savePrefs(prefs: BannerPrefs): Promise<void> {
  state.prefs = prefs
  update()
  await browser.storage.local.set({ [PAGE_STATE_KEYS.bannerPrefs]: prefs })
}

function forward(observation: Observation): void {
  state.pending.set(observation.id, observation)
  update()
  callBackground('reportObservation', observation).catch(() => {
    // The extension was reloaded or the worker is unavailable: the banner still works locally.
  })
}

function applyStored(values: Record<string, unknown>): void {
  if (PAGE_STATE_KEYS.officialView in values)
    state.official = parseOfficialView(values[PAGE_STATE_KEYS.officialView])
  if (PAGE_STATE_KEYS.observations in values) {
    state.stored = parseLog(values[PAGE_STATE_KEYS.observations])
    for (const o of state.stored) state.pending.delete(o.id)
  }
  if (PAGE_STATE_KEYS.account in values)
    state.account = parseOr(AccountStateSchema, values[PAGE_STATE_KEYS.account], DEFAULT_ACCOUNT)
  if (PAGE_STATE_KEYS.bannerPrefs in values)
    state.prefs = parseOr(BannerPrefsSchema, values[PAGE_STATE_KEYS.bannerPrefs], DEFAULT_BANNER_PREFS)
  if (PAGE_STATE_KEYS.crowdView in values)
    state.crowd = parseOr(CrowdLineSchema, values[PAGE_STATE_KEYS.crowdView], null)
  if (SETTINGS_KEY in values) {
    const settings = parseBannerSettings(values[SETTINGS_KEY])
    state.bannerEnabled = settings.banner
    state.crowdEnabled = settings.crowdEnabled
  }
}

function start(): void {
  const inbox = createPageInbox({
    window,
    now: Date.now,
    onObservation: forward,
    // The tier is decided in the background from these facts; the verdict here reads it from storage.
    onPlan: (plan) => {
      callBackground('reportAccount', plan).catch(() => {})
    },
  })
  window.addEventListener('message', (event) => inbox.handleMessageEvent(event))
  // Errors the observer saw before we listened are on a DOM breadcrumb (the DOM is shared).
  if (document.documentElement) inbox.readBreadcrumb(document.documentElement)
  window.addEventListener('online', () => {
    state.online = true
    update()
  })
  window.addEventListener('offline', () => {
    state.online = false
    update()
  })
  void Promise.all([
    browser.storage.local.get(Object.values(PAGE_STATE_KEYS)),
    browser.storage.sync.get(SETTINGS_KEY),
  ])
    .then(([local, sync]) => {
      applyStored({ ...local, ...sync })
      update()
    })
    .catch(() => update())
  browser.storage.onChanged.addListener((changes) => {
    const values: Record<string, unknown> = {}
    for (const [key, change] of Object.entries(changes)) values[key] = change.newValue
    applyStored(values)
    update()
  })
  observeTheme((theme) => {
    state.theme = theme
    update()
  })
  setInterval(update, REEVALUATE_MS)
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', update, { once: true })
  else update()
}

start()
