// The crowd-consent helpers of the popup's first-run card and the options page, shared so the two
// cannot differ. Not for the background: a prompt needs a user gesture, and the background bundle
// has no room for code it never runs.
import type { Settings } from '../shared/settings.ts'
import browser from './browser.ts'
import { CROWD_CONSENT_PENDING_KEY, CROWD_DATA, crowdConsentGranted } from './consent.ts'
import { loadSettings } from './storage.ts'

/**
 * Asks for the consent. Call it first thing in a click handler, before any await: the prompt needs
 * the user gesture, and the request below is made synchronously when this is called.
 */
export async function requestCrowdConsent(): Promise<boolean> {
  // Not awaited: the request below must still be inside the click's gesture.
  void browser.storage.local.set({ [CROWD_CONSENT_PENDING_KEY]: Date.now() }).catch(() => {})
  try {
    return await browser.permissions.request({ data_collection: [CROWD_DATA] })
  } catch {
    // Chrome rejects the unknown key (granted: no such permission there); Firefox rejects e.g. a
    // request that lost its gesture, which must not count as a yes.
    return crowdConsentGranted()
  }
}

/**
 * The settings as they act, for display: crowd reports show as off while the consent is missing
 * (e.g. settings synced from a browser where it was given), as the background treats them.
 */
export async function loadSettingsInEffect(): Promise<Settings> {
  const settings = await loadSettings()
  if (settings.crowd.enabled && !(await crowdConsentGranted()))
    settings.crowd = { ...settings.crowd, enabled: false }
  return settings
}
