import { describe, expect, it } from 'vitest'
import { COMPLETION_URL_RE, classifyUrl } from './endpoints.ts'

const BASE = 'https://claude.ai/chat/5b1c7e2a-0000-4000-8000-000000000001'
const ORG = '4fa09e4c-7b6d-405f-9ec0-b0af9e8d7c65'
const CONV = '5b1c7e2a-0000-4000-8000-000000000001'

describe('classifyUrl', () => {
  it.each([
    [`/api/organizations/${ORG}/chat_conversations/${CONV}/completion`, 'completion'],
    [`/edge-api/organizations/${ORG}/chat_conversations/${CONV}/completion`, 'completion'],
    [
      `https://claude.ai/api/organizations/${ORG}/chat_conversations/${CONV}/retry_completion`,
      'retry_completion',
    ],
    [
      `/api/organizations/${ORG}/chat_conversations/${CONV}/completion_status?poll=false`,
      'completion_status',
    ],
    [
      `/api/organizations/${ORG}/chat_conversations/${CONV}?tree=True&rendering_mode=messages&render_all_tools=true`,
      'conversation',
    ],
    [`/api/organizations/${ORG}/chat_conversations`, 'conversation'],
    ['/api/organizations', 'organization'],
    [`/api/organizations/${ORG}`, 'organization'],
    ['/api/bootstrap', 'bootstrap'],
    [`/api/bootstrap/${ORG}/app_start?statsig_hashing_algorithm=djb2`, 'bootstrap'],
    [`/edge-api/bootstrap/${ORG}/app_start?growthbook_format=sdk`, 'bootstrap'],
    [`/api/bootstrap/${ORG}/statsig`, 'bootstrap'],
    ['/api/auth/send_magic_link', 'login'],
    ['/api/auth/verify_google', 'login'],
    [`/api/organizations/${ORG}/usage`, 'other'],
    [`/api/organizations/${ORG}/chat_conversations/${CONV}/model_fallback`, 'other'],
    ['/api/event_logging/v2/batch', 'other'],
    ['/api/account', 'other'],
  ])('%s → %s', (url, endpoint) => {
    expect(classifyUrl(url, BASE)?.endpoint).toBe(endpoint)
  })

  it('agrees with the completion pattern of claude-web.md §1', () => {
    for (const prefix of ['api', 'edge-api'])
      for (const verb of ['completion', 'retry_completion']) {
        const url = `https://claude.ai/${prefix}/organizations/${ORG}/chat_conversations/${CONV}/${verb}`
        expect(COMPLETION_URL_RE.test(url)).toBe(true)
        expect(classifyUrl(url, BASE)?.endpoint).toBe(verb)
      }
    const status = `https://claude.ai/api/organizations/${ORG}/chat_conversations/${CONV}/completion_status`
    expect(COMPLETION_URL_RE.test(status)).toBe(false)
    expect(classifyUrl(status, BASE)?.endpoint).not.toMatch(/^(retry_)?completion$/)
  })

  it('stop_response is flagged (a user Stop, never a failure), with its conversation', () => {
    const c = classifyUrl(`/api/organizations/${ORG}/chat_conversations/${CONV}/stop_response`, BASE)
    expect(c).toMatchObject({ stop: true, conversationId: CONV, orgId: ORG })
    expect(
      classifyUrl(`/api/organizations/${ORG}/chat_conversations/${CONV}/completion`, BASE)?.stop,
    ).toBeFalsy()
  })

  it('the challenge redirect is flagged; the org a call is about is found in its path', () => {
    expect(classifyUrl('/api/challenge_redirect?to=%2Fnew', BASE)?.challenge).toBe(true)
    expect(classifyUrl('/api/challenge_redirect/more', BASE)?.challenge).toBeFalsy()
    expect(classifyUrl('/api/organizations', BASE)?.orgId).toBeUndefined()
    expect(classifyUrl(`/api/organizations/${ORG}`, BASE)).toMatchObject({
      endpoint: 'organization',
      orgId: ORG,
    })
    expect(classifyUrl(`/edge-api/bootstrap/${ORG}/app_start`, BASE)?.orgId).toBe(ORG)
  })

  it('an unknown conversation action is neither an endpoint we know nor a Stop, whatever its name', () => {
    for (const action of ['title', '__proto__', 'constructor', 'hasOwnProperty']) {
      const c = classifyUrl(`/api/organizations/${ORG}/chat_conversations/${CONV}/${action}`, BASE)
      expect(c?.endpoint).toBe('other')
      expect(c?.stop).toBeFalsy()
    }
  })

  it.each([
    'https://example.com/api/organizations',
    'https://claude.ai.evil.com/api/organizations',
    'https://claude.ai/new',
    'https://claude.ai/_next/static/chunks/main.js',
    'https://claude.ai/apiary/organizations',
    'http://[bad',
  ])('not a claude.ai API call: %s', (url) => {
    expect(classifyUrl(url, BASE)).toBeNull()
  })

  it('claude.ai subdomains and the page origin (the local simulator) are observed', () => {
    expect(classifyUrl('https://api.claude.ai/api/organizations', BASE)?.endpoint).toBe('organization')
    expect(classifyUrl('/api/organizations', 'https://127.0.0.1:8443/')?.endpoint).toBe('organization')
  })
})
