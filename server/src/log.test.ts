import { describe, expect, it } from 'vitest'
import { type Logger, throttledLogger } from './log.ts'

describe('throttledLogger', () => {
  it('logs a repeated message once per interval and counts what it dropped', () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = []
    const inner: Logger = { log: (_level, message, fields) => lines.push([message, fields]) }
    let t = 0
    const log = throttledLogger(inner, 10_000, () => t)
    for (let i = 0; i < 5; i++) log.log('error', 'report not stored', { error: 'refused' })
    log.log('warn', 'other', {})
    t = 10_000
    log.log('error', 'report not stored', { error: 'refused' })
    expect(lines).toEqual([
      ['report not stored', { error: 'refused' }],
      ['other', {}],
      ['report not stored', { error: 'refused', suppressed: 4 }],
    ])
  })
})
