import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../../../test/fixtures.ts'
import { testFact } from '../../../../test/unit/facts.ts'
import { createObservationAssembler } from './assemble.ts'
import {
  classifyCompletionStatus,
  classifyErrorText,
  classifyFetchRejection,
  classifyHttp,
  classifySseEvent,
  type HttpOutcome,
  parseLimit,
  RESEARCH_KIND_MAP,
  type ResearchKind,
  type SseSignal,
  toEpochMs,
} from './classify.ts'
import type { Fact } from './facts.ts'
import { createSseParser } from './sse.ts'
import type { ObservationKind } from './vocab.ts'

interface Example {
  text: string
  source: string
  kind: ResearchKind
  surface: string
}
const fixture = readSharedFixture('claude-web/errors.json') as { examples: Example[] }
const examples = fixture.examples

/** What an example must classify to, through the documented research-kind mapping. */
function expectedKind(e: Example): ObservationKind | null {
  const m = RESEARCH_KIND_MAP[e.kind]
  return m.whenExceeded && /exceeded_limit|over_limit/.test(e.text) ? m.whenExceeded : m.kind
}

/** HTTP statuses of the Anthropic API error types (platform.claude.com/docs/en/api/errors). */
const API_STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
}

/** The JSON object embedded in a log line, found independently of the code under test. */
function embeddedJson(text: string): { json: Record<string, unknown>; raw: string } | null {
  const start = text.indexOf('{')
  if (start < 0) return null
  for (let end = text.lastIndexOf('}'); end > start; end = text.lastIndexOf('}', end - 1)) {
    try {
      const raw = text.slice(start, end + 1)
      return { json: JSON.parse(raw), raw }
    } catch {}
  }
  return null
}

type Wire = { sse: string } | { status: number; body: string }

/**
 * The wire payload an example carries: SSE frames, an HTTP body on an HTTP surface, or an error
 * envelope quoted inside a CLI/log line (status from the line, else from the error type).
 */
