// Named status.claude.com scenarios, built from the real 2026-10-07 summary (deep-cloned, then
// edited) so field sets, ids and quirks stay those of the real page. Timestamps are relative to
// "now" through remembered anchors: setting the same scenario twice yields the same bytes (and so
// the same ETag), and going from `incident` to `resolved` keeps the incident's start time.

import { COMPONENT_IDS } from '../../src/shared/components.ts'
import { readSharedFixture } from '../../test/fixtures.ts'

/** Scenarios that serve a well-formed Statuspage payload. */
export const PAYLOAD_SCENARIOS = [
  'operational',
  'incident',
  'incident-model-split',
  'incident-free-users',
  'resolved',
  'maintenance',
  'real-2026-10-07',
  'degraded-api',
  'hostile',
  'huge',
] as const

/** Scenarios where the status source itself misbehaves. */
export const FAILURE_SCENARIOS = ['http-503', 'invalid-json', 'html', 'wrong-types', 'hang'] as const

export const STATUS_SCENARIOS = [...PAYLOAD_SCENARIOS, ...FAILURE_SCENARIOS] as const

export type PayloadScenario = (typeof PAYLOAD_SCENARIOS)[number]
export type FailureScenario = (typeof FAILURE_SCENARIOS)[number]
export type StatusScenario = (typeof STATUS_SCENARIOS)[number]

export function isStatusScenario(name: string): name is StatusScenario {
  return (STATUS_SCENARIOS as readonly string[]).includes(name)
}
export function isFailureScenario(name: string): name is FailureScenario {
  return (FAILURE_SCENARIOS as readonly string[]).includes(name)
}

/** Component ids of the real page (statuspage.md §2), the same table the extension keys on. */
export { COMPONENT_IDS }

/** Fixed ids of the simulated incidents: 12 lowercase alphanumerics like the real ones. */
export const SIM_INCIDENT_IDS = {
  incident: 'simxinc00001',
  modelSplit: 'simxinc00002',
  freeUsers: 'simxinc00003',
  hostile: 'simxinc00004',
  maintenance: 'simxmnt00001',
} as const

/** The hostile scenario's markup; exported so tests can assert it is shown as text, never parsed. */
export const HOSTILE_TITLE = 'Elevated errors on Claude Opus 4.6 <img src=x onerror=alert(1)>'
export const HOSTILE_BODY =
  'We are investigating <script>alert("xss")</script> errors & "quoted" failures on <b>claude.ai</b>. ' +
  '<a href="javascript:alert(1)">Details</a> <svg onload=alert(1)></svg>'

// ---------------------------------------------------------------------------------------------
// Loose shapes of the Statuspage objects we edit. Only the fields we touch are named.

type Json = Record<string, unknown>
export interface Component extends Json {
  id: string
  name: string
  status: string
  updated_at: string
}
export interface AffectedComponent {
  code: string
  name: string
  old_status: string
  new_status: string
}
export interface IncidentUpdate extends Json {
  id: string
  incident_id: string
  status: string
  body: string
  created_at: string
  updated_at: string
  display_at: string
  affected_components: AffectedComponent[] | null
}
export interface Incident extends Json {
  id: string
  name: string
  status: string
  impact: string
  created_at: string
  updated_at: string
  started_at: string
  monitoring_at: string | null
  resolved_at: string | null
  shortlink: string
  components: Component[]
  incident_updates: IncidentUpdate[]
}
export interface Summary extends Json {
  page: Json & { updated_at: string }
  status: { indicator: string; description: string }
  components: Component[]
  incidents: Incident[]
  scheduled_maintenances: Incident[]
}

/** What a payload scenario serves. */
export interface ScenarioPayloads {
  summary: Summary
  /** `incidents.json`: `{page, incidents}`, at most 50, newest first. */
  incidents: { page: Json; incidents: Incident[] }
  /** `scheduled-maintenances.json`. */
  maintenances: { page: Json; scheduled_maintenances: Incident[] }
}

export interface BuildContext {
  now: number
  /** Returns a remembered instant for `key`, or remembers `now - agoMs`. */
  anchor(key: string, agoMs: number): number
  hugeBytes: number
}

const MIN = 60_000
const HOUR = 60 * MIN
const iso = (ms: number) => new Date(ms).toISOString()
const hhmm = (ms: number) => iso(ms).slice(11, 16)

// ---------------------------------------------------------------------------------------------
// Fixtures (read once; every build deep-clones).

let fixtures:
  | { summary: Summary; history: { page: Json; incidents: Incident[] }; maintenances: Incident[] }
  | undefined

