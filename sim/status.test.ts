// The status.claude.com side: payload scenarios are valid Statuspage v2 and say what their names
// promise; ETags and 304s behave like the real edge; failure modes fail the way they claim.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readSharedFixture } from '../test/fixtures.ts'
import { simRequest } from './client.ts'
import {
  HOSTILE_TITLE,
  SIM_INCIDENT_IDS,
  type Simulator,
  STATUS_SCENARIOS,
  startSimulator,
} from './server.ts'
import { FAILURE_SCENARIOS, PAYLOAD_SCENARIOS } from './status/scenarios.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => {
  sim.status.setScenario('operational', { fresh: true })
  sim.status.resetStats()
})

const get = (path: string, headers: Record<string, string> = {}, host = 'status.claude.com') =>
  simRequest(sim.port, { host, path, headers, timeoutMs: 5000 })
const summaryOf = async () => JSON.parse((await get('/api/v2/summary.json')).text)

// A strict-enough Statuspage v2 summary schema (statuspage.md §1): what "valid" means below.
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'ISO date')
const ComponentStatus = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
])
const Component = z.object({ id: z.string(), name: z.string(), status: ComponentStatus, updated_at: isoDate })
const Update = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: z.string(),
  body: z.string(),
  created_at: isoDate,
  display_at: isoDate,
  affected_components: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        old_status: ComponentStatus,
        new_status: ComponentStatus,
      }),
    )
    .nullable(),
})
const Incident = z.object({
  id: z.string().regex(/^[a-z0-9]{12}$/),
  name: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  created_at: isoDate,
  started_at: isoDate,
  resolved_at: isoDate.nullable(),
  shortlink: z.url(),
  components: z.array(Component),
  incident_updates: z.array(Update).min(1),
})
const Maintenance = Incident.extend({
  status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
  impact: z.literal('maintenance'),
  scheduled_for: isoDate,
  scheduled_until: isoDate,
})
const Summary = z.object({
  page: z.object({ id: z.literal('tymt9n04zgry'), name: z.string(), url: z.string(), updated_at: isoDate }),
  status: z.object({
    indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
    description: z.string(),
  }),
  components: z.array(Component).length(6),
  incidents: z.array(Incident),
  scheduled_maintenances: z.array(Maintenance),
})
type Summary = z.infer<typeof Summary>

const CLAUDE_AI = 'rwppv331jlwc'
const API = 'k8w3r06qmzrp'
const statusOf = (s: Summary, id: string) => s.components.find((c) => c.id === id)?.status