function wirePayload(e: Example): Wire | null {
  if (e.surface.endsWith('-sse')) return { sse: e.text }
  const http = /-http-(\d{3})$/.exec(e.surface)
  if (http) return { status: Number(http[1]), body: e.text }
  const found = embeddedJson(e.text)
  const err = found?.json.error as { type?: string } | undefined
  if (!found || !err) return null
  const written = /\b([45]\d\d)\s*\{/.exec(e.text)
  const status = written ? Number(written[1]) : API_STATUS_OF_TYPE[err.type ?? '']
  return status ? { status, body: found.raw } : null
}

function sseSignals(text: string): SseSignal[] {
  const frame = text.startsWith('event:') ? text : `data: ${text}`
  return createSseParser()
    .push(new TextEncoder().encode(`${frame}\n\n`))
    .map((ev) => classifySseEvent(ev.event, ev.data))
    .filter((s): s is SseSignal => s !== null)
}

function wireKind(w: Wire): ObservationKind | null | 'unexpected' {
  if ('sse' in w) {
    const [s, ...rest] = sseSignals(w.sse)
    if (!s || rest.length) return 'unexpected'
    if (s.type === 'error') return s.classification.kind
    if (s.type === 'limit') return s.state === 'exceeded' ? 'usage_limit' : null
    return 'unexpected'
  }
  const contentType = w.body.trimStart().startsWith('{') ? 'application/json' : 'text/plain'
  return (
    classifyHttp({ status: w.status, contentType, bodyText: w.body, endpoint: 'completion' })?.kind ?? null
  )
}

/**
 * The same payload as the page script posts it (facts.ts: an error body, the data of an `error`
 * event or of a `message_limit` event naming an exceeded window) and the isolated script
 * assembles it: the kinds of the observations it yields.
 */
function assembledKinds(w: Wire): ObservationKind[] {
  const assembler = createObservationAssembler({ now: () => Date.UTC(2026, 8, 24, 12) })
  const facts = ((): Fact[] => {
    if (!('sse' in w)) {
      const contentType = w.body.trimStart().startsWith('{') ? 'application/json' : 'text/plain'
      return [testFact('response', { status: w.status, contentType, body: w.body.slice(0, 4096) })]
    }
    const frame = w.sse.startsWith('event:') ? w.sse : `data: ${w.sse}`
    return createSseParser()
      .push(new TextEncoder().encode(`${frame}\n\n`))
      .flatMap((ev, n): Fact[] => {
        const name = ev.event === 'message' ? JSON.parse(ev.data ?? '{}').type : ev.event
        if (name === 'error') return [testFact('stream_error', { data: ev.data }, n)]
        if (name === 'message_limit' && /exceeded_limit|over_limit/.test(ev.data ?? ''))
          return [testFact('limit', { data: ev.data ?? '' }, n)]
        return []
      })
  })()
  return facts.flatMap((f) => assembler.add(f)?.kind ?? [])
}

describe('errors.json, every example', () => {
  it('has the documented vocabulary and a mapping for every kind in it', () => {
    expect(examples.length).toBe(62)
    for (const e of examples) expect(RESEARCH_KIND_MAP[e.kind], e.kind).toBeDefined()
  })

  const wire = examples.map((e) => ({ e, w: wirePayload(e) })).filter((x) => x.w !== null)

  it('enough examples are wire payloads to make the wire test meaningful', () => {
    // 27 of the 62 carry an HTTP body, an SSE frame or a quoted wire envelope; the rest are UI/CLI text.
    expect(wire.length).toBe(27)
  })

  it.each(wire.map(({ e, w }) => [e.text.slice(0, 90), e, w] as const))('wire: %s', (_t, e, w) => {
    expect(wireKind(w as Wire)).toBe(expectedKind(e))
  })

  it.each(wire.map(({ e, w }) => [e.text.slice(0, 90), e, w] as const))(
    'wire, as page facts through the assembler: %s',
    (_t, e, w) => {
      const expected = expectedKind(e)
      expect(assembledKinds(w as Wire)).toEqual(expected ? [expected] : [])
    },
  )

  it.each(examples.map((e) => [e.text.slice(0, 90), e] as const))('text: %s', (_t, e) => {
    expect(classifyErrorText(e.text)?.kind ?? null).toBe(expectedKind(e))
  })
})

describe('errors.json, variants that exercise the limit rules', () => {
  const limitFrames = examples.filter((e) => e.kind === 'sse_message_limit')

  it('the real message_limit frames are within their limits: informational, no observation', () => {
    expect(limitFrames.length).toBe(2)
    for (const e of limitFrames) {
      expect(sseSignals(e.text)).toEqual([expect.objectContaining({ type: 'limit', state: 'within' })])
    }
  })

  it.each(['exceeded_limit', 'over_limit'])(
    'the same frames with a window %s are usage_limit with its reset',
    (status) => {
      for (const e of limitFrames) {
        const frame = JSON.parse(e.text)
        frame.message_limit.windows['5h'].status = status
        const [signal] = sseSignals(JSON.stringify(frame))
        expect(signal).toEqual({
          type: 'limit',
          state: 'exceeded',
          resetsAt: frame.message_limit.windows['5h'].resets_at * 1000,
        })
      }
    },
  )

  it('the 429 with exceeded_limit as a JSON string in error.message gives the reset in ms', () => {
    const e = examples.find((x) => x.surface === 'claude.ai-web-http-429') as Example
    const body = e.text.replace('%d', '1785069600')
    const c = classifyHttp({
      status: 429,
      contentType: 'application/json',
      bodyText: body,
      endpoint: 'completion',
    })
    expect(c).toEqual({
      kind: 'usage_limit',
      errorType: 'rate_limit_error',
      resetsAt: 1785069600000,
      requestId: null,
    })
    // With the fixture's literal %d placeholder the JSON-in-message is broken: still a usage limit.
    expect(classifyHttp({ status: 429, bodyText: e.text, endpoint: 'completion' })).toMatchObject({
      kind: 'usage_limit',
      resetsAt: null,
    })
  })

  it('the Envoy bodies quoted in Claude Code errors, served as real 503 text bodies, are gateway', () => {
    const bodies = examples
      .filter((e) => e.kind === 'gateway')
      .map((e) => /503 (upstream connect[^)]*|no healthy upstream)/.exec(e.text)?.[1])
      .filter((b): b is string => !!b)
    expect(bodies.length).toBe(3)
    for (const body of bodies) {
      expect(
        classifyHttp({ status: 503, contentType: 'text/plain', bodyText: body, endpoint: 'completion' })
          ?.kind,
      ).toBe('gateway')
    }
  })

  it('the bare desktop exceeded_limit object has no binding window named: resetsAt stays null', () => {
    const e = examples.find((x) => x.surface === 'claude-desktop-frontend-log') as Example
    expect(classifyErrorText(e.text)).toMatchObject({ kind: 'usage_limit', resetsAt: null })
  })
})

