import { describe, expect, it } from 'vitest'
import { readSharedFixture } from '../../../../test/fixtures.ts'
import { createSseParser, type SseEvent } from './sse.ts'

const enc = new TextEncoder()

/** A claude.ai-shaped reply stream (messages rendering mode), with multi-byte text in the deltas. */
function claudeStream(eol: string): string {
  const frames: [string, unknown][] = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          uuid: 'u1',
          model: 'claude-sonnet-4-5-20250929',
          request_id: 'req_011CZAZLDXQdVKwgHDw6GTiN',
        },
      },
    ],
    [
      'content_block_start',
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'Grüße 👋🏽 日本語 — café' },
      },
    ],
    [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '🧪 ∑ 𝄞' } },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' } }],
    [
      'message_limit',
      {
        type: 'message_limit',
        message_limit: {
          type: 'within_limit',
          windows: { '5h': { status: 'within_limit', resets_at: 1765864800 } },
        },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  ]
  return frames.map(([e, d]) => `event: ${e}${eol}data: ${JSON.stringify(d)}${eol}${eol}`).join('')
}

/** Spec corner cases: comments, multi-line data, no-space values, colon-less fields, data-less events. */
const CORNERS = [
  ': this is a comment',
  'event: alpha',
  'data: line one',
  'data:line two',
  'data',
  'data:  leading space kept after the first',
  '',
  'event: no_data_is_not_dispatched',
  '',
  ':another comment',
  'data: {"type":"message_limit"}',
  'id: 7',
  'retry: 1000',
  'unknownfield: ignored',
  '',
  'event: trailing_without_blank_line',
  'data: dropped at end of stream',
].join('\n')

const CORNERS_EXPECTED: SseEvent[] = [
  { event: 'alpha', data: 'line one\nline two\n\n leading space kept after the first' },
  { event: 'message', data: '{"type":"message_limit"}' },
]

function parseWhole(bytes: Uint8Array, keep?: (e: string) => boolean): SseEvent[] {
  return createSseParser({ keep }).push(bytes)
}

function parseSplit(bytes: Uint8Array, cuts: number[], keep?: (e: string) => boolean): SseEvent[] {
  const p = createSseParser({ keep })
  const out: SseEvent[] = []
  let prev = 0
  for (const cut of [...cuts, bytes.length]) {
    out.push(...p.push(bytes.subarray(prev, cut)))
    prev = cut
  }
  return out
}

const errorsFixture = readSharedFixture('claude-web/errors.json') as {
  examples: { text: string; surface: string }[]
}
const fixtureSse = errorsFixture.examples.filter(
  (e) => e.surface.endsWith('-sse') && e.text.startsWith('event:'),
)

const SAMPLES: Record<string, string> = {
  'claude stream, \\n': claudeStream('\n'),
  'claude stream, \\r\\n': claudeStream('\r\n'),
  'claude stream, \\r': claudeStream('\r'),
  'spec corners': CORNERS,
  ...Object.fromEntries(fixtureSse.map((e, i) => [`fixture sse #${i}`, `${e.text}\n\n`])),
}

