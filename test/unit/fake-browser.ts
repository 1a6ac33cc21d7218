// An in-memory stand-in for the parts of the WebExtension API we use. Only unit tests use it; the
// browser tier runs the real build in Chromium.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

type Listener<A extends unknown[]> = (...args: A) => unknown

class Event<A extends unknown[]> {
  listeners = new Set<Listener<A>>()
  addListener(l: Listener<A>) {
    this.listeners.add(l)
  }
  removeListener(l: Listener<A>) {
    this.listeners.delete(l)
  }
  hasListener(l: Listener<A>) {
    return this.listeners.has(l)
  }
  emit(...args: A): unknown[] {
    return [...this.listeners].map((l) => l(...args))
  }
}

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>

function createArea(name: string, onChanged: Event<[Changes, string]>) {
  let data: Record<string, unknown> = {}
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v))
  return {
    _dump: () => data,
    async get(keys?: string | string[] | Record<string, unknown> | null) {
      if (keys == null) return clone(data)
      const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys)
      const out: Record<string, unknown> = {}
      for (const k of list) {
        if (k in data) out[k] = clone(data[k])
        else if (keys && typeof keys === 'object' && !Array.isArray(keys))
          out[k] = (keys as Record<string, unknown>)[k]
      }
      return out
    },
    async set(items: Record<string, unknown>) {
      const changes: Changes = {}
      for (const [k, v] of Object.entries(items)) {
        changes[k] = { oldValue: clone(data[k]), newValue: clone(v) }
        data[k] = clone(v)
      }
      onChanged.emit(changes, name)
    },
    async remove(keys: string | string[]) {
      const changes: Changes = {}
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        changes[k] = { oldValue: data[k] }
        delete data[k]
      }
      onChanged.emit(changes, name)
    },
    async clear() {
      data = {}
    },
  }
}

const messages = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), '../../public/_locales/en/messages.json'),
    'utf8',
  ),
) as Record<string, { message: string }>

export function getMessage(key: string, subs?: string | string[]): string {
  const entry = messages[key]
  if (!entry) return ''
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs]
  // Stricter than the browsers (which print nothing): a placeholder without its substitution is a
  // mismatch between the code and messages.json, and a test should say so.
  return entry.message.replace(/\$(\d)/g, (_m, i: string) => {
    const sub = list[Number(i) - 1]
    if (sub === undefined) throw new Error(`message "${key}": no substitution for $${i}`)
    return sub
  })
}

export function createFakeBrowser() {
  const storageChanged = new Event<[Changes, string]>()
  const alarms = new Map<string, { name: string; periodInMinutes?: number; scheduledTime: number }>()
  const badge = { text: '', color: '', title: '' }
  const notifications: { id: string; options: Record<string, unknown> }[] = []
  const onMessage = new Event<[unknown, unknown]>()
  return {
    _badge: badge,
    _notifications: notifications,
    storage: {
      local: createArea('local', storageChanged),
      sync: createArea('sync', storageChanged),
      session: createArea('session', storageChanged),
      onChanged: storageChanged,
    },
    action: {
      async setBadgeText({ text }: { text: string }) {
        badge.text = text
      },
      async setBadgeBackgroundColor({ color }: { color: string }) {
        badge.color = color
      },
      async setBadgeTextColor() {},
      async setTitle({ title }: { title: string }) {
        badge.title = title
      },
      async getBadgeText() {
        return badge.text
      },
    },
    alarms: {
      async create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number; when?: number }) {
        alarms.set(name, {
          name,
          periodInMinutes: info.periodInMinutes,
          scheduledTime:
            info.when ?? Date.now() + (info.delayInMinutes ?? info.periodInMinutes ?? 0) * 60_000,
        })
      },
      async get(name: string) {
        return alarms.get(name)
      },
      async getAll() {
        return [...alarms.values()]
      },
      async clear(name: string) {
        return alarms.delete(name)
      },
      onAlarm: new Event<[{ name: string }]>(),
    },
    runtime: {
      id: 'fake-extension-id',
      onMessage,
      onInstalled: new Event<[unknown]>(),
      onStartup: new Event<[]>(),
      getManifest: () => ({ version: '0.0.0-test', name: 'Is Claude Down?' }),
      getURL: (p: string) => `chrome-extension://fake-extension-id/${p.replace(/^\//, '')}`,
      async sendMessage(message: unknown) {
        const results = onMessage.emit(message, {
          id: 'fake-extension-id',
          url: 'chrome-extension://fake/popup',
        })
        return results.find((r) => r !== undefined)
      },
      async openOptionsPage() {},
    },
    notifications: {
      async create(id: string, options: Record<string, unknown>) {
        notifications.push({ id, options })
        return id
      },
      async clear() {
        return true
      },
      onClicked: new Event<[string]>(),
    },
    permissions: {
      granted: new Set<string>(),
      /**
       * Data-collection permissions as Firefox ≥ 140 has them: undefined (the default) is Chrome,
       * which has none, rejects the key in a request and leaves it out of getAll.
       */
      dataCollection: undefined as Set<string> | undefined,
      /** What the user answers Firefox's consent prompt. */
      promptAnswer: true,
      /** false: the request came outside a user gesture, which Firefox rejects. */
      userGesture: true,
      /** Every request, recorded synchronously when it is made. */
      requests: [] as { origins?: string[]; data_collection?: string[] }[],
      onAdded: new Event<[{ origins?: string[]; data_collection?: string[] }]>(),
      onRemoved: new Event<[{ origins?: string[]; data_collection?: string[] }]>(),
      async request(p: { origins?: string[]; data_collection?: string[] }) {
        this.requests.push(p)
        for (const o of p.origins ?? []) this.granted.add(o)
        if (!p.data_collection) return true
        if (!this.dataCollection) throw new TypeError("Unexpected property: 'data_collection'")
        if (!this.userGesture)
          throw new Error('permissions.request may only be called from a user input handler')
        if (!this.promptAnswer) return false
        for (const d of p.data_collection) this.dataCollection.add(d)
        this.onAdded.emit({ data_collection: p.data_collection })
        return true
      },
      async contains({ origins }: { origins?: string[] }) {
        return (origins ?? []).every((o) => this.granted.has(o))
      },
      async getAll() {
        return {
          origins: [...this.granted],
          permissions: [],
          ...(this.dataCollection ? { data_collection: [...this.dataCollection] } : {}),
        }
      },
      async remove({ origins, data_collection }: { origins?: string[]; data_collection?: string[] }) {
        for (const o of origins ?? []) this.granted.delete(o)
        for (const d of data_collection ?? []) this.dataCollection?.delete(d)
        if (data_collection) this.onRemoved.emit({ data_collection })
        return true
      },
    },
    tabs: {
      async create() {
        return {}
      },
      async query() {
        return []
      },
      async sendMessage() {},
    },
    i18n: { getMessage, getUILanguage: () => 'en' },
  }
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>
