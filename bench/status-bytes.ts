// Bytes fetched per hour while nothing changes: our poller (ETag / If-None-Match, 304s) against a
// naive poller that GETs the same URLs on the same schedule without validators. Both run in this one
// process against the same simulator state, one after the other, with a simulated clock.

import { startSimulator } from '../sim/server.ts'
import {
  incidentsDue,
  isDue,
  type PollDeps,
  pollIncidents,
  pollSummary,
} from '../src/background/status-poller.ts'
import { DEFAULT_WATCHED_COMPONENTS } from '../src/shared/components.ts'
import type { Incident } from '../src/shared/core/statuspage/model.ts'
import { INITIAL_STATUS_STATE, type StatusState } from '../src/shared/schemas/stored.ts'
import { countingSimFetch } from './sim-fetch.ts'

const HOUR_MS = 3_600_000
const ALARM_MS = 30_000

interface HourResult {
  requests: number
  ours: number
  naive: number
}

/**
 * One simulated hour of the background's schedule (an alarm every 30 s, polling what is due) with
 * our poller, then the same requests at the same moments by the naive poller. `warm` starts the hour
 * with the ETags and history a running extension already has (steady state); otherwise the hour
 * includes the first full downloads.
 */
async function measureHour(port: number, warm: boolean): Promise<HourResult> {
  const counter = countingSimFetch(port)
  let clock = Date.parse('2026-11-26T00:00:00Z')
  const deps: PollDeps = {
    fetch: counter.fetch,
    now: () => clock,
    random: () => 0.5,
    summaryUrl: 'https://status.claude.com/api/v2/summary.json',
    incidentsUrl: 'https://status.claude.com/api/v2/incidents.json',
  }
  let state: StatusState = INITIAL_STATUS_STATE
  let history: Incident[] = []
  const schedule: string[] = []
  const tickOnce = async (record: boolean) => {
    if (isDue(state, clock)) {
      state = (await pollSummary(state, DEFAULT_WATCHED_COMPONENTS, deps)).state
      if (record) schedule.push(deps.summaryUrl)
    }
    if (incidentsDue(state, clock)) {
      const r = await pollIncidents(state, history, deps)
      state = r.state
      history = r.history ?? history
      if (record) schedule.push(deps.incidentsUrl)
    }
  }
  if (warm) {
    await tickOnce(false)
    clock += ALARM_MS
  }
  const before = counter.bytes()
  const end = clock + HOUR_MS
  for (; clock < end; clock += ALARM_MS) await tickOnce(true)
  const ours = counter.bytes() - before
  const naive = countingSimFetch(port)
  for (const url of schedule) await (await naive.fetch(url)).arrayBuffer()
  return { requests: schedule.length, ours, naive: naive.bytes() }
}

export async function run(): Promise<string> {
  const rows: string[] = []
  let steadyRatio = 0
  for (const scenario of ['operational', 'real-2026-10-07'] as const) {
    const sim = await startSimulator({ statusScenario: scenario })
    try {
      for (const warm of [true, false]) {
        const r = await measureHour(sim.port, warm)
        const ratio = r.ours / r.naive
        if (warm && scenario === 'operational') steadyRatio = ratio
        rows.push(
          `| ${scenario} | ${warm ? 'steady state (running extension)' : 'first hour (cold start)'} | ${r.requests} | ${r.ours.toLocaleString('en')} | ${r.naive.toLocaleString('en')} | ${(ratio * 100).toFixed(1)} % |`,
        )
      }
    } finally {
      await sim.close()
    }
  }
  return [
    '## Status polling: bytes per hour while nothing changes',
    '',
    'Each row: one simulated hour of the real schedule (summary.json every 60 s, every 30 s while an incident is open; incidents.json every 15 min), then a naive poller sending the same requests without validators, against the same simulator state. Bytes are status line + headers + body.',
    '',
    '| status page | hour | requests | ours (bytes) | naive (bytes) | ours ÷ naive |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `**Steady state, nothing changing: ${(steadyRatio * 100).toFixed(1)} % of naive** (target ≤ 10 %) — ${steadyRatio <= 0.1 ? 'met' : 'NOT met'}. The cold-start hour includes the one full download of each file.`,
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run())
