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

/**
 * Set just before the consent prompt opens; the background turns crowd reports on when Firefox
 * then reports the consent added. Firefox may close the popup when its prompt opens, and the
 * popup's own "save after yes" would then never run.
 */
export const CROWD_CONSENT_PENDING_KEY = 'crowdConsentPending'
/** A consent given this long after the click is not taken as that click's answer. */
const PENDING_MS = 10 * 60_000

/** The background's half: consent added while a request from our UI was pending → on. */
export async function enableIfConsentPending(now: number): Promise<boolean> {
  const pendingSince = (await browser.storage.local.get(CROWD_CONSENT_PENDING_KEY))[CROWD_CONSENT_PENDING_KEY]
  await browser.storage.local.remove(CROWD_CONSENT_PENDING_KEY)
  if (typeof pendingSince !== 'number' || now - pendingSince > PENDING_MS || pendingSince > now) return false
  await saveCrowdEnabled(true)
  return true
}
