// User settings: one schema with defaults, parsed field by field so a corrupt, old or hand-edited
// value in storage.sync falls back to its default without losing the other fields.
import { DEFAULT_WATCHED_COMPONENTS } from './components.ts'
import { DEFAULT_CROWD_SERVER } from './config.ts'
import { z } from './core/zod.ts'

export const SETTINGS_KEY = 'settings'
export const SETTINGS_VERSION = 1

const COMPONENT_ID = /^[a-z0-9]{6,32}$/i

/**
 * A crowd server URL is https (or http on the loopback host, for self-hosting and tests), with no
 * credentials, query or fragment.
 */
export function validateServerUrl(value: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return { ok: false, reason: 'settingsServerUrlInvalid' }
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    return { ok: false, reason: 'settingsServerUrlHttps' }
  if (url.username || url.password || url.search || url.hash)
    return { ok: false, reason: 'settingsServerUrlExtra' }
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') }
}

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION).catch(SETTINGS_VERSION),
  watchedComponents: z
    .array(z.string().regex(COMPONENT_ID))
    .max(50)
    .catch(() => [...DEFAULT_WATCHED_COMPONENTS])
    .default(() => [...DEFAULT_WATCHED_COMPONENTS]),
  notifications: z.boolean().catch(true).default(true),
  banner: z.boolean().catch(true).default(true),
  crowd: z
    .object({
      enabled: z.boolean().catch(false).default(false),
      serverUrl: z
        .string()
        .refine((v) => validateServerUrl(v).ok)
        .catch(DEFAULT_CROWD_SERVER)
        .default(DEFAULT_CROWD_SERVER),
    })
    .catch({ enabled: false, serverUrl: DEFAULT_CROWD_SERVER })
    .default({ enabled: false, serverUrl: DEFAULT_CROWD_SERVER }),
})

export type Settings = z.output<typeof SettingsSchema>

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({})

/** Never throws: anything unusable becomes the defaults. */
export function parseSettings(raw: unknown): Settings {
  const r = SettingsSchema.safeParse(raw && typeof raw === 'object' ? raw : {})
  return r.success ? r.data : DEFAULT_SETTINGS
}