function loadFixtures() {
  fixtures ??= {
    summary: readSharedFixture('statuspage/summary-claude-2026-10-07.json') as Summary,
    history: readSharedFixture('statuspage/anthropic-incidents-2023-2025.json') as {
      page: Json
      incidents: Incident[]
    },
    maintenances: (
      readSharedFixture('statuspage/scheduled-maintenances-claude-2026-09-15.json') as {
        scheduled_maintenances: Incident[]
      }
    ).scheduled_maintenances,
  }
  return fixtures
}

const clone = <T>(v: T): T => structuredClone(v)

// ---------------------------------------------------------------------------------------------
// Helpers

/** The page-level status Statuspage derives from the worst component. */
export function overallStatus(components: Component[]): Summary['status'] {
  const rank = ['operational', 'degraded_performance', 'partial_outage', 'major_outage']
  if (components.some((c) => c.status === 'under_maintenance')) {
    return { indicator: 'maintenance', description: 'Service Under Maintenance' }
  }
  const worst = Math.max(0, ...components.map((c) => rank.indexOf(c.status)))
  return [
    { indicator: 'none', description: 'All Systems Operational' },
    { indicator: 'minor', description: 'Partially Degraded Service' },
    { indicator: 'major', description: 'Partial System Outage' },
    { indicator: 'critical', description: 'Major Service Outage' },
  ][worst]!
}

/** The real summary with every component operational and nothing open. */
function baseSummary(ctx: BuildContext): Summary {
  const s = clone(loadFixtures().summary)
  const quietSince = ctx.anchor('quiet', 2 * 24 * HOUR)
  s.components.forEach((c, i) => {
    c.status = 'operational'
    c.updated_at = iso(quietSince + i * 37) // the real page stamps components a few ms apart
  })
  s.incidents = []
  s.scheduled_maintenances = []
  s.page.updated_at = iso(quietSince + 1000)
  s.status = overallStatus(s.components)
  return s
}

function component(s: Summary, id: string): Component {
  const c = s.components.find((x) => x.id === id)
  if (!c) throw new Error(`fixture has no component ${id}`)
  return c
}

function setComponent(s: Summary, id: string, status: string, at: number): Component {
  const c = component(s, id)
  c.status = status
  c.updated_at = iso(at)
  return c
}

interface UpdateSpec {
  status: string
  body: string
  at: number
  changes?: Array<{ id: string; from: string; to: string }>
}

interface IncidentSpec {
  id: string
  name: string
  impact: string
  startedAt: number
  /** Oldest first; served newest first, as the API does. */
  updates: UpdateSpec[]
  /** Current status of each incident component. */
  components: Array<{ id: string; status: string }>
}

/** An incident shaped like the fixture's real one (same field set), with our text and times. */
function makeIncident(s: Summary, spec: IncidentSpec): Incident {
  const template = clone(loadFixtures().summary.incidents[0]!)
  const updateTemplate = template.incident_updates[0]!
  const last = spec.updates[spec.updates.length - 1]!
  const status = last.status
  const monitoring = spec.updates.find((u) => u.status === 'monitoring')
  const names = new Map(s.components.map((c) => [c.id, c.name]))
  const incident: Incident = {
    ...template,
    id: spec.id,
    name: spec.name,
    impact: spec.impact,
    status,
    created_at: iso(spec.startedAt + 8),
    started_at: iso(spec.startedAt),
    updated_at: iso(last.at + 40),
    monitoring_at: monitoring ? iso(monitoring.at) : null,
    resolved_at: status === 'resolved' || status === 'postmortem' ? iso(last.at) : null,
    shortlink: `https://stspg.io/${spec.id}`,
    components: spec.components.map(({ id, status }) => ({ ...clone(component(s, id)), status })),
    incident_updates: spec.updates
      .map((u, i) => ({
        ...clone(updateTemplate),
        id: `${spec.id.slice(0, 9)}u${String(i).padStart(2, '0')}`,
        incident_id: spec.id,
        status: u.status,
        body: u.body,
        created_at: iso(u.at + 50),
        updated_at: iso(u.at + 50),
        display_at: iso(u.at + 50),
        affected_components: u.changes
          ? u.changes.map((c) => ({
              code: c.id,
              name: names.get(c.id) ?? c.id,
              old_status: c.from,
              new_status: c.to,
            }))
          : null,
      }))
      .reverse(),
  }
  return incident
}

function openIncidentSummary(ctx: BuildContext, spec: Omit<IncidentSpec, 'startedAt'> & { agoMs: number }) {
  const s = baseSummary(ctx)
  const startedAt = ctx.anchor(spec.id, spec.agoMs)
  const at = (offsetMs: number) => Math.min(startedAt + offsetMs, ctx.now)
  const updates = spec.updates.map((u) => ({ ...u, at: at(u.at) }))
  for (const c of spec.components) setComponent(s, c.id, c.status, updates[updates.length - 1]!.at)
  const incident = makeIncident(s, { ...spec, startedAt, updates })
  s.incidents = [incident]
  s.status = overallStatus(s.components)
  s.page.updated_at = incident.updated_at
  return { summary: s, incident }
}

