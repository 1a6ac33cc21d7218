import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ReporterHasher } from './reporter-hash.ts'

const SECRET = 'a-test-secret-of-sufficient-length'
const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyz'
const NOON = Date.UTC(2026, 2, 3, 12)

describe('ReporterHasher', () => {
  it('is stable within a UTC day and unrelated across days', () => {
    const h = new ReporterHasher(SECRET)
    const morning = h.hash(TOKEN, Date.UTC(2026, 2, 3, 0, 0, 1))
    expect(h.hash(TOKEN, Date.UTC(2026, 2, 3, 23, 59, 59))).toBe(morning)
    expect(h.hash(TOKEN, Date.UTC(2026, 2, 4, 0, 0, 0))).not.toBe(morning)
    expect(h.hash(`${TOKEN}x`, NOON)).not.toBe(h.hash(TOKEN, NOON))
  })

  it('matches the documented construction (so other tools can reproduce it)', () => {
    const salt = createHmac('sha256', SECRET).update('reporter-salt/v2/2026-03-03').digest('base64url')
    const expected = createHash('sha256').update(`${salt}/${TOKEN}`).digest('base64url').slice(0, 22)
    expect(new ReporterHasher(SECRET).hash(TOKEN, NOON)).toBe(expected)
  })

  it('depends on the secret, and never contains the token', () => {
    const a = new ReporterHasher(SECRET).hash(TOKEN, NOON)
    const b = new ReporterHasher(`${SECRET}2`).hash(TOKEN, NOON)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(TOKEN).not.toContain(a.slice(0, 8))
  })

  it('refuses a trivially short secret', () => {
    expect(() => new ReporterHasher('short')).toThrow(/at least 16/)
  })
})
