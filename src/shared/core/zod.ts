// zod for the extension: the zod/mini API (a fraction of the classic API's bundle size, which matters
// for the 25–40 KB budgets of the content scripts, popup and worker; toolchain.md §9), configured
// jitless because MV3's CSP forbids eval and zod 4 otherwise probes `new Function` on its first
// object parse (toolchain.md pitfall 5). Import z from here, never from 'zod'.
import * as z from 'zod/mini'

z.config({ jitless: true })

export { z }

/** The first issue of a zod error as "path: message", for clear, short user-facing reasons. */
export function describeZodError(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[]
}): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid data'
  const path = issue.path.length ? issue.path.join('.') : '(root)'
  return `${path}: ${issue.message}`
}

/** `raw` parsed by `schema`, or `fallback` when it does not fit (stored data, settings, summaries). */
export function parseOr<T>(schema: z.ZodMiniType<T>, raw: unknown, fallback: T): T {
  const r = schema.safeParse(raw)
  return r.success ? r.data : fallback
}