/** `incidents.json`: the scenario's incidents first, then real history, 50 at most. */
function incidentsList(summary: Summary, current: Incident[]) {
  const history = clone(loadFixtures().history.incidents)
    .filter((h) => !current.some((c) => c.id === h.id))
    .sort((a, b) => Date.parse(b.resolved_at ?? b.created_at) - Date.parse(a.resolved_at ?? a.created_at))
  return { page: clone(summary.page), incidents: [...current, ...history].slice(0, 50) }
}

function maintenancesList(summary: Summary, current: Incident[]) {
  return {
    page: clone(summary.page),
    scheduled_maintenances: [...current, ...clone(loadFixtures().maintenances)].slice(0, 50),
  }
}

function payloads(summary: Summary, extraIncidents: Incident[] = []): ScenarioPayloads {
  const open = [...summary.incidents, ...extraIncidents]
  return {
    summary,
    incidents: incidentsList(summary, open),
    maintenances: maintenancesList(summary, summary.scheduled_maintenances),
  }
}

// ---------------------------------------------------------------------------------------------
// The scenarios

const CLAUDE_AI = COMPONENT_IDS.claudeAi

function incidentSpec(ctx: BuildContext) {
  const startedAt = ctx.anchor(SIM_INCIDENT_IDS.incident, 25 * MIN)
  return {
    id: SIM_INCIDENT_IDS.incident,
    name: 'Elevated errors on Claude Opus 4.6 and Sonnet 4.5',
    impact: 'major',
    startedAt,
  }
}

