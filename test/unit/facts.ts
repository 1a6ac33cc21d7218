// Valid page facts for tests (the v2 wire contract, src/shared/core/observe/facts.ts), so each test
// states only what matters to it.
import type {
  Fact,
  FactDetails,
  FactMessage,
  PlanFacts,
  PlanMessage,
} from '../../src/shared/core/observe/facts.ts'

export const TEST_AT = Date.UTC(2026, 8, 24, 12)

type DetailsOf<K extends Fact['fact']> = Omit<Extract<FactDetails, { fact: K }>, 'fact'>

/** The details each kind needs, at their most ordinary. */
const DETAILS: { [K in Fact['fact']]: DetailsOf<K> } = {
  first_byte: {},
  stall: { stall: 'idle' },
  limit: { data: '{"type":"message_limit","message_limit":{"type":"exceeded_limit","resetsAt":1785069600}}' },
  stream_error: { data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' },
  end: { complete: true, sawEvent: true, sawStart: true, stopReason: 'end_turn' },
  response: {
    contentType: 'application/json',
    body: '{"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    reset: null,
    cfMitigated: null,
    challenge: false,
  },
  broken: { name: 'TypeError', message: 'network error', signalAborted: false },
  rejected: { name: 'TypeError', message: 'Failed to fetch', signalAborted: false },
  completion_status: { errorCode: 'overloaded_error', errorDetail: 'Overloaded' },
}

/**
 * Fact `n` of flow `k3j9x2ab.<flow>` (a completion from fetch, the opus 4.8 model asked for in the
 * body), of kind `kind` with that kind's ordinary details, unless `patch` says otherwise.
 */
export function testFact<K extends Fact['fact']>(
  kind: K,
  patch: Partial<Fact> & { flow?: string } = {},
  n = 0,
): Extract<Fact, { fact: K }> {
  const flow = patch.flow ?? 'k3j9x2ab.1'
  return {
    id: `${flow}.${n.toString(36)}`,
    flow,
    fact: kind,
    endpoint: 'completion',
    transport: 'fetch',
    at: TEST_AT,
    status: kind === 'response' ? 500 : kind === 'rejected' || kind === 'stall' ? null : 200,
    ttfbMs: kind === 'rejected' ? null : 300,
    durationMs: 320,
    online: true,
    stopped: false,
    model: { body: 'claude-opus-4-8', selector: null },
    servedModel: null,
    requestId: null,
    ...DETAILS[kind],
    ...patch,
  } as unknown as Extract<Fact, { fact: K }>
}

export function factMessage(fact: Fact): FactMessage {
  return { source: 'is-claude-down', v: 2, type: 'fact', fact }
}

/** The plan facts of one Pro org, the active one, unless `patch` says otherwise. */
export function testPlan(patch: Partial<PlanFacts> = {}): PlanFacts {
  return {
    orgs: [{ capabilities: ['chat', 'claude_pro'], rate_limit_tier: 'default_claude_ai' }],
    active: 0,
    catalog: null,
    cached: false,
    ...patch,
  }
}

export function planMessage(patch: Partial<PlanFacts> = {}): PlanMessage {
  return { source: 'is-claude-down', v: 2, type: 'plan', ...testPlan(patch) }
}
