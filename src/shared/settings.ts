// User settings: one schema with defaults, parsed field by field so a corrupt, old or hand-edited
// value in storage.sync falls back to its default without losing the other fields.
import { DEFAULT_WATCHED_COMPONENTS } from './components.ts'
import { DEFAULT_CROWD_SERVER } from './config.ts'
import { z } from './core/zod.ts'

export { SETTINGS_KEY } from './page-settings.ts'
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

const defaultWatched = () => [...DEFAULT_WATCHED_COMPONENTS]
const defaultCrowd = () => ({ enabled: false, serverUrl: DEFAULT_CROWD_SERVER })

/** A field that falls back to its default when missing or invalid, without failing the others. */
function field<T>(schema: z.ZodMiniType<T>, fallback: () => T) {
  // zod/mini types `_default` with NoUndefined<T>; our fallbacks are never undefined.
  return z._default(z.catch(schema, fallback), fallback as never)
}

export const SettingsSchema = z.object({
  version: field(z.literal(SETTINGS_VERSION), () => SETTINGS_VERSION),
  watchedComponents: field(
    // At least one: with nothing watched there is no status to show, and "unknown" would read as
    // "status.claude.com can't be read". The options page never lets the last one go.
    z.array(z.string().check(z.regex(COMPONENT_ID))).check(z.minLength(1), z.maxLength(50)),
    defaultWatched,
  ),
  notifications: field(z.boolean(), () => true),
  banner: field(z.boolean(), () => true),
  crowd: field(
    z.object({
      enabled: field(z.boolean(), () => false),
      serverUrl: field(
        z.string().check(z.refine((v) => validateServerUrl(v).ok)),
        () => DEFAULT_CROWD_SERVER,
      ),
    }),
    defaultCrowd,
  ),
})

export type Settings = z.output<typeof SettingsSchema>

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({})

/** Never throws: anything unusable becomes the defaults. */
export function parseSettings(raw: unknown): Settings {
  const r = SettingsSchema.safeParse(raw && typeof raw === 'object' ? raw : {})
  return r.success ? r.data : DEFAULT_SETTINGS
}
