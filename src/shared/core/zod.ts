// zod (classic API), configured for extension pages: MV3's CSP forbids eval, and zod 4 probes
// `new Function` on its first object parse unless jitless (toolchain.md pitfall 5).
// TODO(2026-11-26): move the remaining importers to zod-mini.ts and delete this module.
import { z } from 'zod'

z.config({ jitless: true })

export { describeZodError } from './zod-mini.ts'
export { z }
