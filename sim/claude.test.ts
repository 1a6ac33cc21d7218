// The claude.ai side: the app pages and their CSP, org data per tier, and every completion mode's
// status line, headers and body (SSE parsed) as claude-web.md §3–§4 describe them.
import { request } from 'node:https'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readSharedFixture } from '../test/fixtures.ts'
import { ERROR_TEXT } from './claude/modes.ts'
import { parseSse, type SimResponse, simRequest } from './client.ts'
import {
  COMPLETION_MODES,
  type CompletionMode,
  type CompletionModeName,
  DEFAULT_CSP,
  SIM_ORG_UUID,
  type Simulator,
  startSimulator,
  TIERS,
} from './server.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())
beforeEach(() => {
  sim.claude.setCompletionMode('ok')
  sim.claude.clearQueue()
  sim.claude.setTier('pro')
  sim.claude.resetStats()
})

const get = (path: string) => simRequest(sim.port, { host: 'claude.ai', path, timeoutMs: 5000 })
const COMPLETION = `/api/organizations/${SIM_ORG_UUID}/chat_conversations/conv-1/completion`
let sends = 0
/** A body like the app's; `turn` makes each one unique, as the app's turn_message_uuids do. */
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    prompt: 'SECRET PROMPT TEXT',
    parent_message_uuid: '00000000-0000-4000-8000-000000000000',
    timezone: 'UTC',
    locale: 'en-US',
    model: 'claude-sonnet-4-5-20250929',
    rendering_mode: 'messages',
    attachments: [],
    files: [],
    turn: ++sends,
    ...extra,
  })
const complete = (mode?: CompletionMode, opts: { timeoutMs?: number; body?: string } = {}) => {
  if (mode) sim.claude.queueCompletionModes([mode])
  return simRequest(sim.port, {
    host: 'claude.ai',
    path: COMPLETION,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: opts.body ?? body(),
    timeoutMs: opts.timeoutMs ?? 5000,
  })
}
const events = (res: SimResponse) =>
  parseSse(res.text).map((f) => ({ event: f.event, data: JSON.parse(f.data) }))

/** Reads a response for `ms`, then hangs up: for streams that never end. */
function readFor(ms: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sim.port,
        path: COMPLETION,
        method: 'POST',
        servername: 'claude.ai',
        headers: { host: 'claude.ai', 'content-type': 'application/json' },
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8')
        })
        res.on('error', () => {})
        setTimeout(() => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, text })
        }, ms)
      },
    )
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)))
    req.end(body())
  })
}

describe('app pages', () => {
  it.each(['/', '/new', '/chat/abc-123', '/early'])('%s is the app under a strict CSP', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers['content-security-policy']).toBe(DEFAULT_CSP)
    expect(DEFAULT_CSP).toContain("script-src 'self'")
    const html = res.text
    expect(html).toMatch(/<form[^>]*>[\s\S]*<textarea data-testid="chat-input"[\s\S]*<\/form>/)
    expect(html).toContain('aria-label="Send message"')
    expect(html).toMatch(/data-testid="model-selector-dropdown"[^>]*>Sonnet 4\.5</)
    expect(html).toContain('data-testid="reply"')
    // Every script is an external same-origin file: the CSP would block inline ones.
    expect(html.match(/<script[^>]*>/g)?.every((tag) => / src="\/[a-z]/.test(tag))).toBe(true)
  })

  it('themes: light by default, ?theme=dark puts class and data-theme on <html>', async () => {
    expect((await get('/')).text).toContain('<html lang="en" data-theme="light">')
    expect((await get('/new?theme=dark')).text).toContain('<html lang="en" class="dark" data-theme="dark">')
  })

  it('/early runs a parser-blocking head script before the app script', async () => {
    const head = (await get('/early')).text.split('</head>')[0]!
    expect(head.indexOf('<script src="/early.js"></script>')).toBeGreaterThan(-1)
    expect(head.indexOf('/early.js')).toBeLessThan(head.indexOf('/app.js'))
    expect((await get('/')).text).not.toContain('/early.js')
  })

  it('serves the scripts as JavaScript', async () => {
    for (const path of ['/app.js', '/early.js']) {
      const res = await get(path)
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(res.text).toContain('fetch(')
    }
  })
})

