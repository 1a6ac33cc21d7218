// Typed access to what the extension stores. Every read is parsed (storage is an input: an older
// version or damage must degrade to a safe default, never crash a context).

import type { Observation } from '../shared/core/observe/observation.ts'
import type { Incident } from '../shared/core/statuspage/model.ts'
import { parseOr } from '../shared/core/zod.ts'
import { ObservationLogSchema } from '../shared/schemas/observation-log.ts'
import {
  type AccountState,
  AccountStateSchema,
  DEFAULT_ACCOUNT,
  PAGE_STATE_KEYS,
} from '../shared/schemas/page-state.ts'
import {
  HistorySchema,
  INITIAL_STATUS_STATE,
  type StatusState,
  StatusStateSchema,
  upgradeStatusState,
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
  return parseOr(StatusStateSchema, upgradeStatusState(raw[STORAGE_KEYS.status]), INITIAL_STATUS_STATE)
}

export async function saveStatusState(state: StatusState): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.status]: state })
}

export async function loadHistory(): Promise<Incident[]> {
  const raw = await browser.storage.local.get(STORAGE_KEYS.history)
  return parseOr(HistorySchema, raw[STORAGE_KEYS.history], [])
}

export async function saveHistory(history: Incident[]): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.history]: history })
}

/** This browser's observation log (last hour), as the background keeps it. */
export async function loadObservationLog(): Promise<Observation[]> {
  const raw = await browser.storage.local.get(PAGE_STATE_KEYS.observations)
  return parseOr(ObservationLogSchema, raw[PAGE_STATE_KEYS.observations], [])
}

export async function loadAccount(): Promise<AccountState> {
  const raw = await browser.storage.local.get(PAGE_STATE_KEYS.account)
  return parseOr(AccountStateSchema, raw[PAGE_STATE_KEYS.account], DEFAULT_ACCOUNT)
}