describe('classifyHttp', () => {
  const base = { endpoint: 'completion' } as const
  const http = (o: Partial<HttpOutcome> & { status: number }) => classifyHttp({ ...base, ...o })
  const env = (type: string, message: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'error',
      error: { type, message, ...extra },
      request_id: 'req_011CXmPTULN8bgXB7G5MDu9J',
    })

  it('2xx is success; 3xx without a challenge and unremarkable 4xx are not signals', () => {
    expect(http({ status: 200 })?.kind).toBe('success')
    expect(http({ status: 304 })).toBeNull()
    expect(
      http({ status: 404, endpoint: 'conversation', bodyText: env('not_found_error', 'Not found') }),
    ).toBeNull()
    expect(
      http({ status: 400, bodyText: env('invalid_request_error', 'messages: field required') }),
    ).toBeNull()
  })

  it('500 api_error is server_error; "Overloaded" on 500 and any 529 are overloaded', () => {
    expect(http({ status: 500, bodyText: env('api_error', 'Internal server error') })).toEqual({
      kind: 'server_error',
      errorType: 'api_error',
      resetsAt: null,
      requestId: 'req_011CXmPTULN8bgXB7G5MDu9J',
    })
    expect(http({ status: 500, bodyText: env('api_error', 'Overloaded') })?.kind).toBe('overloaded')
    expect(http({ status: 529, bodyText: '' })?.kind).toBe('overloaded')
    expect(http({ status: 503, bodyText: env('overloaded_error', 'Overloaded') })?.kind).toBe('overloaded')
  })

  it('502/503/504 and Cloudflare 52x are gateway, whatever the HTML says; other 5xx server_error', () => {
    const page =
      '<html><title>502 Bad Gateway</title><p>This model is not available; invalid authorization</p></html>'
    for (const status of [502, 503, 504, 520, 522, 524])
      expect(http({ status, contentType: 'text/html', bodyText: page })?.kind).toBe('gateway')
    expect(http({ status: 501, bodyText: 'x' })?.kind).toBe('server_error')
    expect(http({ status: 500, contentType: 'text/html', bodyText: page })?.kind).toBe('gateway')
    expect(http({ status: 500, contentType: 'text/html', bodyText: '<h1>oops</h1>' })?.kind).toBe(
      'server_error',
    )
  })

  it('429: usage_limit only with the exceeded_limit marker; the header supplies a missing reset', () => {
    expect(http({ status: 429, bodyText: env('rate_limit_error', 'Too many requests') })).toMatchObject({
      kind: 'rate_limit',
      resetsAt: null,
    })
    const noReset = env(
      'rate_limit_error',
      JSON.stringify({ type: 'exceeded_limit', representativeClaim: 'five_hour' }),
    )
    expect(http({ status: 429, bodyText: noReset, resetHeader: '1785069600' })).toMatchObject({
      kind: 'usage_limit',
      resetsAt: 1785069600000,
    })
    expect(
      http({
        status: 429,
        bodyText: env('rate_limit_error', 'x', {
          details: { error_code: 'opus_messages_rate_limit_exceeded' },
        }),
      }),
    ).toMatchObject({ kind: 'usage_limit', errorType: 'opus_messages_rate_limit_exceeded' })
  })

  it('auth: 401, 403 permission_error, account_session_invalid, and any 4xx on login endpoints', () => {
    expect(http({ status: 401, bodyText: '' })?.kind).toBe('auth')
    expect(http({ status: 403, bodyText: env('permission_error', 'Permission denied') })?.kind).toBe('auth')
    expect(
      http({
        status: 400,
        bodyText: env('invalid_request_error', 'x', { details: { error_code: 'account_session_invalid' } }),
      }),
    ).toMatchObject({ kind: 'auth', errorType: 'account_session_invalid' })
    expect(
      http({ status: 400, endpoint: 'login', bodyText: env('invalid_request_error', 'bad code') })?.kind,
    ).toBe('auth')
    expect(http({ status: 500, endpoint: 'login', bodyText: '' })?.kind).toBe('server_error')
  })

  it('403 about a model is model_unavailable, with the code when there is one', () => {
    expect(
      http({
        status: 403,
        bodyText: env('permission_error', "This model isn't available right now. You can switch."),
      })?.kind,
    ).toBe('model_unavailable')
    expect(
      http({
        status: 403,
        bodyText: env('permission_error', 'Invalid model', { code: 'model_not_allowed' }),
      }),
    ).toMatchObject({
      kind: 'model_unavailable',
      errorType: 'model_not_allowed',
    })
  })

  it('413 and "prompt is too long" are length_limit; a disabled organization is account', () => {
    expect(http({ status: 413, bodyText: '' })?.kind).toBe('length_limit')
    expect(
      http({ status: 400, bodyText: env('invalid_request_error', 'This organization has been disabled.') })
        ?.kind,
    ).toBe('account')
    expect(
      http({
        status: 402,
        bodyText: env('billing_error', 'x', { details: { error_code: 'subscription_past_due' } }),
      })?.kind,
    ).toBe('account')
  })

  it('Cloudflare challenges: cf-mitigated, challenge pages, challenge redirects, /api/challenge_redirect', () => {
    expect(http({ status: 403, cfMitigated: 'challenge', bodyText: '' })?.kind).toBe('challenge')
    expect(
      http({
        status: 403,
        contentType: 'text/html; charset=UTF-8',
        bodyText:
          '<!DOCTYPE html><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b/orchestrate"></script>',
      })?.kind,
    ).toBe('challenge')
    expect(
      http({ status: 200, redirectUrl: 'https://claude.ai/api/challenge_redirect?to=%2Fnew' })?.kind,
    ).toBe('challenge')
    expect(http({ status: 302, challengeUrl: true })?.kind).toBe('challenge')
  })

  it('a completion answered with HTML was not answered by Claude', () => {
    expect(
      http({
        status: 200,
        contentType: 'text/html',
        bodyText: '<h1>Claude will return soon</h1><p>temporary service disruption</p>',
      })?.kind,
    ).toBe('server_error')
    expect(
      http({ status: 200, contentType: 'text/html', bodyText: '<h1>Hotel Wi-Fi login</h1>' })?.kind,
    ).toBe('gateway')
    expect(
      http({ status: 200, endpoint: 'conversation', contentType: 'text/html', bodyText: '<h1>x</h1>' })?.kind,
    ).toBe('success')
  })

  it('request ids: from the envelope, else a well-formed header; anything else is dropped', () => {
    expect(
      http({ status: 500, bodyText: '', requestIdHeader: 'req_011CZAZLDXQdVKwgHDw6GTiN' })?.requestId,
    ).toBe('req_011CZAZLDXQdVKwgHDw6GTiN')
    expect(http({ status: 500, bodyText: '', requestIdHeader: 'req_<script>' })?.requestId).toBeNull()
    expect(
      http({ status: 500, bodyText: '{"type":"error","error":{"type":"api_error"},"request_id":"sk-ant-x"}' })
        ?.requestId,
    ).toBeNull()
  })

  it('caps the body: a marker past 4 KB is not seen', () => {
    const long = `${'x'.repeat(5000)} prompt is too long`
    expect(http({ status: 400, bodyText: long })).toBeNull()
  })
})