describe('payload scenarios', () => {
  it.each(PAYLOAD_SCENARIOS)('%s serves a valid summary', async (name) => {
    sim.status.setScenario(name, { hugeBytes: 256 * 1024 })
    const res = await get('/api/v2/summary.json')
    expect(res.status).toBe(200)
    Summary.parse(JSON.parse(res.text))
  })

  it('operational: six components up, nothing open', async () => {
    const s: Summary = await summaryOf()
    expect(s.components.map((c) => c.status)).toEqual(Array(6).fill('operational'))
    expect(s.incidents).toEqual([])
    expect(s.status).toEqual({ indicator: 'none', description: 'All Systems Operational' })
  })

  it('incident: open, investigating, major, claude.ai partial outage, models in the title, started recently', async () => {
    sim.status.setScenario('incident')
    const s: Summary = await summaryOf()
    expect(s.incidents).toHaveLength(1)
    const i = s.incidents[0]!
    expect(i).toMatchObject({ id: SIM_INCIDENT_IDS.incident, status: 'investigating', impact: 'major' })
    expect(i.name).toBe('Elevated errors on Claude Opus 4.6 and Sonnet 4.5')
    expect(statusOf(s, CLAUDE_AI)).toBe('partial_outage')
    expect(s.status.indicator).toBe('major')
    const age = Date.now() - Date.parse(i.started_at)
    expect(age).toBeGreaterThan(60_000)
    expect(age).toBeLessThan(3600_000)
    expect(i.incident_updates[0]!.affected_components).toEqual([
      { code: CLAUDE_AI, name: 'claude.ai', old_status: 'operational', new_status: 'partial_outage' },
    ])
  })

  it('incident-model-split: one model failing, another named as fine', async () => {
    sim.status.setScenario('incident-model-split')
    const i = (await summaryOf()).incidents[0]
    expect(i.name).toBe('Elevated errors on Claude Sonnet 4.5')
    expect(i.incident_updates[0].body).toContain('Claude Opus 4.6 is not affected.')
  })

  it('incident-free-users: the tier is in the title', async () => {
    sim.status.setScenario('incident-free-users')
    const s: Summary = await summaryOf()
    expect(s.incidents[0]!.name).toBe('Elevated errors on Claude.ai for free users')
    expect(statusOf(s, CLAUDE_AI)).toBe('degraded_performance')
  })

  it('resolved: the same incident closed, with its original start; components green', async () => {
    sim.status.setScenario('incident')
    const open = (await summaryOf()).incidents[0]
    sim.status.setScenario('resolved')
    const s: Summary = await summaryOf()
    expect(s.incidents).toEqual([])
    expect(s.status.indicator).toBe('none')
    expect(s.components.every((c) => c.status === 'operational')).toBe(true)
    const list = JSON.parse((await get('/api/v2/incidents.json')).text)
    const closed = list.incidents[0]
    expect(closed).toMatchObject({ id: open.id, status: 'resolved', started_at: open.started_at })
    expect(Date.parse(closed.resolved_at)).toBeGreaterThan(Date.parse(closed.started_at))
    expect(closed.incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'resolved',
      'monitoring',
      'identified',
      'investigating',
    ])
  })

  it('maintenance: in progress, components under maintenance', async () => {
    sim.status.setScenario('maintenance')
    const s: Summary = await summaryOf()
    expect(s.scheduled_maintenances).toHaveLength(1)
    const m = s.scheduled_maintenances[0]!
    expect(m.status).toBe('in_progress')
    expect(Date.parse(m.scheduled_for)).toBeLessThan(Date.now())
    expect(Date.parse(m.scheduled_until)).toBeGreaterThan(Date.now())
    expect(statusOf(s, CLAUDE_AI)).toBe('under_maintenance')
    expect(s.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' })
  })

  it('real-2026-10-07 is the fixture, verbatim', async () => {
    sim.status.setScenario('real-2026-10-07')
    expect(await summaryOf()).toEqual(readSharedFixture('statuspage/summary-claude-2026-10-07.json'))
  })

  it('degraded-api: only the API degraded, no incident', async () => {
    sim.status.setScenario('degraded-api')
    const s: Summary = await summaryOf()
    expect(statusOf(s, API)).toBe('degraded_performance')
    expect(s.components.filter((c) => c.status !== 'operational')).toHaveLength(1)
    expect(s.incidents).toEqual([])
    expect(s.status.indicator).toBe('minor')
  })

  it('hostile: markup in the title is data in the JSON and escaped on the HTML page', async () => {
    sim.status.setScenario('hostile')
    const s: Summary = await summaryOf()
    expect(s.incidents[0]!.name).toBe(HOSTILE_TITLE)
    expect(s.incidents[0]!.name).toContain('<img src=x onerror=alert(1)>')
    const page = (await get('/')).text
    expect(page).not.toContain('<img')
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })

  it('huge: a multi-megabyte body that still parses', async () => {
    sim.status.setScenario('huge')
    const res = await get('/api/v2/summary.json')
    expect(res.body.length).toBeGreaterThan(5 * 1024 * 1024)
    expect(() => Summary.parse(JSON.parse(res.text))).not.toThrow()
  })
})

describe('other endpoints', () => {
  it('status.json, incidents.json (≤ 50, real history after the scenario) and incidents/{id}.json', async () => {
    sim.status.setScenario('incident')
    const status = JSON.parse((await get('/api/v2/status.json')).text)
    expect(Object.keys(status)).toEqual(['page', 'status'])
    expect(status.status.indicator).toBe('major')

    const list = JSON.parse((await get('/api/v2/incidents.json')).text)
    expect(list.incidents).toHaveLength(50)
    expect(list.incidents[0].id).toBe(SIM_INCIDENT_IDS.incident)
    expect(list.incidents[1].id).toBe('f3p8ct8rb146') // the newest real incident in the fixture

    const one = await get(`/api/v2/incidents/${SIM_INCIDENT_IDS.incident}.json`)
    expect(JSON.parse(one.text).incident.name).toContain('Opus 4.6')
    expect((await get('/api/v2/incidents/f3p8ct8rb146.json')).status).toBe(200)
    expect((await get('/api/v2/incidents/nosuchincide.json')).status).toBe(404)
    expect((await get('/api/v2/nope.json')).status).toBe(404)
  })

  it('status.anthropic.com answers 302 to the same path and query on status.claude.com', async () => {
    const res = await get('/api/v2/summary.json?x=1', {}, 'status.anthropic.com')
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('https://status.claude.com/api/v2/summary.json?x=1')
    expect(sim.status.stats.redirects).toBe(1)
  })
})

