// Facts → observations, in the isolated content script. The MAIN-world observer posts raw,
// whitelisted facts (facts.ts) and decides nothing; this module holds the per-request ("flow")
// state and the rules it used to apply in the page:
//   - every terminal fact yields at most one observation, once per flow; after the user pressed
//     Stop any end is 'aborted' (a usage limit stays a usage limit);
//   - a usage limit is reported once per flow, whether it came as a `message_limit` event or as
//     the flow's outcome;
//   - the requested model comes from the body (outranks the stream) or the selector (a guess the
//     stream's `message_start` model replaces); the served model is kept only when it differs;
//   - "slow" is a first byte far above this page's own median (latency.ts);
//   - non-completion endpoints report only their failures, 'other' ones only server-side failures
//     (telemetry 4xx and ad-blocked telemetry are noise).
// The classification itself is classify.ts. An observation takes the id of the fact it came from.
//
// The page can forge facts, so the per-flow state is bounded: at most `maxFlows` flows, least
// recently seen first out, and none kept longer than `maxAgeMs`. A forged fact can only yield
// observations the inbox bounds in number. No browser imports: pure and unit-tested.
import type { ModelRef } from '../models.ts'
import {
  type Classification,
  classifyCompletionStatus,
  classifyFetchRejection,
  classifyHttp,
  classifyStopReason,
  classifyStreamError,
  limitOfEvent,
  requestIdOf,
} from './classify.ts'
import { isCompletion } from './endpoints.ts'
import type { Fact } from './facts.ts'
import { createLatencyTracker } from './latency.ts'
import type { Observation } from './observation.ts'
import { modelFromId, modelFromRequested, sameModel } from './request-model.ts'
import { type ObservationKind, type Phase, SYNTHETIC_ERROR_TYPES as SYN } from './vocab.ts'

/** Requests in flight at once on one page are a handful; more is a page forging flows. */
export const MAX_FLOWS = 64
/** No reply runs for half an hour; a flow silent that long is forgotten. */
export const FLOW_MAX_AGE_MS = 30 * 60_000
/** ttfbMs / durationMs are clamped to 0 … one day. */
const MAX_MS = 86_400_000

interface FlowState {
  /** The requested model: body, else stream, else selector. */
  model: ModelRef | null
  modelFromBody: boolean
  /** The model the stream says served the reply, when it differs from `model`. */
  served: ModelRef | null
  requestId: string | null
  limitReported: boolean
  /** The flow's terminal fact was seen: nothing more comes of it. */
  done: boolean
  seenAt: number
}

type Outcome = Pick<Classification, 'kind'> & Partial<Classification>

const SUCCESS: Outcome = { kind: 'success' }
const INTERRUPTED: Outcome = { kind: 'stall', errorType: SYN.streamInterrupted }

export interface AssemblerOptions {
  maxFlows?: number
  maxAgeMs?: number
  now?: () => number
}

export interface ObservationAssembler {
  /** One validated fact; the observation it yields, if any. */
  add(fact: Fact): Observation | null
  /** How many flows are remembered now (bounded by `maxFlows`). */
  flowCount(): number
}

const ms = (v: number | null): number | null =>
  v === null ? null : Math.min(MAX_MS, Math.max(0, Math.round(v)))

/** Non-completion endpoints report only their failures; 'other' only server-side ones. */
function reportable(fact: Fact, c: Classification | null): c is Classification {
  if (!c || c.kind === 'success') return false
  if (fact.endpoint !== 'other') return true
  return (
    c.kind === 'server_error' || c.kind === 'overloaded' || c.kind === 'gateway' || c.kind === 'challenge'
  )
}

function rejectionOf(fact: Fact & { fact: 'broken' | 'rejected' }) {
  return {
    name: fact.name,
    message: fact.message,
    online: fact.online,
    signalAborted: fact.signalAborted,
    userStopped: fact.stopped,
  }
}

