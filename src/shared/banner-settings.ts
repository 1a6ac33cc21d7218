// The two settings the banner reads, for the isolated content script. settings.ts builds the whole
// SettingsSchema (and parses the defaults) when it is loaded, which would put zod's catch, default
// and refine into a script with a 25 KB gzip budget for two booleans. Same rule as SettingsSchema's
// fields: a missing or invalid value falls back to its own default without touching the other.
import { z } from './core/zod.ts'

export const SETTINGS_KEY = 'settings'

function flag(value: unknown, fallback: boolean): boolean {
  // Built per call, not at load: a top-level schema would ride along in every bundle that only
  // wants SETTINGS_KEY from here (the worker's, through settings.ts).
  const r = z.boolean().safeParse(value)
  return r.success ? r.data : fallback
}

export interface BannerSettings {
  banner: boolean
  crowdEnabled: boolean
}

export function parseBannerSettings(raw: unknown): BannerSettings {
  const settings = (raw && typeof raw === 'object' ? raw : {}) as { banner?: unknown; crowd?: unknown }
  const crowd = (settings.crowd && typeof settings.crowd === 'object' ? settings.crowd : {}) as {
    enabled?: unknown
  }
  return { banner: flag(settings.banner, true), crowdEnabled: flag(crowd.enabled, false) }
}
