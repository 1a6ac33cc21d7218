// What the claude.ai content script reads of the user settings: whether the banner is on and
// whether crowd reports are. Plain checks instead of the settings schema: that schema (settings.ts:
// per-field fallbacks, the server URL rule, the default components) costs ~0.5 KB gzip of the
// isolated script's 25 KB budget, for two booleans. The answers are parseSettings'(tested against it).

/** The storage.sync key of the settings (settings.ts re-exports it). */
export const SETTINGS_KEY = 'settings'

export interface PageSettings {
  banner: boolean
  crowdEnabled: boolean
}

function plainObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

/** Never throws: a missing or invalid field takes its default (banner on, crowd reports off). */
export function pageSettings(raw: unknown): PageSettings {
  const settings = plainObject(raw)
  const crowd = plainObject(settings.crowd)
  return {
    banner: typeof settings.banner === 'boolean' ? settings.banner : true,
    crowdEnabled: typeof crowd.enabled === 'boolean' ? crowd.enabled : false,
  }
}