export function createObservationAssembler(options: AssemblerOptions = {}): ObservationAssembler {
  const maxFlows = options.maxFlows ?? MAX_FLOWS
  const maxAgeMs = options.maxAgeMs ?? FLOW_MAX_AGE_MS
  const now = options.now ?? Date.now
  const latency = createLatencyTracker()
  /** Insertion order = least recently seen first. */
  const flows = new Map<string, FlowState>()

  function flowOf(fact: Fact): FlowState {
    const t = now()
    let state = flows.get(fact.flow)
    flows.delete(fact.flow)
    // Room for this flow: the least recently seen go first, and any that has been silent too long.
    for (const [id, oldest] of flows) {
      if (flows.size < maxFlows && oldest.seenAt >= t - maxAgeMs) break
      flows.delete(id)
    }
    if (!state) {
      const { model, fromBody } = modelFromRequested(fact.model)
      state = {
        model,
        modelFromBody: fromBody,
        served: null,
        requestId: null,
        limitReported: false,
        done: false,
        seenAt: t,
      }
    }
    state.seenAt = t
    flows.set(fact.flow, state)
    return state
  }

  function emit(
    flow: FlowState,
    fact: Fact,
    kind: ObservationKind,
    c: Partial<Classification>,
    phase: Phase,
  ): Observation {
    const status = fact.status !== null && fact.status >= 100 && fact.status <= 599 ? fact.status : null
    return {
      id: fact.id,
      flow: fact.flow,
      kind,
      endpoint: fact.endpoint,
      transport: fact.transport,
      status,
      errorType: c.errorType ?? null,
      model: flow.model,
      servedModel: flow.served,
      requestId: c.requestId ?? flow.requestId,
      resetsAt: c.resetsAt ?? null,
      ttfbMs: ms(fact.ttfbMs),
      durationMs: ms(fact.durationMs),
      online: fact.online,
      at: fact.at,
      phase,
    }
  }

  /** The one terminal observation of a flow. After the user pressed Stop, any end is 'aborted'. */
  function finish(flow: FlowState, fact: Fact, c: Outcome | null, phase: Phase): Observation | null {
    flow.done = true
    if (!c || (c.kind === 'usage_limit' && flow.limitReported)) return null
    if (fact.stopped && c.kind !== 'usage_limit') return emit(flow, fact, 'aborted', {}, phase)
    return emit(flow, fact, c.kind, c, phase)
  }

  function onResponse(flow: FlowState, fact: Fact & { fact: 'response' }): Observation | null {
    const completion = isCompletion(fact.endpoint)
    const html = /html/i.test(fact.contentType ?? '')
    const status = fact.status ?? 0
    if (completion && status < 400 && !html && !fact.challenge) return finish(flow, fact, SUCCESS, 'response')
    const c = classifyHttp({
      status,
      contentType: fact.contentType,
      bodyText: fact.body,
      endpoint: fact.endpoint,
      requestIdHeader: fact.requestId,
      resetHeader: fact.reset,
      cfMitigated: fact.cfMitigated,
      challengeUrl: fact.challenge,
    })
    if (completion) return finish(flow, fact, c, 'response')
    flow.done = true
    return reportable(fact, c) ? emit(flow, fact, c.kind, c, 'response') : null
  }

  function onEnd(flow: FlowState, fact: Fact & { fact: 'end' }): Observation | null {
    if (fact.complete) return finish(flow, fact, SUCCESS, 'stream')
    const failure = classifyStopReason(fact.stopReason)
    if (failure) return finish(flow, fact, failure, 'stream')
    // No message_stop: cut short. A stream in a format we do not know (events but no
    // message_start) is not judged.
    const cut = !fact.sawEvent || fact.sawStart
    return finish(flow, fact, fact.stopped || !cut ? SUCCESS : INTERRUPTED, 'stream')
  }

  function onFact(flow: FlowState, fact: Fact): Observation | null {
    switch (fact.fact) {
      case 'first_byte': {
        // Only completions have a "normal" first-byte time worth a baseline.
        if (!isCompletion(fact.endpoint) || fact.ttfbMs === null) return null
        const slow = latency.isSlow(fact.ttfbMs)
        latency.record(fact.ttfbMs)
        return slow ? emit(flow, fact, 'slow', {}, 'stream') : null
      }
      case 'stall':
        return emit(
          flow,
          fact,
          'stall',
          { errorType: fact.stall === 'idle' ? SYN.streamIdle : SYN.firstByteTimeout },
          fact.status === null ? 'response' : 'stream',
        )
      case 'limit': {
        const limit = limitOfEvent(fact.data)
        if (limit.state !== 'exceeded' || flow.limitReported) return null
        flow.limitReported = true
        return emit(flow, fact, 'usage_limit', { resetsAt: limit.resetsAt }, 'stream')
      }
      case 'stream_error':
        return finish(flow, fact, classifyStreamError(fact.data), 'stream')
      case 'end':
        return onEnd(flow, fact)
      case 'broken': {
        // The body broke mid-stream. Aborted by the page or the user: not a failure. Offline: the
        // network. Otherwise the connection was cut — neutral 'stall' (interrupted), to be confirmed.
        const c = classifyFetchRejection(rejectionOf(fact))
        return finish(flow, fact, c?.kind === 'aborted' || c?.kind === 'network' ? c : INTERRUPTED, 'stream')
      }
      case 'rejected': {
        const c = classifyFetchRejection(rejectionOf(fact))
        // Only completions report aborts; and 'other' calls (telemetry) are blocked by ad blockers
        // with the same TypeError as a dead network, so their rejections say nothing.
        if (isCompletion(fact.endpoint)) return finish(flow, fact, c, 'response')
        flow.done = true
        return c && c.kind !== 'aborted' && fact.endpoint !== 'other'
          ? emit(flow, fact, c.kind, c, 'response')
          : null
      }
      case 'response':
        return onResponse(flow, fact)
      case 'completion_status': {
        const c = classifyCompletionStatus({
          is_error: true,
          error_code: fact.errorCode,
          error_detail: fact.errorDetail,
        })
        return c ? emit(flow, fact, c.kind, c, 'response') : null
      }
    }
  }

  return {
    add(fact) {
      const flow = flowOf(fact)
      if (flow.done) return null
      flow.requestId = requestIdOf(fact.requestId) ?? flow.requestId
      // The body names what was asked for; the stream what served it (fallbacks). A model read
      // from the selector is only a guess, so the stream's answer replaces it.
      const served = modelFromId(fact.servedModel)
      if (served && !sameModel(served, flow.model)) {
        if (flow.modelFromBody) flow.served = served
        else flow.model = served
      }
      return onFact(flow, fact)
    },
    flowCount: () => flows.size,
  }
}