describe('createSseParser', () => {
  it('parses a claude.ai stream into its events, in order, with exact data', () => {
    const events = parseWhole(enc.encode(claudeStream('\n')))
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_limit',
      'message_stop',
    ])
    expect(JSON.parse(events[2]?.data ?? '').delta.text).toBe('Grüße 👋🏽 日本語 — café')
  })

  it('handles comments, multi-line data, colon-less fields and drops a trailing unterminated event', () => {
    expect(parseWhole(enc.encode(CORNERS))).toEqual(CORNERS_EXPECTED)
  })

  it('parses the official in-stream error frame from errors.json', () => {
    expect(fixtureSse.length).toBeGreaterThan(0)
    for (const e of fixtureSse) {
      const [event] = parseWhole(enc.encode(`${e.text}\n\n`))
      expect(event?.event).toBe('error')
      expect(JSON.parse(event?.data ?? '').error.type).toBe('overloaded_error')
    }
  })

  it('\\r\\n, \\n and \\r line endings give identical events', () => {
    const lf = parseWhole(enc.encode(claudeStream('\n')))
    expect(parseWhole(enc.encode(claudeStream('\r\n')))).toEqual(lf)
    expect(parseWhole(enc.encode(claudeStream('\r')))).toEqual(lf)
  })

  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: a split at every byte position gives the same events`, () => {
      const bytes = enc.encode(text)
      const whole = parseWhole(bytes)
      expect(whole.length).toBeGreaterThan(0)
      for (let i = 0; i <= bytes.length; i++) expect(parseSplit(bytes, [i])).toEqual(whole)
    })
  }

  it('byte-by-byte and pseudo-random multi-way splits (inside UTF-8 sequences too) give the same events', () => {
    const bytes = enc.encode(claudeStream('\r\n'))
    const whole = parseWhole(bytes)
    const every = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
    expect(parseSplit(bytes, every)).toEqual(whole)
    let seed = 42
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 200; round++) {
      const cuts = [
        ...new Set(
          Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * bytes.length)),
        ),
      ]
      expect(
        parseSplit(
          bytes,
          cuts.sort((a, b) => a - b),
        ),
      ).toEqual(whole)
    }
  })

  it('the split positions really do fall inside multi-byte characters', () => {
    // Guard against a sample that would make the test above vacuous.
    const bytes = enc.encode(claudeStream('\n'))
    expect(bytes.some((b) => b >= 0xf0)).toBe(true) // 4-byte sequences (emoji, 𝄞)
    expect(bytes.some((b) => b >= 0xe0 && b < 0xf0)).toBe(true) // 3-byte (日本語, —)
  })

  it('with a keep filter, dropped events report data null but still appear', () => {
    const keep = (e: string) => e !== 'content_block_delta'
    const events = parseWhole(enc.encode(claudeStream('\n')), keep)
    const deltas = events.filter((e) => e.event === 'content_block_delta')
    expect(deltas).toHaveLength(2)
    expect(deltas.every((e) => e.data === null)).toBe(true)
    expect(events.find((e) => e.event === 'message_start')?.data).toContain('claude-sonnet-4-5')
    for (let i = 0; i <= 300; i += 7) {
      expect(parseSplit(enc.encode(claudeStream('\n')), [i], keep)).toEqual(events)
    }
  })

  it('never retains the text of a dropped event, even when one delta spans many chunks', () => {
    const keep = (e: string) => e !== 'content_block_delta'
    const p = createSseParser({ keep })
    const secret = 'SECRET-REPLY-TEXT '.repeat(20_000) // ~360 KB in one data line
    const stream = enc.encode(
      `event: content_block_delta\ndata: {"delta":{"text":"${secret}"}}\n\nevent: message_stop\ndata: {}\n\n`,
    )
    let maxHeld = 0
    const out: SseEvent[] = []
    for (let i = 0; i < stream.length; i += 1000) {
      out.push(...p.push(stream.subarray(i, i + 1000)))
      maxHeld = Math.max(maxHeld, p.buffered())
    }
    // Held text stays at most one chunk's worth: the line is discarded as it arrives.
    expect(maxHeld).toBeLessThanOrEqual(1000)
    expect(out).toEqual([
      { event: 'content_block_delta', data: null },
      { event: 'message_stop', data: '{}' },
    ])
  })

  it('a kept event above maxEventChars is reported with data null, and parsing continues', () => {
    const p = createSseParser({ maxEventChars: 100 })
    const out = p.push(
      enc.encode(`event: error\ndata: ${'x'.repeat(500)}\n\nevent: message_stop\ndata: {}\n\n`),
    )
    expect(out).toEqual([
      { event: 'error', data: null },
      { event: 'message_stop', data: '{}' },
    ])
  })

  it('an over-long line that is not data (a comment) is dropped without making an event', () => {
    const p = createSseParser({ maxEventChars: 100 })
    const stream = enc.encode(`: ${'c'.repeat(1000)}\n\nevent: message_stop\ndata: {}\n\n`)
    const out: SseEvent[] = []
    for (let i = 0; i < stream.length; i += 64) out.push(...p.push(stream.subarray(i, i + 64)))
    expect(out).toEqual([{ event: 'message_stop', data: '{}' }])
  })

  it('a kept event spanning many chunks is held only until it completes', () => {
    const p = createSseParser()
    const data = JSON.stringify({
      type: 'error',
      error: { type: 'overloaded_error', message: 'x'.repeat(5000) },
    })
    const stream = enc.encode(`event: error\ndata: ${data}\n\n`)
    const out: SseEvent[] = []
    for (let i = 0; i < stream.length; i += 100) out.push(...p.push(stream.subarray(i, i + 100)))
    expect(out).toEqual([{ event: 'error', data }])
    expect(p.buffered()).toBe(0)
  })

  it('a data line before any event line is kept provisionally, then dropped if the name says so', () => {
    const keep = (e: string) => e !== 'content_block_delta'
    const out = parseWhole(enc.encode('data: early\nevent: content_block_delta\n\ndata: kept\n\n'), keep)
    expect(out).toEqual([
      { event: 'content_block_delta', data: null },
      { event: 'message', data: 'kept' },
    ])
  })
})
