import { describe, expect, it } from 'vitest'
import { addressKey, resolveClientAddress } from './client-address.ts'

const headers = (h: Record<string, string>) => (name: string) => h[name]

describe('resolveClientAddress', () => {
  it('ignores proxy headers unless one is configured', () => {
    const cfg = { trustedProxyHeader: null, trustedProxyHops: 1 }
    expect(resolveClientAddress(headers({ 'x-forwarded-for': '9.9.9.9' }), '10.0.0.1', cfg)).toBe('10.0.0.1')
  })

  it('takes the entry appended by the trusted proxy, not the client-supplied left part', () => {
    const cfg = { trustedProxyHeader: 'x-forwarded-for', trustedProxyHops: 1 }
    const h = headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' })
    expect(resolveClientAddress(h, '10.0.0.1', cfg)).toBe('203.0.113.7')
    expect(resolveClientAddress(h, '10.0.0.1', { ...cfg, trustedProxyHops: 2 })).toBe('6.6.6.6')
    // More hops than entries: the leftmost is the best there is.
    expect(resolveClientAddress(h, '10.0.0.1', { ...cfg, trustedProxyHops: 5 })).toBe('6.6.6.6')
  })

  it('falls back to the socket when the configured header is missing', () => {
    const cfg = { trustedProxyHeader: 'cf-connecting-ip', trustedProxyHops: 1 }
    expect(resolveClientAddress(headers({}), '::ffff:192.0.2.1', cfg)).toBe('192.0.2.1')
    expect(resolveClientAddress(headers({}), undefined, cfg)).toBe('unknown')
  })
})

describe('addressKey', () => {
  it('normalises IPv4 forms', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1')
    expect(addressKey('192.0.2.1:4431')).toBe('192.0.2.1')
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1')
  })

  it('groups IPv6 by /64', () => {
    const a = addressKey('2001:db8:1:2:aaaa::1')
    expect(a).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(a)
    expect(addressKey('[2001:db8:1:2::9]:443')).toBe(a)
    expect(addressKey('2001:db8:1:3::1')).not.toBe(a)
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })

  it('bounds junk from a misconfigured header', () => {
    expect(addressKey('x'.repeat(500))).toHaveLength(65)
  })
})
