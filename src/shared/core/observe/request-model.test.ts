import { describe, expect, it } from 'vitest'
import {
  MAX_BODY_CHARS,
  modelFromDisplayName,
  modelFromId,
  modelFromRequestBody,
  sameModel,
} from './request-model.ts'

const PROMPT = 'Ignore this: {"model":"claude-haiku-1-0"} and "model": "claude-opus-9"'

describe('modelFromRequestBody', () => {
  it('reads body.model (a 2026 completion body), never anything else', () => {
    const body = JSON.stringify({
      prompt: PROMPT,
      parent_message_uuid: '00000000-0000-4000-8000-000000000000',
      timezone: 'Europe/Berlin',
      locale: 'en-US',
      model: 'claude-sonnet-5',
      effort: 'medium',
      thinking_mode: 'auto',
      tools: [{ type: 'web_search_v0', name: 'web_search' }],
      attachments: [{ extracted_content: PROMPT }],
      files: [],
      rendering_mode: 'messages',
    })
    expect(modelFromRequestBody(body)).toEqual({ family: 'sonnet', version: '5' })
  })

  it('falls back to create_conversation_params.model when model is omitted', () => {
    const body = JSON.stringify({
      prompt: PROMPT,
      create_conversation_params: { name: '', model: 'claude-opus-4-8' },
    })
    expect(modelFromRequestBody(body)).toEqual({ family: 'opus', version: '4.8' })
  })

  it('no model field → null, even when the prompt mentions models', () => {
    expect(modelFromRequestBody(JSON.stringify({ prompt: PROMPT }))).toBeNull()
  })

  it.each([
    ['not a string', { model: 'claude-opus-4-8' }],
    ['not JSON', 'model=claude-opus-4-8'],
    ['broken JSON', '{"model":"claude-opus-4-8"'],
    ['not a Claude id', '{"model":"gpt-5"}'],
    [
      'too large to parse on the main thread',
      `{"model":"claude-opus-4-8","prompt":"${'x'.repeat(MAX_BODY_CHARS)}"}`,
    ],
  ])('%s → null', (_n, body) => {
    expect(modelFromRequestBody(body)).toBeNull()
  })
})

describe('modelFromDisplayName (model selector text)', () => {
  it.each([
    ['Claude Sonnet 4.5', { family: 'sonnet', version: '4.5' }],
    ['Opus 4.8', { family: 'opus', version: '4.8' }],
    ['  Fable 5\n Extended thinking ', { family: 'fable', version: '5' }],
    ['Haiku', { family: 'haiku', version: null }],
    ['Claude Quill 6.1', { family: 'quill', version: '6.1' }],
  ])('%j', (text, ref) => {
    expect(modelFromDisplayName(text)).toEqual(ref)
  })

  it.each([null, '', 'Choose a model for this chat', '42'])('%j → null', (text) => {
    expect(modelFromDisplayName(text)).toBeNull()
  })
})

describe('modelFromId / sameModel', () => {
  it('the served id ("" allowed) and date-suffixed ids compare equal to their family+version', () => {
    expect(modelFromId('')).toBeNull()
    expect(sameModel(modelFromId('claude-sonnet-4-5-20250929'), modelFromId('claude-sonnet-4-5'))).toBe(true)
    expect(sameModel(modelFromId('claude-sonnet-4-5'), modelFromId('claude-opus-4-5'))).toBe(false)
    expect(sameModel(null, null)).toBe(false)
  })
})
