import { describe, expect, it } from 'vitest'
import { tk } from '../platform/i18n.ts'
import { crowdErrorText } from './crowd-error.ts'

describe('the crowd client’s last problem, in words', () => {
  it.each([
    ['timeout', /did not answer in time/],
    ['network', /could not be reached \(offline/],
    ['invalid', /not a crowd summary/],
    ['http_503', /HTTP 503/],
    // Stored before 0.4.0 as English text.
    ['HTTP 429', /HTTP 429/],
    ['timed out', /^it could not be reached\.$/],
    ['<b>anything</b>', /^it could not be reached\.$/],
  ])('%s', (code, text) => {
    expect(crowdErrorText(code, tk)).toMatch(text)
  })
})