describe('ETag and 304', () => {
  it('sends the real headers and a weak ETag', async () => {
    const res = await get('/api/v2/summary.json')
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['cache-control']).toMatch(/^max-age=10\b/)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers.etag).toMatch(/^W\/"[0-9a-f]{32}"$/)
  })

  it('answers a matching If-None-Match with a bodiless 304', async () => {
    const first = await get('/api/v2/summary.json')
    const etag = first.headers.etag as string
    const again = await get('/api/v2/summary.json', { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers.etag).toBe(etag)
    // Weak comparison, and lists of tags, as RFC 9110 says.
    expect((await get('/api/v2/summary.json', { 'if-none-match': etag.slice(2) })).status).toBe(304)
    expect((await get('/api/v2/summary.json', { 'if-none-match': `W/"other", ${etag}` })).status).toBe(304)
    expect((await get('/api/v2/summary.json', { 'if-none-match': 'W/"other"' })).status).toBe(200)
  })

  it('keeps the ETag while the scenario stays, and changes it when the scenario changes', async () => {
    const a = (await get('/api/v2/summary.json')).headers.etag
    sim.status.setScenario('operational')
    expect((await get('/api/v2/summary.json')).headers.etag).toBe(a)
    sim.status.setScenario('incident')
    const b = (await get('/api/v2/summary.json')).headers.etag
    expect(b).not.toBe(a)
    expect((await get('/api/v2/summary.json', { 'if-none-match': a as string })).status).toBe(200)
    sim.status.setScenario('resolved')
    expect((await get('/api/v2/summary.json')).headers.etag).not.toBe(b)
  })
})

describe('failure scenarios', () => {
  it('covers every failure scenario name', () => {
    expect([...PAYLOAD_SCENARIOS, ...FAILURE_SCENARIOS]).toEqual([...STATUS_SCENARIOS])
  })

  it('http-503', async () => {
    sim.status.setScenario('http-503')
    const res = await get('/api/v2/summary.json')
    expect(res.status).toBe(503)
    expect(res.headers.etag).toBeUndefined()
  })

  it('invalid-json: a 200 whose body is truncated JSON', async () => {
    sim.status.setScenario('invalid-json')
    const res = await get('/api/v2/summary.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    expect(res.text.startsWith('{"components":[')).toBe(true)
    expect(() => JSON.parse(res.text)).toThrow()
  })

  it('html: a 200 HTML page where JSON was expected', async () => {
    sim.status.setScenario('html')
    const res = await get('/api/v2/summary.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.text).toMatch(/^<!DOCTYPE html>/)
  })

  it('wrong-types: valid JSON of the wrong shape', async () => {
    sim.status.setScenario('wrong-types')
    const res = await get('/api/v2/summary.json')
    const value = JSON.parse(res.text)
    expect(Summary.safeParse(value).success).toBe(false)
    expect(Array.isArray(value.components)).toBe(false)
  })

  it('hang: the request is accepted and never answered, until the scenario changes for new requests', async () => {
    sim.status.setScenario('hang')
    await expect(
      simRequest(sim.port, { host: 'status.claude.com', path: '/api/v2/summary.json', timeoutMs: 250 }),
    ).rejects.toThrow(/no complete response within 250 ms/)
    expect(sim.status.stats.log.at(-1)).toMatchObject({ path: '/api/v2/summary.json', status: 0 })
    sim.status.setScenario('operational')
    expect((await get('/api/v2/summary.json')).status).toBe(200)
  })
})

describe('custom payloads', () => {
  it('setSummary serves a string byte for byte, and derives status.json from an object', async () => {
    sim.status.setSummary('{"not":"a summary"')
    expect((await get('/api/v2/summary.json')).text).toBe('{"not":"a summary"')
    expect(sim.status.scenario).toBe('custom')
    sim.status.setSummary({
      page: { id: 'p' },
      status: { indicator: 'critical', description: 'x' },
      components: [],
    })
    expect(JSON.parse((await get('/api/v2/status.json')).text)).toEqual({
      page: { id: 'p' },
      status: { indicator: 'critical', description: 'x' },
    })
    sim.status.setIncidents({ page: { id: 'p' }, incidents: [] })
    expect(JSON.parse((await get('/api/v2/incidents.json')).text)).toEqual({
      page: { id: 'p' },
      incidents: [],
    })
  })
})

describe('stats', () => {
  it('counts paths, 200s, 304s and body bytes, and keeps the request headers', async () => {
    const stats = sim.status.stats // a held reference must stay live across resetStats
    const first = await get('/api/v2/summary.json', { 'user-agent': 'sim-test/1' })
    await get('/api/v2/summary.json', {
      'if-none-match': first.headers.etag as string,
      'user-agent': 'sim-test/1',
    })
    const status = await get('/api/v2/status.json')
    expect(stats.byPath).toEqual({ '/api/v2/summary.json': 2, '/api/v2/status.json': 1 })
    expect(stats.status200).toBe(2)
    expect(stats.status304).toBe(1)
    expect(stats.bodyBytes).toBe(first.body.length + status.body.length)
    expect(stats.log[1]!.headers['if-none-match']).toBe(first.headers.etag)
    expect(stats.log[1]!.headers['user-agent']).toBe('sim-test/1')
    expect(sim.stats.byHost['status.claude.com']).toBeGreaterThanOrEqual(3)
    sim.status.resetStats()
    expect(stats.requests).toBe(0)
    expect(stats.log).toEqual([])
  })
})
