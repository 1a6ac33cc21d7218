// Crowd reports and the browser's own data-collection consent (Firefox ≥ 140; peers.md §5.4): the
// manifest declares `technicalAndInteraction` as optional, so Firefox asks when the user turns crowd
// reports on, and lets them take it back in about:addons. Chrome has no such permission: there the
// in-product disclosure is the consent, and everything here answers "granted".
// Used by the background and the pages alike, so they cannot disagree. What only the popup and the
// options page need (the prompt) is in consent-ui.ts, which keeps it out of the background bundle.
import browser from './browser.ts'
import { loadSettings, saveSettings } from './storage.ts'

export const CROWD_DATA = 'technicalAndInteraction'

/** Granted, or the browser has no data-collection permissions (only Firefox lists them in getAll). */
export async function crowdConsentGranted(): Promise<boolean> {
  const granted = (await browser.permissions.getAll()).data_collection
  return !granted || granted.includes(CROWD_DATA)
}

export async function saveCrowdEnabled(enabled: boolean): Promise<void> {
  const settings = await loadSettings()
  await saveSettings({ ...settings, crowd: { ...settings.crowd, enabled } })
}
