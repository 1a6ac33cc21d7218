// Statistics shared by the benchmarks. Pure: no I/O, no clock.
//
// `ratioInterval` says how sure a throughput ratio measured in alternating rounds is. The ingest
// benchmark (bench/server.ts) compares servers in rounds that alternate, so that load from other
// processes on a shared machine hits all of them alike. It still hits single rounds hard (a round
// can run at half the rate of the one before it), so one run's ratio carries noise of its own. The
// estimate stays what it always was, total requests over total seconds for each server; this adds
// a percentile bootstrap over the rounds, so every run says how far that ratio could move had the
// same rounds gone differently.
import { seededRandom } from '../test/seeded-random.ts'

/** Nearest-rank percentile (`p` from 0 to 100): always one of the values, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** What one server did in one round. */
export interface Round {
  requests: number
  seconds: number
}

export interface RatioInterval {
  /** Rate of `over` ÷ rate of `under`, each its total requests over its total seconds. */
  estimate: number
  /** The 2.5th and 97.5th percentiles of the resampled ratios: a 95 % interval. */
  low: number
  high: number
}

/** Total requests over total seconds of the rounds at `picks` (a round may be picked twice). */
const rateOfPicks = (rounds: readonly Round[], picks: Iterable<number>): number => {
  let requests = 0
  let seconds = 0
  for (const i of picks) {
    requests += rounds[i]!.requests
    seconds += rounds[i]!.seconds
  }
  return requests / seconds
}

/** Total requests over total seconds: a rate that weighs each round by its length. */
export const rateOf = (rounds: readonly Round[]): number => rateOfPicks(rounds, rounds.keys())

/**
 * The ratio of `over`'s rate to `under`'s, and its 95 % percentile-bootstrap interval. Round `i` of
 * each series ran side by side (the same stretch of the run), so rounds are resampled in pairs,
 * keeping whatever load they shared. Seeded: the same rounds always give the same interval.
 */
export function ratioInterval(
  over: readonly Round[],
  under: readonly Round[],
  options: { resamples?: number; seed?: number } = {},
): RatioInterval {
  if (over.length === 0 || over.length !== under.length) {
    throw new Error(`need the same number of rounds on both sides (got ${over.length} and ${under.length})`)
  }
  for (const r of [...over, ...under]) {
    if (!(r.seconds > 0) || !(r.requests >= 0)) {
      throw new Error(`a round needs seconds > 0 and requests ≥ 0 (got ${r.requests} in ${r.seconds} s)`)
    }
  }
  const estimate = rateOf(over) / rateOf(under)
  const resamples = options.resamples ?? 10_000
  const random = seededRandom(options.seed ?? 1)
  const ratios = new Array<number>(resamples)
  const picks = new Array<number>(over.length)
  for (let k = 0; k < resamples; k++) {
    for (let j = 0; j < picks.length; j++) picks[j] = Math.floor(random() * over.length)
    ratios[k] = rateOfPicks(over, picks) / rateOfPicks(under, picks)
  }
  return { estimate, low: percentile(ratios, 2.5), high: percentile(ratios, 97.5) }
}