describe('classifySseEvent', () => {
  const data = (o: unknown) => JSON.stringify(o)

  it('message_start: model id (possibly empty) and request id', () => {
    expect(
      classifySseEvent(
        'message_start',
        data({
          type: 'message_start',
          message: { model: 'claude-opus-4-8', request_id: 'req_011CbzRzhVfPy6yesub42QVa' },
        }),
      ),
    ).toEqual({ type: 'start', modelId: 'claude-opus-4-8', requestId: 'req_011CbzRzhVfPy6yesub42QVa' })
    expect(classifySseEvent('message_start', data({ message: { model: '' } }))).toEqual({
      type: 'start',
      modelId: '',
      requestId: null,
    })
  })

  it('error frames: by error.type, unknown types still a server_error', () => {
    const kindOf = (t: string, m = 'x') => {
      const s = classifySseEvent('error', data({ type: 'error', error: { type: t, message: m } }))
      return s?.type === 'error' ? s.classification.kind : null
    }
    expect(kindOf('overloaded_error', 'Overloaded')).toBe('overloaded')
    expect(kindOf('api_error', 'Internal server error')).toBe('server_error')
    expect(kindOf('some_new_error')).toBe('server_error')
    expect(kindOf('rate_limit_error', data({ type: 'exceeded_limit', resetsAt: 1785069600 }))).toBe(
      'usage_limit',
    )
    // The SSE default event name with the type in the data.
    const s = classifySseEvent('message', data({ type: 'error', error: { type: 'overloaded_error' } }))
    expect(s?.type === 'error' && s.classification.kind).toBe('overloaded')
  })

  it('message_delta: stop_reason "error" is a server_error; others are reported as such', () => {
    const s = classifySseEvent('message_delta', data({ delta: { stop_reason: 'error' } }))
    expect(s).toMatchObject({ type: 'error', classification: { kind: 'server_error' } })
    expect(classifySseEvent('message_delta', data({ delta: { stop_reason: 'user_canceled' } }))).toEqual({
      type: 'stop_reason',
      stopReason: 'user_canceled',
    })
    expect(classifySseEvent('message_delta', data({ delta: { stop_reason: 'refusal' } }))).toEqual({
      type: 'stop_reason',
      stopReason: 'refusal',
    })
  })

  it('content_block_start says whether a tool call began', () => {
    for (const t of ['tool_use', 'server_tool_use', 'mcp_tool_use'])
      expect(classifySseEvent('content_block_start', data({ content_block: { type: t } }))).toEqual({
        type: 'block',
        toolUse: true,
      })
    expect(
      classifySseEvent('content_block_start', data({ content_block: { type: 'text', text: '' } })),
    ).toEqual({
      type: 'block',
      toolUse: false,
    })
  })

  it('message_stop ends; deltas and unknown events are nothing; broken JSON is tolerated', () => {
    expect(classifySseEvent('message_stop', null)).toEqual({ type: 'end' })
    expect(classifySseEvent('content_block_delta', null)).toBeNull()
    expect(classifySseEvent('conversation_ready', '{}')).toBeNull()
    expect(classifySseEvent('message_limit', '{not json')).toEqual({
      type: 'limit',
      state: 'unknown',
      resetsAt: null,
    })
  })
})

