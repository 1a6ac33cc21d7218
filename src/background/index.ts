// Background entry. MV3 rules: listeners are registered synchronously at top level, and nothing is
// kept in memory that matters after the worker is killed; state lives in storage.
import type { Runtime } from 'webextension-polyfill'
import browser from '../platform/browser.ts'
import { CROWD_DATA, enableIfConsentPending, saveCrowdEnabled } from '../platform/consent.ts'
import { parseSettings, SETTINGS_KEY } from '../shared/settings.ts'
import { crowdDisabled, pollSummary } from './crowd-client.ts'
import { dispatch, isEnvelope } from './registration.ts'
import { applyOutputs, tick } from './status-controller.ts'

const POLL_ALARM = 'poll-status'
/** Chrome's minimum; each wake-up decides from stored timestamps whether a request is due. */
const ALARM_PERIOD_MIN = 0.5

async function ensureAlarm(): Promise<void> {
  if (!(await browser.alarms.get(POLL_ALARM)))
    await browser.alarms.create(POLL_ALARM, { periodInMinutes: ALARM_PERIOD_MIN })
}

function logError(where: string) {
  return (error: unknown) => console.error(`[is-claude-down] ${where}:`, error)
}

browser.runtime.onInstalled.addListener(() => {
  void ensureAlarm().catch(logError('alarm'))
  void tick({ force: true }).catch(logError('install poll'))
})

browser.runtime.onStartup.addListener(() => {
  void ensureAlarm().catch(logError('alarm'))
  void tick({ force: true }).catch(logError('startup poll'))
})

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== POLL_ALARM) return
  void tick().catch(logError('poll'))
  void pollSummary().catch(logError('crowd summary'))
})

browser.storage.onChanged.addListener((changes, area) => {
  // A different watch list or notification switch changes the badge at once, without a request.
  if (area !== 'sync' || !(SETTINGS_KEY in changes)) return
  void applyOutputs(Date.now()).catch(logError('settings'))
  const before = parseSettings(changes[SETTINGS_KEY]?.oldValue).crowd
  const after = parseSettings(changes[SETTINGS_KEY]?.newValue).crowd
  // Off stops everything at once; on (or a new server) reads the summary right away.
  if (!after.enabled) void crowdDisabled().catch(logError('crowd off'))
  else if (!before.enabled || before.serverUrl !== after.serverUrl)
    void crowdDisabled()
      .then(() => pollSummary({ force: true }))
      .catch(logError('crowd on'))
})

// Firefox: the user took the data-collection consent back (about:addons): crowd reports go off, and
// the settings change above deletes their state. Every send checks the consent anyway.
browser.permissions.onRemoved.addListener((removed) => {
  if (removed.data_collection?.includes(CROWD_DATA)) void saveCrowdEnabled(false).catch(logError('crowd off'))
})
// …and gave it, from our popup or options page (the popup may have closed when Firefox's prompt
// opened, before it could save the setting itself).
browser.permissions.onAdded.addListener((added) => {
  if (added.data_collection?.includes(CROWD_DATA))
    void enableIfConsentPending(Date.now()).catch(logError('crowd on'))
})

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  // Returning a promise answers asynchronously; undefined leaves foreign messages alone.
  isEnvelope(message) ? dispatch(message, sender) : undefined,
)

// A worker restarted by an event other than the alarm still makes sure polling continues.
void ensureAlarm().catch(logError('alarm'))