describe('org data per tier', () => {
  const expected = {
    free: {
      capabilities: ['chat'],
      raven_type: null,
      rate_limit_tier: 'default_claude_ai',
      billing_type: null,
    },
    pro: {
      capabilities: ['chat', 'claude_pro'],
      raven_type: null,
      rate_limit_tier: 'default_claude_ai',
      billing_type: 'stripe_subscription',
    },
    max: {
      capabilities: ['chat', 'claude_max'],
      raven_type: null,
      rate_limit_tier: 'default_claude_max_20x',
    },
    team: { capabilities: ['chat', 'raven'], raven_type: 'team', rate_limit_tier: 'default_raven' },
    enterprise: {
      capabilities: ['chat', 'raven'],
      raven_type: 'enterprise',
      seat_tier: 'enterprise_standard',
    },
  }

  it.each(TIERS)('%s', async (tier) => {
    sim.claude.setTier(tier)
    const orgs = JSON.parse((await get('/api/organizations')).text)
    expect(orgs).toHaveLength(1)
    expect(orgs[0]).toMatchObject({ uuid: SIM_ORG_UUID, ...expected[tier] })
    const org = JSON.parse((await get(`/api/organizations/${SIM_ORG_UUID}`)).text)
    expect(org).toEqual(orgs[0])
    const boot = JSON.parse(
      (await get(`/edge-api/bootstrap/${SIM_ORG_UUID}/app_start?growthbook_format=sdk`)).text,
    )
    expect(boot.account.memberships[0].organization).toEqual(org)
    expect(boot.claude_ai_available_models.models.length).toBeGreaterThan(0)
  })

  it('merges overrides (a Team seat with a Max limit ceiling)', async () => {
    sim.claude.setTier('team', { rate_limit_tier: 'default_claude_max_5x' })
    const [org] = JSON.parse((await get('/api/organizations')).text)
    expect(org).toMatchObject({ raven_type: 'team', rate_limit_tier: 'default_claude_max_5x' })
  })

  it('answers unknown API paths with the error envelope', async () => {
    const res = await get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(JSON.parse(res.text).error.type).toBe('not_found_error')
  })
})

