import browser from '../platform/browser.ts'
import { callBackground } from '../platform/call-background.ts'
import { crowdConsentGranted } from '../platform/consent.ts'
import { requestCrowdConsent } from '../platform/consent-ui.ts'
import { loadSettings, loadStatusState, saveSettings } from '../platform/storage.ts'
import { KNOWN_COMPONENT_NAMES } from '../shared/components.ts'
import type { Report } from '../shared/crowd/report.ts'
import { SETTINGS_KEY, type Settings } from '../shared/settings.ts'

export interface ComponentChoice {
  id: string
  name: string
}

export interface OptionsConnector {
  /**
   * The settings as stored. The page saves them whole, so they must not be the settings "in
   * effect": a crowd switch shown off for want of this browser's consent would be saved off and,
   * through sync, turn crowd reports off in the user's other browsers too.
   */
  loadSettings(): Promise<Settings>
  /** Firefox's data-collection consent for crowd reports is given (always true elsewhere). */
  crowdConsentGranted(): Promise<boolean>
  saveSettings(settings: Settings): Promise<void>
  /** Components to offer: the live list from the last status read, else the known ones. */
  loadComponents(): Promise<ComponentChoice[]>
  subscribe(onChange: () => void): () => void
  previewCrowdReport(): Promise<Report>
  /**
   * Firefox ≥ 140 asks for the optional data-collection consent; elsewhere true. Call it first thing
   * in the click handler (a user gesture).
   */
  requestCrowdConsent(): Promise<boolean>
  crowdStatus(): Promise<{ error: string | null; fetchedAt: number | null }>
}

export const browserOptionsConnector: OptionsConnector = {
  loadSettings,
  crowdConsentGranted,
  saveSettings,
  async loadComponents() {
    const state = await loadStatusState()
    const live = state.snapshot?.components.filter((c) => !c.isGroup).map((c) => ({ id: c.id, name: c.name }))
    if (live?.length) return live
    return Object.entries(KNOWN_COMPONENT_NAMES).map(([id, name]) => ({ id, name }))
  },
  subscribe(onChange) {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'sync' && SETTINGS_KEY in changes) onChange()
    }
    browser.storage.onChanged.addListener(listener)
    return () => browser.storage.onChanged.removeListener(listener)
  },
  previewCrowdReport() {
    return callBackground('previewCrowdReport')
  },
  requestCrowdConsent,
  crowdStatus() {
    return callBackground('crowdStatus')
  },
}
