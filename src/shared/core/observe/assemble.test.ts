import { describe, expect, it } from 'vitest'
import { TEST_AT, testFact } from '../../../../test/unit/facts.ts'
import { createObservationAssembler, FLOW_MAX_AGE_MS, MAX_FLOWS } from './assemble.ts'
import type { Fact } from './facts.ts'
import { ObservationSchema } from './observation.ts'

const EXCEEDED = JSON.stringify({
  type: 'message_limit',
  message_limit: { type: 'exceeded_limit', resetsAt: 1785069600 },
})

/** Feeds facts in order; returns every observation they yielded (each checked against the schema). */
function assemble(facts: Fact[], assembler = createObservationAssembler({ now: () => TEST_AT })) {
  const out = facts.flatMap((f) => {
    const o = assembler.add(f)
    return o ? [o] : []
  })
  for (const o of out) expect(ObservationSchema.safeParse(o).success).toBe(true)
  return out
}

/** Facts of one flow, numbered in order as the page script numbers them. */
function flow(...facts: Fact[]): Fact[] {
  return facts.map((f, n) => ({ ...f, id: `${f.flow}.${n.toString(36)}` }))
}

describe('a completion: facts → the observations the page script used to post', () => {
  it('first byte then a complete stream: one success, with the fact’s id, timings and model', () => {
    const [o, ...rest] = assemble(
      flow(
        testFact('first_byte'),
        testFact('end', { durationMs: 900, requestId: 'req_011CZAZLDXQdVKwgHDw6GTiN' }),
      ),
    )
    expect(rest).toEqual([])
    expect(o).toEqual({
      id: 'k3j9x2ab.1.1',
      flow: 'k3j9x2ab.1',
      kind: 'success',
      endpoint: 'completion',
      transport: 'fetch',
      status: 200,
      errorType: null,
      model: { family: 'opus', version: '4.8' },
      servedModel: null,
      requestId: 'req_011CZAZLDXQdVKwgHDw6GTiN',
      resetsAt: null,
      ttfbMs: 300,
      durationMs: 900,
      online: true,
      at: TEST_AT,
      phase: 'stream',
    })
  })

  it('the body names the model asked for; the stream the one that served it, kept when it differs', () => {
    const served = testFact('end', { servedModel: 'claude-sonnet-4-5-20250929' })
    expect(assemble([served])[0]).toMatchObject({
      model: { family: 'opus', version: '4.8' },
      servedModel: { family: 'sonnet', version: '4.5' },
    })
    const same = testFact('end', { servedModel: 'claude-opus-4-8', flow: 'k3j9x2ab.2' })
    expect(assemble([same])[0]).toMatchObject({ servedModel: null })
  })

  it('the selector is read when the body names no model it can parse; a guess the stream’s model replaces', () => {
    const guessed = { model: { body: null, selector: 'Claude Haiku 4.5' } }
    expect(assemble([testFact('response', guessed)])[0]?.model).toEqual({ family: 'haiku', version: '4.5' })
    const unparsed = { model: { body: 'claude-opus-4-8-someday-maybe', selector: 'Claude Haiku 4.5' } }
    const fallback = testFact('response', { ...unparsed, flow: 'k3j9x2ab.3' })
    expect(assemble([fallback])[0]?.model).toEqual({ family: 'haiku', version: '4.5' })
    const replaced = testFact('end', { ...guessed, servedModel: 'claude-sonnet-5', flow: 'k3j9x2ab.2' })
    expect(assemble([replaced])[0]).toMatchObject({
      model: { family: 'sonnet', version: '5' },
      servedModel: null,
    })
  })

  it('a stall, then the same flow still reports its end; the stall’s phase says where it happened', () => {
    const out = assemble(flow(testFact('first_byte'), testFact('stall', { status: 200 }), testFact('end')))
    expect(out.map((o) => [o.kind, o.errorType, o.phase])).toEqual([
      ['stall', 'stream_idle', 'stream'],
      ['success', null, 'stream'],
    ])
    const noResponse = testFact('stall', {
      stall: 'first_byte',
      status: null,
      ttfbMs: null,
      flow: 'k3j9x2ab.2',
    })
    expect(assemble([noResponse])[0]).toMatchObject({ errorType: 'first_byte_timeout', phase: 'response' })
  })

  it('a usage limit is reported once per flow, as an event or as the outcome', () => {
    const out = assemble(
      flow(testFact('limit', { data: EXCEEDED }), testFact('limit', { data: EXCEEDED }), testFact('end')),
    )
    expect(out.map((o) => o.kind)).toEqual(['usage_limit', 'success'])
    expect(out[0]?.resetsAt).toBe(1785069600000)
    const limit429 = JSON.stringify({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: JSON.stringify({ type: 'exceeded_limit', resetsAt: 1785069600 }),
      },
    })
    const twice = flow(
      testFact('limit', { data: EXCEEDED, flow: 'k3j9x2ab.2' }),
      testFact('response', { status: 429, body: limit429, flow: 'k3j9x2ab.2' }),
    )
    expect(assemble(twice).map((o) => o.kind)).toEqual(['usage_limit'])
  })

  it('a limit frame within its limits is informational', () => {
    const within = JSON.stringify({ type: 'message_limit', message_limit: { type: 'within_limit' } })
    expect(assemble([testFact('limit', { data: within })])).toEqual([])
  })

  it('after Stop any end is aborted, a usage limit stays a usage limit', () => {
    expect(assemble([testFact('end', { complete: false, stopped: true })])[0]?.kind).toBe('aborted')
    expect(assemble([testFact('broken', { stopped: true, flow: 'k3j9x2ab.2' })])[0]?.kind).toBe('aborted')
    const limit = testFact('limit', { data: EXCEEDED, stopped: true, flow: 'k3j9x2ab.3' })
    expect(assemble([limit])[0]?.kind).toBe('usage_limit')
  })

  it('ends without message_stop: cut short is a stall; an unknown format is not judged; stop_reason error fails', () => {
    const cut = testFact('end', { complete: false, sawStart: true })
    expect(assemble([cut])[0]).toMatchObject({ kind: 'stall', errorType: 'stream_interrupted' })
    const unknownFormat = testFact('end', { complete: false, sawStart: false, flow: 'k3j9x2ab.2' })
    expect(assemble([unknownFormat])[0]?.kind).toBe('success')
    const nothing = testFact('end', { complete: false, sawEvent: false, sawStart: false, flow: 'k3j9x2ab.3' })
    expect(assemble([nothing])[0]?.kind).toBe('stall')
    const error = testFact('end', { complete: false, stopReason: 'error', flow: 'k3j9x2ab.4' })
    expect(assemble([error])[0]).toMatchObject({ kind: 'server_error', errorType: 'stop_reason_error' })
  })

  it('a broken stream: offline or a TypeError is the network, an abort is aborted, anything else an interrupted stall', () => {
    expect(assemble([testFact('broken', { online: false })])[0]?.kind).toBe('network')
    const aborted = testFact('broken', { name: 'AbortError', flow: 'k3j9x2ab.2' })
    expect(assemble([aborted])[0]?.kind).toBe('aborted')
    expect(assemble([testFact('broken', { flow: 'k3j9x2ab.3' })])[0]?.kind).toBe('network')
    const cut = testFact('broken', { name: 'Error', message: 'connection reset', flow: 'k3j9x2ab.4' })
    expect(assemble([cut])[0]).toMatchObject({
      kind: 'stall',
      errorType: 'stream_interrupted',
    })
  })

  it('one terminal observation per flow, whatever else arrives for it', () => {
    const out = assemble(
      flow(testFact('stream_error'), testFact('end'), testFact('stall'), testFact('first_byte')),
    )
    expect(out.map((o) => o.kind)).toEqual(['overloaded'])
  })

  it('slow: a first byte far above this page’s median, only after 5 samples', () => {
    const assembler = createObservationAssembler({ now: () => TEST_AT })
    const firstByte = (n: number, ttfbMs: number) => testFact('first_byte', { ttfbMs, flow: `k3j9x2ab.${n}` })
    for (let n = 0; n < 5; n++) expect(assemble([firstByte(n, 1000)], assembler)).toEqual([])
    expect(assemble([firstByte(5, 12_000)], assembler)).toEqual([
      expect.objectContaining({ kind: 'slow', ttfbMs: 12_000, phase: 'stream' }),
    ])
  })

  it('timings are clamped to 0 … a day', () => {
    const o = assemble([testFact('end', { ttfbMs: -5, durationMs: 200_000_000 })])[0]
    expect([o?.ttfbMs, o?.durationMs]).toEqual([0, 86_400_000])
  })
})

