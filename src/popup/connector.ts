// The popup's only door to the extension: reads stored state, follows changes, asks the background
// to act. Components get data and callbacks from here and never touch browser APIs themselves.
import browser from '../platform/browser.ts'
import { callBackground } from '../platform/call-background.ts'
import { saveCrowdEnabled } from '../platform/consent.ts'
import { loadSettingsInEffect, requestCrowdConsent } from '../platform/consent-ui.ts'
import { loadHistory, loadStatusState, STORAGE_KEYS } from '../platform/storage.ts'
import type { Observation } from '../shared/core/observe/observation.ts'
import type { Incident } from '../shared/core/statuspage/model.ts'
import type { CrowdView, OfficialView } from '../shared/core/verdict/types.ts'
import type { Report } from '../shared/crowd/report.ts'
import { CrowdViewSchema, ObservationLogSchema } from '../shared/schemas/observation-log.ts'
import {
  type AccountState,
  AccountStateSchema,
  DEFAULT_ACCOUNT,
  PAGE_STATE_KEYS,
  parseOfficialView,
  parseOr,
} from '../shared/schemas/page-state.ts'
import type { StatusState } from '../shared/schemas/stored.ts'
import { SETTINGS_KEY, type Settings } from '../shared/settings.ts'

export interface PopupData {
  settings: Settings
  status: StatusState
  history: Incident[]
  officialView: OfficialView
  observations: Observation[]
  account: AccountState
  crowd: CrowdView | null
  crowdCardDismissed: boolean
}

const CROWD_CARD_KEY = 'crowdCardDismissed'

export interface PopupConnector {
  load(): Promise<PopupData>
  /** Calls back whenever stored state changes; returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void
  refresh(): Promise<void>
  openOptions(): Promise<void>
  notifyWhenResolved(incidentId: string): Promise<boolean>
  previewCrowdReport(): Promise<Report>
  reportProblem(): Promise<boolean>
  /** Keeps the crowd summary fresh (every minute) while the popup is open. */
  crowdActive(): Promise<void>
  /**
   * Call straight from the click: turning on asks for Firefox's data-collection consent first (the
   * prompt needs the user gesture). Resolves whether the setting was saved (false: consent declined).
   */
  setCrowdEnabled(enabled: boolean): Promise<boolean>
  dismissCrowdCard(): Promise<void>
}

const WATCHED_LOCAL_KEYS = new Set<string>([
  STORAGE_KEYS.status,
  STORAGE_KEYS.history,
  ...Object.values(PAGE_STATE_KEYS),
])

export const browserConnector: PopupConnector = {
  async load() {
    const [settings, status, history, page] = await Promise.all([
      loadSettingsInEffect(),
      loadStatusState(),
      loadHistory(),
      browser.storage.local.get([...Object.values(PAGE_STATE_KEYS), CROWD_CARD_KEY]),
    ])
    return {
      settings,
      status,
      history,
      officialView: parseOfficialView(page[PAGE_STATE_KEYS.officialView]),
      observations: parseOr(ObservationLogSchema, page[PAGE_STATE_KEYS.observations], []),
      account: parseOr(AccountStateSchema, page[PAGE_STATE_KEYS.account], DEFAULT_ACCOUNT),
      crowd: parseOr(CrowdViewSchema, page[PAGE_STATE_KEYS.crowdView], null),
      crowdCardDismissed: page[CROWD_CARD_KEY] === true,
    }
  },
  subscribe(onChange) {
    const listener = (changes: Record<string, unknown>, area: string) => {
      const keys = Object.keys(changes)
      if (
        (area === 'local' && keys.some((k) => WATCHED_LOCAL_KEYS.has(k))) ||
        (area === 'sync' && SETTINGS_KEY in changes)
      )
        onChange()
    }
    browser.storage.onChanged.addListener(listener)
    return () => browser.storage.onChanged.removeListener(listener)
  },
  async refresh() {
    await callBackground('refreshStatus')
  },
  async openOptions() {
    await browser.runtime.openOptionsPage()
  },
  notifyWhenResolved(incidentId) {
    return callBackground('notifyWhenResolved', incidentId)
  },
  previewCrowdReport() {
    return callBackground('previewCrowdReport')
  },
  reportProblem() {
    return callBackground('reportProblem')
  },
  async crowdActive() {
    await callBackground('crowdActive')
  },
  async setCrowdEnabled(enabled) {
    // No await before the request: it must run inside the click's user gesture.
    if (enabled && !(await requestCrowdConsent())) return false
    await saveCrowdEnabled(enabled)
    return true
  },
  async dismissCrowdCard() {
    await browser.storage.local.set({ [CROWD_CARD_KEY]: true })
  },
}
