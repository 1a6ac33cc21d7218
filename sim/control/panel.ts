// The demo's remote control, at https://claude.ai/__sim/ : a page with a button per status
// scenario, completion mode and tier, and the JSON endpoints behind it. Only loopback peers may
// change anything, and only with a JSON content type (so a cross-site form post cannot).
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { COMPLETION_MODES } from '../claude/modes.ts'
import { TIERS } from '../claude/orgs.ts'
import type { ClaudeSide } from '../claude/side.ts'
import { isLoopback, readBody, send, sendJson, urlOf } from '../http.ts'
import { STATUS_SCENARIOS } from '../status/scenarios.ts'
import type { StatusSide } from '../status/side.ts'

export const CONTROL_PREFIX = '/__sim/'
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'"
const PANEL_JS = readFileSync(new URL('./assets/panel.js', import.meta.url))

const ModeSpec = z.object({
  mode: z.enum(COMPLETION_MODES),
  delayMs: z.number().int().min(0).optional(),
  intervalMs: z.number().int().min(0).optional(),
  events: z.number().int().min(1).max(1_000_000).optional(),
  deltaBytes: z.number().int().min(1).max(65_536).optional(),
  text: z.string().max(100_000).optional(),
  servedModel: z.string().max(200).optional(),
  resetsInS: z.number().int().optional(),
})
const Mode = z.union([z.enum(COMPLETION_MODES), ModeSpec])

const Bodies = {
  'status-scenario': z.object({
    scenario: z.enum(STATUS_SCENARIOS),
    fresh: z.boolean().optional(),
    hugeBytes: z
      .number()
      .int()
      .min(0)
      .max(64 << 20)
      .optional(),
  }),
  'completion-mode': z
    .object({
      mode: Mode.optional(),
      queue: z.array(Mode).max(1000).optional(),
      clearQueue: z.boolean().optional(),
    })
    .refine(
      (b) => b.mode !== undefined || b.queue !== undefined || b.clearQueue,
      'give mode, queue or clearQueue',
    ),
  tier: z.object({ tier: z.enum(TIERS), overrides: z.record(z.string(), z.unknown()).optional() }),
  'reset-stats': z.object({}).optional(),
} as const

export interface ControlTargets {
  status: StatusSide
  claude: ClaudeSide
}

/** The current state, as the panel shows it and `GET /__sim/api/state` returns it. */
export function controlState(t: ControlTargets) {
  return {
    status: { scenario: t.status.scenario, scenarios: STATUS_SCENARIOS, requests: t.status.stats.requests },
    claude: {
      mode: t.claude.completionMode,
      queue: t.claude.queuedModes,
      tier: t.claude.tier,
      modes: COMPLETION_MODES,
      tiers: TIERS,
      completions: t.claude.stats.completions,
    },
  }
}

/** Handles everything under /__sim/. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  t: ControlTargets,
): Promise<void> {
  const path = urlOf(req).pathname
  if (path === '/__sim' || path === CONTROL_PREFIX) {
    send(
      req,
      res,
      200,
      {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
      },
      PANEL_HTML,
    )
    return
  }
  if (path === '/__sim/panel.js') {
    send(
      req,
      res,
      200,
      { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
      PANEL_JS,
    )
    return
  }
  if (path === '/__sim/api/state' && req.method === 'GET') {
    sendJson(req, res, 200, controlState(t), { 'cache-control': 'no-store' })
    return
  }
  const m = /^\/__sim\/api\/([a-z-]+)$/.exec(path)
  const action = m?.[1]
  if (!action || !(action in Bodies)) {
    sendJson(req, res, 404, { error: 'unknown control endpoint' })
    return
  }
  if (req.method !== 'POST') {
    sendJson(req, res, 405, { error: 'POST only' }, { allow: 'POST' })
    return
  }
  if (!isLoopback(req)) {
    sendJson(req, res, 403, { error: 'control is only honoured from loopback' })
    return
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(req, res, 415, { error: 'send application/json' })
    return
  }
  let raw: unknown
  try {
    const text = (await readBody(req, 1 << 20)).toString('utf8')
    raw = text ? JSON.parse(text) : {}
  } catch {
    sendJson(req, res, 400, { error: 'invalid JSON' })
    return
  }
  const parsed = Bodies[action as keyof typeof Bodies].safeParse(raw)
  if (!parsed.success) {
    sendJson(req, res, 400, { error: z.prettifyError(parsed.error) })
    return
  }
  switch (action) {
    case 'status-scenario': {
      const b = Bodies['status-scenario'].parse(raw)
      t.status.setScenario(b.scenario, { fresh: b.fresh, hugeBytes: b.hugeBytes })
      break
    }
    case 'completion-mode': {
      const b = Bodies['completion-mode'].parse(raw)
      if (b.clearQueue) t.claude.clearQueue()
      if (b.mode !== undefined) t.claude.setCompletionMode(b.mode)
      if (b.queue) t.claude.queueCompletionModes(b.queue)
      break
    }
    case 'tier': {
      const b = Bodies.tier.parse(raw)
      t.claude.setTier(b.tier, b.overrides)
      break
    }
    case 'reset-stats':
      t.status.resetStats()
      t.claude.resetStats()
      break
  }
  sendJson(req, res, 200, controlState(t))
}

const PANEL_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulator control</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; max-width: 900px; }
  h2 { font-size: 15px; margin: 18px 0 6px; }
  .buttons { display: flex; flex-wrap: wrap; gap: 6px; }
  button { font: inherit; padding: 4px 10px; border: 1px solid #bbb; border-radius: 6px; background: #f6f6f6; cursor: pointer; }
  button[aria-pressed="true"] { background: #c96442; color: #fff; border-color: #c96442; }
  #state { white-space: pre-wrap; background: #f3f3f3; padding: 8px; border-radius: 6px; }
  label { margin-left: 8px; }
</style>
<script src="/__sim/panel.js" defer></script>
</head>
<body>
<h1>Is Claude Down? — simulator control</h1>
<p>Open <a href="/new">claude.ai/new</a>, <a href="/early">/early</a>, <a href="https://status.claude.com/">status.claude.com</a>.</p>
<h2>status.claude.com scenario</h2>
<div class="buttons" id="scenarios"></div>
<h2>Completion mode <label><input type="checkbox" id="once"> next request only (queue)</label></h2>
<div class="buttons" id="modes"></div>
<h2>Plan (tier)</h2>
<div class="buttons" id="tiers"></div>
<h2>State <button type="button" id="reset">reset stats</button></h2>
<div id="state" aria-live="polite"></div>
</body>
</html>
`
