// zod, configured for extension pages: MV3's CSP forbids eval, and zod 4 probes `new Function` on its
// first object parse unless jitless (toolchain.md pitfall 5). Import z from here, not from 'zod'.
import { z } from 'zod'

z.config({ jitless: true })

export { z }

/** The first issue of a zod error as "path: message", for clear, short user-facing reasons. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid data'
  const path = issue.path.length ? issue.path.join('.') : '(root)'
  return `${path}: ${issue.message}`
}