describe('other endpoints report only their failures', () => {
  const other = (patch: Partial<Fact>) => testFact('response', { endpoint: 'other', model: null, ...patch })

  it('an org request that failed with 401 is auth; one that succeeded (forged) is nothing', () => {
    expect(
      assemble([testFact('response', { endpoint: 'organization', status: 401, body: '' })])[0]?.kind,
    ).toBe('auth')
    const ok = testFact('response', { endpoint: 'organization', status: 200, body: '', flow: 'k3j9x2ab.2' })
    expect(assemble([ok])).toEqual([])
  })

  it('telemetry (other): a 5xx is reported, a 4xx or a rejection is not', () => {
    expect(assemble([other({ status: 502, body: 'bad gateway' })])[0]?.kind).toBe('gateway')
    expect(assemble([other({ status: 403, body: '', flow: 'k3j9x2ab.2' })])).toEqual([])
    const blocked = testFact('rejected', { endpoint: 'other', flow: 'k3j9x2ab.3' })
    expect(assemble([blocked])).toEqual([])
  })

  it('a failed call of /api/challenge_redirect is a challenge (it was dropped as telemetry before)', () => {
    expect(
      assemble([other({ status: 403, body: '<html>Just a moment...</html>', challenge: true })])[0],
    ).toMatchObject({
      kind: 'challenge',
      endpoint: 'other',
      status: 403,
    })
  })

  it('a rejection of a non-completion is reported unless it was an abort', () => {
    expect(assemble([testFact('rejected', { endpoint: 'conversation' })])[0]?.kind).toBe('network')
    const aborted = testFact('rejected', { endpoint: 'conversation', name: 'AbortError', flow: 'k3j9x2ab.2' })
    expect(assemble([aborted])).toEqual([])
  })

  it('completion_status is_error: its code and detail decide, else a server error', () => {
    const status = testFact('completion_status', { endpoint: 'completion_status', model: null })
    expect(assemble([status])[0]).toMatchObject({ kind: 'overloaded', errorType: 'overloaded_error' })
    const bare = testFact('completion_status', {
      endpoint: 'completion_status',
      errorCode: null,
      errorDetail: null,
      flow: 'k3j9x2ab.2',
    })
    expect(assemble([bare])[0]?.kind).toBe('server_error')
  })
})