describe('completion modes', () => {
  const REQ_ID = /^req_[0-9A-Za-z]{24}$/
  const jsonError = (res: SimResponse) => JSON.parse(res.text)

  // One check per mode; the test below fails if a mode is added without one.
  const checks: Record<CompletionModeName, () => Promise<void>> = {
    ok: async () => {
      const res = await complete('ok')
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      const ev = events(res)
      expect(ev[0]!.event).toBe('message_start')
      expect(ev[0]!.data.message.model).toBe('claude-sonnet-4-5-20250929')
      expect(ev[0]!.data.message.request_id).toBe(res.headers['request-id'])
      expect(res.headers['request-id']).toMatch(REQ_ID)
      const deltas = ev.filter((e) => e.event === 'content_block_delta')
      expect(deltas.length).toBeGreaterThanOrEqual(3)
      expect(deltas.every((d) => d.data.delta.type === 'text_delta')).toBe(true)
      expect(ev.find((e) => e.event === 'message_delta')!.data.delta.stop_reason).toBe('end_turn')
      expect(ev.find((e) => e.event === 'message_limit')!.data.message_limit.type).toBe('within_limit')
      expect(ev.at(-1)!.event).toBe('message_stop')
    },
    'long-ok': async () => {
      const res = await complete({ mode: 'long-ok', events: 3000, deltaBytes: 20 })
      const deltas = events(res).filter((e) => e.event === 'content_block_delta')
      expect(deltas).toHaveLength(3000)
      expect(deltas.every((d) => d.data.delta.text.length === 20)).toBe(true)
      expect(events(res).at(-1)!.event).toBe('message_stop')
    },
    'slow-first-byte': async () => {
      const t0 = Date.now()
      const res = await complete({ mode: 'slow-first-byte', delayMs: 150 })
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150)
      expect(events(res).at(-1)!.event).toBe('message_stop')
    },
    'error-500': async () => {
      const res = await complete('error-500')
      expect(res.status).toBe(500)
      const e = jsonError(res)
      expect(e).toEqual({
        type: 'error',
        error: { type: 'api_error', message: 'Internal server error' },
        request_id: e.request_id,
      })
      expect(e.request_id).toMatch(REQ_ID)
      expect(res.headers['request-id']).toBe(e.request_id)
    },
    'overloaded-529': async () => {
      const res = await complete('overloaded-529')
      expect(res.status).toBe(529)
      expect(jsonError(res).error).toEqual({ type: 'overloaded_error', message: 'Overloaded' })
    },
    'overloaded-500': async () => {
      const res = await complete('overloaded-500')
      expect(res.status).toBe(500)
      expect(jsonError(res)).toEqual({
        type: 'error',
        error: { type: 'api_error', message: 'Overloaded' },
        request_id: null,
      })
    },
    'sse-error': async () => {
      const res = await complete('sse-error')
      expect(res.status).toBe(200)
      const ev = events(res)
      expect(ev[0]!.event).toBe('message_start')
      expect(ev.some((e) => e.event === 'content_block_delta')).toBe(true)
      expect(ev.at(-1)).toEqual({
        event: 'error',
        data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      })
      expect(ev.some((e) => e.event === 'message_stop')).toBe(false)
    },
    'stop-reason-error': async () => {
      const ev = events(await complete('stop-reason-error'))
      expect(ev.find((e) => e.event === 'message_delta')!.data.delta.stop_reason).toBe('error')
      expect(ev.at(-1)!.event).toBe('message_stop')
    },
    stall: async () => {
      sim.claude.queueCompletionModes(['stall'])
      const { status, text } = await readFor(250)
      expect(status).toBe(200)
      const ev = parseSse(text).map((f) => f.event)
      expect(ev).toEqual(['message_start', 'content_block_start', 'content_block_delta'])
    },
    'stall-before-first-byte': async () => {
      await expect(complete('stall-before-first-byte', { timeoutMs: 200 })).rejects.toThrow(/within 200 ms/)
    },
    'usage-limit-429': async () => {
      const res = await complete('usage-limit-429')
      expect(res.status).toBe(429)
      const e = jsonError(res)
      expect(e.error.type).toBe('rate_limit_error')
      const limit = JSON.parse(e.error.message)
      expect(Object.keys(limit)).toEqual(['type', 'resetsAt', 'representativeClaim', 'perModelLimit'])
      expect(limit).toMatchObject({
        type: 'exceeded_limit',
        representativeClaim: 'five_hour',
        perModelLimit: false,
      })
      expect(Math.abs(limit.resetsAt - (Date.now() / 1000 + 7200))).toBeLessThan(120)
      expect(res.headers['anthropic-ratelimit-unified-reset']).toBe(String(limit.resetsAt))
    },
    'sse-message-limit': async () => {
      const res = await complete('sse-message-limit')
      expect(res.status).toBe(200)
      const limit = events(res).find((e) => e.event === 'message_limit')!.data.message_limit
      expect(limit.type).toBe('exceeded_limit')
      expect(limit.windows['5h'].status).toBe('exceeded_limit')
      expect(limit.resetsAt).toBeGreaterThan(Date.now() / 1000)
    },
    'gateway-502': async () => {
      const res = await complete('gateway-502')
      expect(res.status).toBe(502)
      expect(res.headers['content-type']).toBe('text/plain')
      expect(res.text).toBe(
        'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      )
    },
    'gateway-503': async () => {
      const res = await complete('gateway-503')
      expect(res.status).toBe(503)
      expect(res.text).toBe('no healthy upstream')
    },
    'model-unavailable-403': async () => {
      const res = await complete('model-unavailable-403')
      expect(res.status).toBe(403)
      expect(jsonError(res).error).toMatchObject({
        type: 'permission_error',
        message:
          "This model isn't available right now. You can switch to another model to continue using Claude.",
      })
    },
    'auth-401': async () => {
      const res = await complete('auth-401')
      expect(res.status).toBe(401)
      expect(jsonError(res).error.details.error_code).toBe('account_session_invalid')
    },
    'network-reset': async () => {
      await expect(complete('network-reset')).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNRESET/),
      })
    },
  }

  it('has a check for every mode', () => {
    expect(Object.keys(checks).sort()).toEqual([...COMPLETION_MODES].sort())
  })

  it.each(COMPLETION_MODES)('%s', async (mode) => {
    await checks[mode]()
  })

  it('uses real strings from errors.json', () => {
    const texts = (
      readSharedFixture('claude-web/errors.json') as { examples: Array<{ text: string }> }
    ).examples
      .map((e) => e.text)
      .join('\n')
    for (const s of [
      ERROR_TEXT.internal,
      ERROR_TEXT.overloaded,
      ERROR_TEXT.gateway503,
      ERROR_TEXT.modelUnavailable,
    ]) {
      expect(texts).toContain(s)
    }
    expect(texts).toContain('upstream connect error or disconnect/reset before headers. reset reason:')
  })

  it('names the requested model in message_start, or the served one when set', async () => {
    let ev = events(await complete('ok', { body: body({ model: 'claude-opus-4-6' }) }))
    expect(ev[0]!.data.message.model).toBe('claude-opus-4-6')
    ev = events(await complete({ mode: 'ok', servedModel: '' }))
    expect(ev[0]!.data.message.model).toBe('')
  })
})

