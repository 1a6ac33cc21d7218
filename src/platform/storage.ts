// Typed access to what the extension stores. Every read is parsed (storage is an input: an older
// version or damage must degrade to a safe default, never crash a context).

import type { Incident } from '../shared/core/statuspage/model.ts'
import {
  HistorySchema,
  INITIAL_STATUS_STATE,
  parseStored,
  type StatusState,
  StatusStateSchema,
} from '../shared/schemas/stored.ts'
import { parseSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts'
import browser from './browser.ts'

export const STORAGE_KEYS = {
  status: 'status',
  history: 'history',
  notifyBaseline: 'notifyBaseline',
  resolveWatch: 'resolveWatch',
} as const

export async function loadSettings(): Promise<Settings> {
  const raw = await browser.storage.sync.get(SETTINGS_KEY)
  return parseSettings(raw[SETTINGS_KEY])
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.sync.set({ [SETTINGS_KEY]: parseSettings(settings) })
}

export async function loadStatusState(): Promise<StatusState> {
  const raw = await browser.storage.local.get(STORAGE_KEYS.status)
  return parseStored(StatusStateSchema, raw[STORAGE_KEYS.status], INITIAL_STATUS_STATE)
}

export async function saveStatusState(state: StatusState): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.status]: state })
}

export async function loadHistory(): Promise<Incident[]> {
  const raw = await browser.storage.local.get(STORAGE_KEYS.history)
  return parseStored(HistorySchema, raw[STORAGE_KEYS.history], [])
}

export async function saveHistory(history: Incident[]): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.history]: history })
}
