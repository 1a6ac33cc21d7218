import { type Msg, msg } from '../message.ts'
import { describeZodError } from '../zod.ts'
import type { Component, ComponentTransition, Incident, IncidentUpdate, StatusSnapshot } from './model.ts'
import { type RawIncident, RawIncidentsSchema, RawSummarySchema } from './schema.ts'

/** Bodies larger than this are refused before parsing (a status summary is ~6 KB). */
export const MAX_SUMMARY_BYTES = 2_000_000
export const MAX_INCIDENTS_BYTES = 8_000_000

/** What was wrong with a body: `reason` in English for logs and the CLI, `problem` for the UI. */
export type ParseFailure = {
  ok: false
  reason: string
  problem: 'too_large' | 'html' | 'malformed_json' | 'shape'
}
export type ParseResult<T> = { ok: true; value: T } | ParseFailure

/** A parse failure as the popup and badge say it (the zod detail stays as a substitution). */
export function parseFailureMessage(failure: ParseFailure): Msg {
  switch (failure.problem) {
    case 'too_large':
      return msg('healthReasonTooLarge')
    case 'html':
      return msg('healthReasonHtml')
    case 'malformed_json':
      return msg('healthReasonMalformed')
    case 'shape':
      // Capped: the stored message allows 500 characters per substitution, and a longer one would
      // fail the next load of the status state (and lose the last known snapshot with it).
      return msg('healthReasonUnexpected', failure.reason.slice(0, 300))
  }
}

/** Size cap, then JSON, then `parse`: the failures a body can have before its shape is looked at. */
function parseJsonText<T>(
  body: string,
  maxBytes: number,
  parse: (json: unknown) => ParseResult<T>,
): ParseResult<T> {
  if (body.length > maxBytes)
    return { ok: false, reason: `response too large (${body.length} bytes)`, problem: 'too_large' }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return /^\s*</.test(body)
      ? { ok: false, reason: 'HTML instead of JSON', problem: 'html' }
      : { ok: false, reason: 'malformed JSON', problem: 'malformed_json' }
  }
  return parse(json)
}

const badShape = (error: Parameters<typeof describeZodError>[0]): ParseFailure => ({
  ok: false,
  reason: describeZodError(error),
  problem: 'shape',
})

const RETROACTIVE = /^\s*\[\s*retroactive\s*\]/i

function byTimeDesc(a: string | null, b: string | null): number {
  return (b ? Date.parse(b) : 0) - (a ? Date.parse(a) : 0)
}

export function normaliseIncident(raw: RawIncident, isMaintenance = false): Incident {
  const ids = new Set<string>()
  for (const c of raw.components) ids.add(c.id)
  const updates: IncidentUpdate[] = raw.incident_updates.map((u) => {
    const transitions: ComponentTransition[] = []
    for (const c of u.affected_components) {
      ids.add(c.code)
      if (c.old_status !== c.new_status)
        transitions.push({ componentId: c.code, name: c.name, from: c.old_status, to: c.new_status })
    }
    return {
      id: u.id,
      status: u.status,
      body: u.body,
      at: u.display_at ?? u.created_at,
      createdAt: u.created_at,
      transitions,
    }
  })
  updates.sort((a, b) => byTimeDesc(a.at, b.at) || byTimeDesc(a.createdAt, b.createdAt))
  const startedAt = raw.started_at ?? raw.created_at
  const zeroLength =
    raw.impact === 'none' &&
    startedAt !== null &&
    raw.resolved_at !== null &&
    Date.parse(raw.resolved_at) - Date.parse(startedAt) <= 60_000
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    impact: raw.impact,
    createdAt: raw.created_at,
    startedAt,
    monitoringAt: raw.monitoring_at,
    resolvedAt: raw.resolved_at,
    updatedAt: raw.updated_at,
    shortlink: raw.shortlink,
    componentIds: [...ids],
    updates: updates.slice(0, 200),
    retroactive: RETROACTIVE.test(raw.name) || zeroLength,
    isMaintenance,
    scheduledFor: raw.scheduled_for,
    scheduledUntil: raw.scheduled_until,
  }
}

const OPEN_MAINTENANCE = new Set(['scheduled', 'in_progress', 'verifying'])

export function isIncidentOpen(i: Incident): boolean {
  if (i.isMaintenance) return OPEN_MAINTENANCE.has(i.status)
  return i.status !== 'resolved' && i.status !== 'postmortem' && i.resolvedAt === null && !i.retroactive
}

/** Parses summary.json text. Never throws: anything unusable is `{ok:false, reason}`. */
export function parseSummaryText(body: string, fetchedAt: number): ParseResult<StatusSnapshot> {
  return parseJsonText(body, MAX_SUMMARY_BYTES, (json) => parseSummary(json, fetchedAt))
}

export function parseSummary(json: unknown, fetchedAt: number): ParseResult<StatusSnapshot> {
  const parsed = RawSummarySchema.safeParse(json)
  if (!parsed.success) return badShape(parsed.error)
  const raw = parsed.data
  const components: Component[] = raw.components
    .map((c, index) => ({
      id: c.id,
      name: c.name || c.id,
      status: c.status,
      position: c.position ?? 1000 + index,
      groupId: c.group_id,
      isGroup: c.group,
    }))
    .sort((a, b) => a.position - b.position)
  const incidents = raw.incidents.map((i) => normaliseIncident(i)).filter(isIncidentOpen)
  const maintenances = raw.scheduled_maintenances
    .map((i) => normaliseIncident(i, true))
    .filter(isIncidentOpen)
  return {
    ok: true,
    value: {
      pageName: raw.page?.name ?? '',
      pageUrl: raw.page?.url ?? '',
      pageUpdatedAt: raw.page?.updated_at ?? null,
      indicator: raw.status?.indicator ?? 'unknown',
      description: raw.status?.description ?? '',
      components,
      incidents,
      maintenances,
      fetchedAt,
    },
  }
}

/** Parses incidents.json (any status) for the local history. */
export function parseIncidentsText(body: string): ParseResult<Incident[]> {
  return parseJsonText(body, MAX_INCIDENTS_BYTES, parseIncidents)
}

export function parseIncidents(json: unknown): ParseResult<Incident[]> {
  const parsed = RawIncidentsSchema.safeParse(json)
  if (!parsed.success) return badShape(parsed.error)
  return { ok: true, value: parsed.data.incidents.map((i) => normaliseIncident(i)) }
}
