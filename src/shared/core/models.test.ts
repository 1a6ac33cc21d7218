import { describe, expect, it } from 'vitest'
import { normaliseVersion, parseModelId } from './models.ts'

describe('parseModelId', () => {
  it.each([
    ['claude-sonnet-5', { family: 'sonnet', version: '5' }],
    ['claude-opus-4-8', { family: 'opus', version: '4.8' }],
    ['claude-opus-4-5-20251101', { family: 'opus', version: '4.5' }],
    ['claude-haiku-4-5-20251001', { family: 'haiku', version: '4.5' }],
    ['claude-3-5-sonnet-20240620', { family: 'sonnet', version: '3.5' }],
    ['claude-3-opus-20240229', { family: 'opus', version: '3' }],
    ['claude-instant-1.2', { family: 'instant', version: '1.2' }],
    ['claude-instant-v1.1', { family: 'instant', version: '1.1' }],
    ['claude-v1.0', { family: 'claude', version: '1' }],
    ['claude-1.3', { family: 'claude', version: '1.3' }],
    ['claude-2.1', { family: 'claude', version: '2.1' }],
    // A family no list knows must still come out as itself.
    ['claude-fable-5', { family: 'fable', version: '5' }],
    ['claude-quill-6-1', { family: 'quill', version: '6.1' }],
    ['claude-sonnet-4-0', { family: 'sonnet', version: '4' }],
  ])('%s', (id, expected) => {
    expect(parseModelId(id)).toEqual(expected)
  })

  it.each(['', 'gpt-4o', 'claude', 'claude-<script>', 'claude-a-b-c'])('rejects %j', (id) => {
    expect(parseModelId(id)).toBeNull()
  })

  it('normalises versions', () => {
    expect(normaliseVersion('4.0')).toBe('4')
    expect(normaliseVersion('3-5')).toBe('3.5')
    expect(normaliseVersion('x')).toBeNull()
  })
})
