// Synthetic, reproducible crowd data for bench/server.ts: the million reports seeded into the
// database (in the server child) and the POST bodies autocannon sends (in the parent).
import { HOUR, MINUTE } from '../server/src/clock.ts'
import { ReporterHasher } from '../server/src/reporter-hash.ts'
import type { StoredReport } from '../server/src/store/types.ts'
import { KINDS, type Kind, type Region, type Tier } from '../src/shared/crowd/schema.ts'
import { seededRandom as rng } from '../test/seeded-random.ts'

export const SEED_REPORTS = 1_000_000
export const SEED_BATCH = 10_000
export const SECRET = 'bench-secret-bench-secret-bench-secret'

function weighted<T>(entries: Array<[T, number]>): (u: number) => T {
  const total = entries.reduce((s, [, w]) => s + w, 0)
  return (u) => {
    let x = u * total
    for (const [v, w] of entries) {
      x -= w
      if (x < 0) return v
    }
    return entries[entries.length - 1]![0]
  }
}

const pickKind = weighted<Kind>([
  ['server_error', 35],
  ['overloaded', 25],
  ['gateway', 10],
  ['stall', 10],
  ['slow', 10],
  ['login', 5],
  ['manual', 5],
])
const pickModel = weighted<string | null>([
  ['sonnet', 50],
  ['opus', 25],
  ['haiku', 14],
  ['fable', 5],
  [null, 6],
])
const pickTier = weighted<Tier>([
  ['free', 40],
  ['pro', 35],
  ['max', 15],
  ['team', 5],
  ['enterprise', 3],
  ['unknown', 2],
])
const pickRegion = weighted<Region | null>([
  ['america', 40],
  ['europe', 30],
  ['asia', 20],
  ['australia', 3],
  ['africa', 2],
  ['pacific', 1],
  ['other', 2],
  [null, 2],
])
const STATUS: Record<Kind, Array<number | null>> = {
  server_error: [500],
  overloaded: [529],
  gateway: [502, 503, 504],
  stall: [null],
  slow: [null],
  login: [401, 403, null],
  manual: [null],
}

/**
 * `count` reports over the 72 hours before `now`: a daily cycle (peak ×2.5 over the trough), two
 * 40-minute outages at ×12, reporters drawn from 150,000 installs with a heavy skew (a few report a
 * lot), kinds/models/tiers/regions as weighted above. Yields them in time order, a minute at a time.
 */
export function* syntheticReports(count: number, now: number): Generator<StoredReport[]> {
  const random = rng(20260331)
  const minutes = 72 * 60
  const start = now - minutes * MINUTE
  const outages = [20 * 60, 55 * 60] // minutes after start
  const weights: number[] = []
  let total = 0
  for (let m = 0; m < minutes; m++) {
    const hourOfDay = ((start + m * MINUTE) / HOUR) % 24
    let w = 1.75 + 0.75 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI)
    if (outages.some((o) => m >= o && m < o + 40)) w *= 12
    total += w
    weights.push(total)
  }
  const hasher = new ReporterHasher(SECRET)
  let emitted = 0
  for (let m = 0; m < minutes && emitted < count; m++) {
    // Reports in this minute: its share of the total, the remainder carried forward.
    const upTo = m === minutes - 1 ? count : Math.round((weights[m]! / total) * count)
    const rows: StoredReport[] = []
    for (; emitted < upTo; emitted++) {
      const kind = pickKind(random())
      const statuses = STATUS[kind]
      const reporter = Math.floor(150_000 * random() ** 3)
      const at = start + m * MINUTE + Math.floor(random() * MINUTE)
      rows.push({
        receivedAt: at,
        kind,
        status: statuses[Math.floor(random() * statuses.length)] ?? null,
        surface: 'claude.ai',
        model: pickModel(random()) ?? 'unknown',
        tier: pickTier(random()),
        region: pickRegion(random()),
        client: '0.3.0',
        reporterHash: hasher.hash(`install-${reporter}-0123456789abcdefghijklmnop`, at),
      })
    }
    rows.sort((a, b) => a.receivedAt - b.receivedAt)
    yield rows
  }
}

/** The POST bodies both ingest targets receive, cycled by autocannon. */
export function ingestBodies(n: number): Array<{ body: string }> {
  const random = rng(7)
  return Array.from({ length: n }, (_, i) => ({
    body: JSON.stringify({
      v: 1,
      kind: KINDS[i % KINDS.length],
      status: 500,
      surface: 'claude.ai',
      model: pickModel(random()),
      tier: pickTier(random()),
      region: pickRegion(random()),
      client: '0.3.0',
      reporter: `bench-reporter-${String(i).padStart(6, '0')}-abcdefghijklmnopqrstu`,
    }),
  }))
}