describe('mode control and stats', () => {
  it('plays queued modes in order, then the persistent one', async () => {
    sim.claude.setCompletionMode('gateway-503')
    sim.claude.queueCompletionModes(['error-500', 'overloaded-529'])
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await complete()).status)
    expect(statuses).toEqual([500, 529, 503])
    expect(sim.claude.queuedModes).toEqual([])
  })

  it('counts completions and records body keys, never the prompt', async () => {
    await complete()
    await simRequest(sim.port, {
      host: 'claude.ai',
      path: COMPLETION.replace(/completion$/, 'retry_completion'),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: body(),
    })
    const s = sim.claude.stats
    expect(s.completions).toBe(2)
    expect(s.completionLog.map((c) => c.kind)).toEqual(['completion', 'retry_completion'])
    expect(s.lastBodyKeys).toEqual([
      'prompt',
      'parent_message_uuid',
      'timezone',
      'locale',
      'model',
      'rendering_mode',
      'attachments',
      'files',
      'turn',
    ])
    expect(s.lastCompletionHeaders?.accept).toBe('text/event-stream')
    expect(JSON.stringify(s)).not.toContain('SECRET PROMPT TEXT')
  })

  it('resets a byte-identical resend after network-reset without using up the queue', async () => {
    // What Chromium does when a reused connection dies before the response (see side.ts).
    const same = body()
    sim.claude.queueCompletionModes(['network-reset', 'error-500'])
    await expect(complete(undefined, { body: same })).rejects.toThrow()
    await expect(complete(undefined, { body: same })).rejects.toThrow()
    expect((await complete()).status).toBe(500)
    expect(sim.claude.stats.completions).toBe(2)
    expect(sim.claude.stats.resends).toBe(1)
  })

  it('reports completion_status: pending while stalled, error after a failure', async () => {
    const status = async () =>
      JSON.parse(
        (
          await get(
            `/api/organizations/${SIM_ORG_UUID}/chat_conversations/conv-1/completion_status?poll=false`,
          )
        ).text,
      )
    sim.claude.queueCompletionModes(['stall'])
    const reading = readFor(200)
    await new Promise((r) => setTimeout(r, 100))
    expect(await status()).toMatchObject({ is_pending: true, is_error: false })
    await reading
    await complete('error-500')
    expect(await status()).toMatchObject({ is_pending: false, is_error: true, error_code: 'api_error' })
    await complete('ok')
    expect(await status()).toMatchObject({ is_pending: false, is_error: false })
  })
})
