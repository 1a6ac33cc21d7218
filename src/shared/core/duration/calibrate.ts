// Leave-one-out calibration of the duration estimate: for each past incident, estimate from all the
// others and check whether the 80 % range (p10–p90) contains its real duration. A well-calibrated
// range contains it about 8 times in 10; far more means the range is uselessly wide, far fewer that
// it is overconfident.

import { type EstimateOptions, estimateDuration, GROUPS, type GroupName } from './estimate.ts'
import type { DurationRecord } from './history.ts'

export interface LooCase {
  id: string
  group: GroupName
  n: number
  actualMin: number
  medianMin: number
  p10Min: number
  p90Min: number
  inside: boolean
}

export interface LooResult {
  cases: LooCase[]
  /** Share of cases whose range contains the real duration (0–1). */
  coverage: number
  byGroup: Record<GroupName, { n: number; coverage: number }>
  /** Median over cases of |median estimate − real duration|, in minutes. */
  medianAbsErrorMin: number
}

export function leaveOneOut(records: readonly DurationRecord[], options: EstimateOptions = {}): LooResult {
  const cases: LooCase[] = []
  for (const r of records) {
    const others = records.filter((o) => o !== r)
    const key = { kind: r.kind, impact: r.impact, componentIds: r.componentIds, modelNamed: r.modelNamed }
    const est = estimateDuration(key, others, options)
    if (!est) continue
    cases.push({
      id: r.id,
      group: est.group,
      n: est.n,
      actualMin: r.durationMin,
      medianMin: est.medianMin,
      p10Min: est.p10Min,
      p90Min: est.p90Min,
      inside: r.durationMin >= est.p10Min && r.durationMin <= est.p90Min,
    })
  }
  const cover = (cs: LooCase[]) => (cs.length ? cs.filter((c) => c.inside).length / cs.length : 0)
  const byGroup = Object.fromEntries(
    GROUPS.map((g) => {
      const cs = cases.filter((c) => c.group === g)
      return [g, { n: cs.length, coverage: cover(cs) }]
    }),
  ) as Record<GroupName, { n: number; coverage: number }>
  const errors = cases.map((c) => Math.abs(c.medianMin - c.actualMin)).sort((a, b) => a - b)
  const mid = errors.length ? errors[Math.ceil(errors.length / 2) - 1]! : Number.NaN
  return { cases, coverage: cover(cases), byGroup, medianAbsErrorMin: mid }
}