describe('parseLimit', () => {
  it('approaching, and the reset of the exceeded windows (the latest one binds)', () => {
    expect(
      parseLimit({ type: 'approaching_limit', windows: { '5h': { status: 'approaching_limit' } } })?.state,
    ).toBe('approaching')
    expect(
      parseLimit({
        type: 'exceeded_limit',
        windows: {
          '5h': { status: 'exceeded_limit', resets_at: 1785069600 },
          '7d': { status: 'over_limit', resets_at: 1785438000 },
          '7d_opus': { status: 'within_limit', resets_at: 1785999999 },
        },
      }),
    ).toEqual({ state: 'exceeded', resetsAt: 1785438000000 })
  })

  it('the representative claim names the window when no status does', () => {
    expect(
      parseLimit({
        type: 'exceeded_limit',
        representativeClaim: 'seven_day',
        windows: { '5h': { resets_at: 1785069600 }, '7d': { resets_at: 1785438000 } },
      }),
    ).toEqual({ state: 'exceeded', resetsAt: 1785438000000 })
  })

  it('unknown statuses are informational', () => {
    expect(parseLimit({ type: 'something_new', windows: { '5h': { status: 'weird' } } })?.state).toBe(
      'unknown',
    )
    expect(parseLimit('nope')).toBeNull()
  })
})