export function buildPayloads(name: PayloadScenario, ctx: BuildContext): ScenarioPayloads {
  switch (name) {
    case 'operational':
      return payloads(baseSummary(ctx))

    case 'incident': {
      const { id, name: title, impact, startedAt: started } = incidentSpec(ctx)
      const { summary } = openIncidentSummary(ctx, {
        id,
        name: title,
        impact,
        agoMs: 25 * MIN,
        components: [{ id: CLAUDE_AI, status: 'partial_outage' }],
        updates: [
          {
            status: 'investigating',
            at: 0,
            body: `We are investigating elevated errors on Claude Opus 4.6 and Claude Sonnet 4.5 on claude.ai that started at ${hhmm(started)} UTC.`,
            changes: [{ id: CLAUDE_AI, from: 'operational', to: 'partial_outage' }],
          },
        ],
      })
      return payloads(summary)
    }

    case 'incident-model-split': {
      const { summary } = openIncidentSummary(ctx, {
        id: SIM_INCIDENT_IDS.modelSplit,
        name: 'Elevated errors on Claude Sonnet 4.5',
        impact: 'minor',
        agoMs: 18 * MIN,
        components: [{ id: CLAUDE_AI, status: 'degraded_performance' }],
        updates: [
          {
            status: 'investigating',
            at: 0,
            body: 'We are investigating elevated errors on requests to Claude Sonnet 4.5 on claude.ai. Claude Opus 4.6 is not affected.',
            changes: [{ id: CLAUDE_AI, from: 'operational', to: 'degraded_performance' }],
          },
        ],
      })
      return payloads(summary)
    }

    case 'incident-free-users': {
      const { summary } = openIncidentSummary(ctx, {
        id: SIM_INCIDENT_IDS.freeUsers,
        name: 'Elevated errors on Claude.ai for free users',
        impact: 'minor',
        agoMs: 32 * MIN,
        components: [{ id: CLAUDE_AI, status: 'degraded_performance' }],
        updates: [
          {
            status: 'investigating',
            at: 0,
            body: 'We are investigating elevated errors for some free Claude.ai users.',
            changes: [{ id: CLAUDE_AI, from: 'operational', to: 'degraded_performance' }],
          },
          {
            status: 'identified',
            at: 14 * MIN,
            body: 'The issue has been identified and a fix is being implemented.',
            changes: [{ id: CLAUDE_AI, from: 'degraded_performance', to: 'degraded_performance' }],
          },
        ],
      })
      return payloads(summary)
    }

    case 'resolved': {
      // The `incident` scenario's incident, closed: same id and start, components green again.
      const s = baseSummary(ctx)
      const { id, name: title, impact, startedAt } = incidentSpec(ctx)
      const resolvedAt = Math.max(startedAt + 4 * MIN, ctx.anchor(`${id}:resolved`, MIN))
      const span = resolvedAt - startedAt
      const at = (f: number) => startedAt + Math.round(span * f)
      const incident = makeIncident(s, {
        id,
        name: title,
        impact,
        startedAt,
        components: [{ id: CLAUDE_AI, status: 'operational' }],
        updates: [
          {
            status: 'investigating',
            at: at(0),
            body: `We are investigating elevated errors on Claude Opus 4.6 and Claude Sonnet 4.5 on claude.ai that started at ${hhmm(startedAt)} UTC.`,
            changes: [{ id: CLAUDE_AI, from: 'operational', to: 'partial_outage' }],
          },
          {
            status: 'identified',
            at: at(0.4),
            body: 'The issue has been identified and a fix is being implemented.',
            changes: [{ id: CLAUDE_AI, from: 'partial_outage', to: 'partial_outage' }],
          },
          {
            status: 'monitoring',
            at: at(0.75),
            body: 'A fix has been implemented and we are monitoring the results.',
            changes: [{ id: CLAUDE_AI, from: 'partial_outage', to: 'operational' }],
          },
          { status: 'resolved', at: at(1), body: 'This incident has been resolved.', changes: undefined },
        ],
      })
      setComponent(s, CLAUDE_AI, 'operational', at(0.75))
      s.page.updated_at = incident.updated_at
      return payloads(s, [incident])
    }

    case 'maintenance': {
      const s = baseSummary(ctx)
      const start = ctx.anchor(SIM_INCIDENT_IDS.maintenance, 10 * MIN)
      const until = start + 30 * MIN
      const affected = [CLAUDE_AI, COMPONENT_IDS.console]
      for (const id of affected) setComponent(s, id, 'under_maintenance', start)
      // The real 2024-12 maintenance of claude.ai + Console, re-timed and moved to in_progress.
      const real = clone(loadFixtures().maintenances.find((m) => m.id === '16z0qdmy3qv2')!)
      const made = makeIncident(s, {
        id: SIM_INCIDENT_IDS.maintenance,
        name: 'Scheduled maintenance for Claude.ai and Claude Console',
        impact: 'maintenance',
        startedAt: start - 2 * 24 * HOUR,
        components: affected.map((id) => ({ id, status: 'under_maintenance' })),
        updates: [
          {
            status: 'scheduled',
            at: start - 2 * 24 * HOUR,
            body: `From ${hhmm(start)}–${hhmm(until)} UTC, we will be performing a scheduled maintenance of backend services supporting Claude.ai and the Claude Console. The Claude API will not be affected.`,
            changes: affected.map((id) => ({ id, from: 'operational', to: 'operational' })),
          },
          {
            status: 'in_progress',
            at: start,
            body: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
            changes: affected.map((id) => ({ id, from: 'operational', to: 'under_maintenance' })),
          },
        ],
      })
      const maintenance: Incident = {
        ...real,
        ...made,
        started_at: iso(start),
        monitoring_at: null,
        resolved_at: null,
        scheduled_for: iso(start),
        scheduled_until: iso(until),
      }
      s.scheduled_maintenances = [maintenance]
      s.status = overallStatus(s.components)
      s.page.updated_at = maintenance.updated_at
      return payloads(s)
    }

    case 'real-2026-10-07': {
      const s = clone(loadFixtures().summary)
      return payloads(s)
    }

    case 'degraded-api': {
      const s = baseSummary(ctx)
      const at = ctx.anchor('degraded-api', 6 * MIN)
      setComponent(s, COMPONENT_IDS.api, 'degraded_performance', at)
      s.status = overallStatus(s.components)
      s.page.updated_at = iso(at + 200)
      return payloads(s)
    }

    case 'hostile': {
      const { summary } = openIncidentSummary(ctx, {
        id: SIM_INCIDENT_IDS.hostile,
        name: HOSTILE_TITLE,
        impact: 'major',
        agoMs: 12 * MIN,
        components: [{ id: CLAUDE_AI, status: 'partial_outage' }],
        updates: [
          {
            status: 'investigating',
            at: 0,
            body: HOSTILE_BODY,
            changes: [{ id: CLAUDE_AI, from: 'operational', to: 'partial_outage' }],
          },
        ],
      })
      // The historical component name in an update is free text too.
      summary.incidents[0]!.incident_updates[0]!.affected_components![0]!.name =
        'claude.ai <img src=x onerror=alert(2)>'
      return payloads(summary)
    }

    case 'huge': {
      // A valid `incident` summary carrying megabytes in a key no parser knows (zod strips it):
      // exercises response-size caps and parse time, not the schema.
      const p = buildPayloads('incident', ctx)
      const filler = 'Elevated errors. '
      p.summary._padding = filler.repeat(Math.ceil(ctx.hugeBytes / filler.length))
      return p
    }
  }
}
