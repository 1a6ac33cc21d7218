// Readers for untrusted JSON values (response bodies, stream events, org objects), shared by the
// page script's modules and the classifier so each bundle carries one copy.
import { TOKEN_MAX } from './facts.ts'

export type Json = Record<string, unknown>

/** A plain object, or null (arrays, null and primitives are not). */
export function obj(v: unknown): Json | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null
}

/** A string cut to `max` chars; null for anything else. */
export function clip(v: unknown, max = TOKEN_MAX): string | null {
  return typeof v === 'string' ? v.slice(0, max) : null
}