describe('toEpochMs', () => {
  it.each([
    [1785069600, 1785069600000],
    ['1785069600', 1785069600000],
    [1785069600123, 1785069600123],
    ['2026-07-26T12:00:00Z', Date.UTC(2026, 6, 26, 12)],
    [42, null],
    [Number.NaN, null],
    ['soon', null],
    [null, null],
  ])('%j → %j', (input, out) => {
    expect(toEpochMs(input)).toBe(out)
  })
})

describe('classifyFetchRejection', () => {
  const r = (name: string | null, message: string | null, online: boolean | null, extra = {}) =>
    classifyFetchRejection({ name, message, online, ...extra })?.kind ?? null

  it('TypeError is the network; offline anything is the network', () => {
    expect(r('TypeError', 'Failed to fetch', true)).toBe('network')
    expect(r('TypeError', 'NetworkError when attempting to fetch resource.', true)).toBe('network')
    expect(r('TypeError', 'Load failed', null)).toBe('network')
    expect(r('Error', 'whatever', false)).toBe('network')
  })

  it('aborts and Stop are aborted, never a failure', () => {
    expect(r('AbortError', 'The user aborted a request.', true)).toBe('aborted')
    expect(r('Error', 'custom reason', true, { signalAborted: true })).toBe('aborted')
    expect(r('TypeError', 'Failed to fetch', false, { userStopped: true })).toBe('aborted')
  })

  it('a TimeoutError is a stall; a malformed request is the page bug, not a signal', () => {
    expect(classifyFetchRejection({ name: 'TimeoutError', message: null, online: true })).toMatchObject({
      kind: 'stall',
      errorType: 'timeout_error',
    })
    expect(r('TypeError', "Failed to execute 'fetch' on 'Window': Invalid URL", true)).toBeNull()
    expect(r('SyntaxError', 'x', true)).toBeNull()
  })
})

describe('classifyCompletionStatus', () => {
  it('is_error → the named cause or server_error; pending or fine → nothing', () => {
    expect(
      classifyCompletionStatus({ is_pending: false, is_error: true, error_code: 'overloaded_error' })?.kind,
    ).toBe('overloaded')
    expect(classifyCompletionStatus({ is_pending: false, is_error: true, error_detail: null })).toEqual({
      kind: 'server_error',
      errorType: null,
      resetsAt: null,
      requestId: null,
    })
    expect(classifyCompletionStatus({ is_pending: true, is_error: false })).toBeNull()
    expect(classifyCompletionStatus('garbage')).toBeNull()
  })
})

describe('classifyErrorText, beyond the fixture', () => {
  it('folds curly apostrophes and reads the legacy piped reset', () => {
    expect(classifyErrorText('This model isn’t available right now.')?.kind).toBe('model_unavailable')
    expect(classifyErrorText('Claude AI usage limit reached|1760000400')).toMatchObject({
      kind: 'usage_limit',
      resetsAt: 1760000400000,
    })
  })

  it('marks the capacity banner so the UI can say "not on the status page"', () => {
    expect(
      classifyErrorText(
        'Due to unexpected capacity constraints, Claude is unable to respond to your message.',
      ),
    ).toMatchObject({ kind: 'overloaded', errorType: 'capacity_constraints' })
  })

  it('ordinary text is not an error, numbers in it are not statuses', () => {
    expect(classifyErrorText('Sonnet 4.5 wrote 500 words in 404 seconds')).toBeNull()
    expect(classifyErrorText('Here is your summary.')).toBeNull()
  })
})
