import { beforeEach, vi } from 'vitest'
import { createFakeBrowser, type FakeBrowser } from './fake-browser.ts'

// webextension-polyfill throws outside an extension, so every unit test gets a fresh in-memory
// browser through this one mock (toolchain.md pitfall 4).
const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeBrowser }))
vi.mock('webextension-polyfill', () => ({
  default: new Proxy(
    {},
    { get: (_t, p) => (fake.current as unknown as Record<string | symbol, unknown>)[p] },
  ),
}))

beforeEach(() => {
  fake.current = createFakeBrowser()
})

/** The fake browser of the current test, for assertions. */
export function fakeBrowser(): FakeBrowser {
  return fake.current
}