describe('bounds: a page can forge facts', () => {
  it('remembers at most MAX_FLOWS flows, the least recently seen going first', () => {
    const assembler = createObservationAssembler({ now: () => TEST_AT })
    // A flow whose terminal fact was seen stays closed while it is remembered…
    assemble([testFact('end', { flow: 'k3j9x2ab.0' })], assembler)
    expect(assemble([testFact('end', { flow: 'k3j9x2ab.0' }, 1)], assembler)).toEqual([])
    for (let n = 1; n <= 2 * MAX_FLOWS; n++)
      assemble([testFact('first_byte', { flow: `k3j9x2ab.${n}` })], assembler)
    expect(assembler.flowCount()).toBe(MAX_FLOWS)
    // …and is forgotten once MAX_FLOWS newer ones came: a fact for it opens a new one.
    expect(assemble([testFact('end', { flow: 'k3j9x2ab.0' }, 2)], assembler)).toHaveLength(1)
    expect(assembler.flowCount()).toBe(MAX_FLOWS)
  })

  it('forgets flows silent for longer than FLOW_MAX_AGE_MS', () => {
    let now = TEST_AT
    const assembler = createObservationAssembler({ now: () => now })
    assemble(
      [testFact('first_byte', { flow: 'k3j9x2ab.1' }), testFact('first_byte', { flow: 'k3j9x2ab.2' })],
      assembler,
    )
    now += FLOW_MAX_AGE_MS + 1
    assemble([testFact('first_byte', { flow: 'k3j9x2ab.3' })], assembler)
    expect(assembler.flowCount()).toBe(1)
  })

  it('a flow in use is never the one evicted to make room', () => {
    const assembler = createObservationAssembler({ now: () => TEST_AT, maxFlows: 2 })
    assemble([testFact('limit', { data: EXCEEDED, flow: 'k3j9x2ab.1' })], assembler)
    assemble([testFact('first_byte', { flow: 'k3j9x2ab.2' })], assembler)
    // The oldest flow is seen again: it keeps its state (its limit was reported), another goes.
    expect(assemble([testFact('limit', { data: EXCEEDED, flow: 'k3j9x2ab.1' }, 1)], assembler)).toEqual([])
    expect(assembler.flowCount()).toBe(2)
  })
})
