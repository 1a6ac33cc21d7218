// One valid observation for tests, so each test file states only what matters to it.
import type { Observation } from '../../src/shared/core/observe/observation.ts'

/** Observation `n` of flow `abcd.<n>`: a completion that failed with a 500, unless `patch` says otherwise. */
export function testObservation(n: number, patch: Partial<Observation> = {}): Observation {
  return {
    id: `abcd.${n}.0`,
    flow: `abcd.${n}`,
    kind: 'server_error',
    endpoint: 'completion',
    transport: 'fetch',
    status: 500,
    errorType: null,
    model: { family: 'sonnet', version: '4.5' },
    servedModel: null,
    requestId: null,
    resetsAt: null,
    ttfbMs: 100,
    durationMs: 200,
    online: true,
    at: 0,
    phase: 'response',
    ...patch,
  }
}
