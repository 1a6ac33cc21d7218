// The verdict engine: official state + this browser's observations + the crowd → one answer to
// "is it me, or is it Claude?" (architecture.md, the verdict table). Pure and deterministic: the
// isolated content script runs it on every new observation (no wait for the worker), the popup runs
// it on stored data, and the unit tests run it case by case.

import {
  AUTH_ALARM_MIN_FAILURES,
  isNeutral,
  isServerSideFailure,
  LOCAL_ALARM_MIN_FAILURES,
  LOCAL_WINDOW_MS,
  recentObservations,
  trailingRun,
} from '../failures.ts'
import { type Msg, msg, msgAt } from '../message.ts'
import { type ModelRef, modelLabel } from '../models.ts'
import type { Observation, Tier } from '../observe/observation.ts'
import type {
  Advice,
  Attribution,
  CrowdView,
  OfficialIncidentView,
  ScopeTier,
  Verdict,
  VerdictInput,
  VerdictLevel,
} from './types.ts'

/** A usage limit without a stated reset time is assumed over after this (the 5-hour window). */
export const USAGE_LIMIT_DEFAULT_MS = 5 * 60 * 60_000

/** A crowd picture older than this says nothing about now (the client reads it every 1–5 min). */
export const CROWD_MAX_AGE_MS = 15 * 60_000

const PAID_TIERS: ReadonlySet<Tier> = new Set(['pro', 'max', 'team', 'enterprise'])

function latestModel(list: readonly Observation[]): ModelRef | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!.model
    if (m) return m
  }
  return null
}

function sameModel(scope: ModelRef, user: ModelRef): boolean {
  if (scope.family !== user.family) return false
  return scope.version === null || user.version === null || scope.version === user.version
}

function modelInScope(incident: OfficialIncidentView, user: ModelRef | null): boolean | null {
  if (incident.allModels) return true
  const named = incident.modelsNow ?? incident.models
  if (!named.length) return null
  if (!user) return null
  return named.some((m) => sameModel(m, user))
}

function tierInScope(tiers: readonly ScopeTier[], user: Tier): boolean | null {
  if (!tiers.length) return null
  if (user === 'unknown') return null
  return tiers.includes(user as ScopeTier) || (tiers.includes('paid') && PAID_TIERS.has(user))
}

function incidentLevel(incident: OfficialIncidentView, claudeAiStatus: string | null): VerdictLevel {
  if (claudeAiStatus === 'major_outage' || claudeAiStatus === 'partial_outage') return 'outage'
  if (incident.impact === 'major' || incident.impact === 'critical') return 'outage'
  return 'degraded'
}

const FAMILY_LIST = (models: readonly ModelRef[]) => [...new Set(models.map((m) => m.family))]

/** A model the user can switch to that the incident does not name. Never one in scope. */
export function suggestModel(
  incident: OfficialIncidentView | null,
  user: ModelRef | null,
  available: readonly ModelRef[],
  succeeded: readonly ModelRef[],
): ModelRef | null {
  if (incident?.allModels) return null
  const affected = incident ? (incident.modelsNow ?? incident.models) : user ? [user] : []
  if (!affected.length) return null
  const inScope = (m: ModelRef) =>
    affected.some((a) => sameModel(a, m)) || (user !== null && m.family === user.family)
  const candidates = [...succeeded, ...available].filter((m) => !inScope(m))
  return candidates[0] ?? null
}

function sinceOf(iso: string | null): number | null {
  const t = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(t) ? t : null
}

const API_ID = 'k8w3r06qmzrp'
const CODE_ID = 'yyzkbfz2thpt'

function surfaceAdvice(incident: OfficialIncidentView): Advice[] {
  const unaffected = new Set(incident.surfacesUnaffected)
  if (!incident.componentIds.includes(API_ID)) unaffected.add('api')
  if (!incident.componentIds.includes(CODE_ID)) unaffected.add('claude-code')
  const api = unaffected.has('api')
  const code = unaffected.has('claude-code')
  const key =
    api && code
      ? 'adviceOtherSurfaceBoth'
      : api
        ? 'adviceOtherSurfaceApi'
        : code
          ? 'adviceOtherSurfaceCode'
          : null
  return key ? [{ kind: 'other-surface', text: msg(key) }] : []
}

/** Plan names are product names ("Pro"), shown as such in every language. */
const PLAN_NAME: Record<string, string> = {
  free: 'Free',
  pro: 'Pro',
  max: 'Max',
  team: 'Team',
  enterprise: 'Enterprise',
  paid: 'paid',
  unknown: 'unknown',
}
const planNames = (tiers: readonly string[]) => tiers.map((t) => PLAN_NAME[t] ?? t).join(', ')

function base(
  input: VerdictInput,
  failures: number,
  user: ModelRef | null,
): Omit<Verdict, 'level' | 'attribution' | 'visible' | 'headline' | 'key'> {
  return {
    details: [],
    components: [],
    componentNames: [],
    models: [],
    tiers: [],
    userModel: user?.family ?? null,
    userModelVersion: user?.version ?? null,
    userTier: input.account.tier,
    userModelInScope: null,
    userTierInScope: null,
    since: null,
    advice: [],
    estimate: null,
    crowdLine: null,
    localFailures: failures,
  }
}

/** "N people reported errors in the last 15 min[, X× the usual]" (banner, popup); "1 person" for one. */
export function crowdLineMsg(c: Pick<CrowdView, 'reporters15' | 'ratio'>): Msg {
  const subs = c.reporters15 === 1 ? [] : [String(c.reporters15)]
  if (c.ratio !== null && Number.isFinite(c.ratio) && c.ratio >= 1.5)
    // One decimal below 10, none above; never "3.0" (String drops a zero decimal).
    return msg(
      subs.length ? 'crowdLineRatio' : 'crowdLineRatioOne',
      ...subs,
      String(c.ratio >= 10 ? Math.round(c.ratio) : Math.round(c.ratio * 10) / 10),
    )
  return msg(subs.length ? 'crowdLine' : 'crowdLineOne', ...subs)
}

function crowdLine(input: VerdictInput): Msg | null {
  const c = input.crowd
  return c && c.reporters15 > 0 ? crowdLineMsg(c) : null
}

export interface AdviceContext {
  userModel: ModelRef | null
  tier: Tier
  available: readonly ModelRef[]
  /** Models that just worked for this user (the best evidence that switching helps). */
  succeeded: readonly ModelRef[]
  userFailing: boolean
}

/**
 * What the user can do about an open incident, from its scope and their own model and tier: their
 * tier or model is not in scope; or switch to a model that is not named (never one in scope), use
 * a surface that is not listed, wait; and always the incident link.
 */
export function incidentAdvice(incident: OfficialIncidentView, ctx: AdviceContext): Advice[] {
  const inModel = modelInScope(incident, ctx.userModel)
  const inTier = tierInScope(incident.tiers, ctx.tier)
  const advice: Advice[] = []
  if (inTier === false && !ctx.userFailing)
    advice.push({
      kind: 'tier-unaffected',
      text: msg('adviceTierUnaffected', planNames([ctx.tier]), planNames(incident.tiers)),
    })
  else if (inModel === false && !ctx.userFailing && ctx.userModel)
    advice.push({ kind: 'model-unaffected', text: msg('adviceModelUnaffected', modelLabel(ctx.userModel)) })
  else {
    const alternative = suggestModel(incident, ctx.userModel, ctx.available, ctx.succeeded)
    if (alternative && inModel !== false)
      advice.push({ kind: 'switch-model', text: msg('adviceSwitchModel', modelLabel(alternative)) })
    advice.push(...surfaceAdvice(incident))
    advice.push({ kind: 'wait', text: msg('adviceWaitIncident') })
  }
  advice.push({ kind: 'open-incident', text: msg('adviceOpenIncident'), url: incident.url })
  return advice
}

/** What incident advice needs to know about this user, from their recent observations. */
export function adviceContext(input: Pick<VerdictInput, 'now' | 'observations' | 'account'>): AdviceContext {
  const window = recentObservations(input.observations, input.now)
  return contextOf(input, window, trailingRun(window, isServerSideFailure))
}

/** The same, from the window and failure run computeVerdict has already worked out. */
function contextOf(
  input: Pick<VerdictInput, 'observations' | 'account'>,
  window: readonly Observation[],
  failureRun: readonly Observation[],
): AdviceContext {
  return {
    userModel: latestModel(window) ?? latestModel(input.observations),
    tier: input.account.tier,
    available: input.account.availableModels,
    succeeded: window.filter((o) => o.kind === 'success' && o.model).map((o) => o.model!),
    userFailing: failureRun.length > 0,
  }
}

export function computeVerdict(rawInput: VerdictInput): Verdict {
  const crowd =
    rawInput.crowd && rawInput.now - rawInput.crowd.fetchedAt <= CROWD_MAX_AGE_MS ? rawInput.crowd : null
  const input = { ...rawInput, crowd }
  const { now, official } = input
  const window = recentObservations(input.observations, now)
  const failureRun = trailingRun(window, isServerSideFailure)
  const failures = window.filter((o) => isServerSideFailure(o.kind)).length
  const b = base(input, failures, latestModel(input.observations))
  b.crowdLine = crowdLine(input)
  const ctx = contextOf(input, window, failureRun)
  const { userModel, succeeded } = ctx
  const last = [...window].reverse().find((o) => !isNeutral(o.kind)) ?? null

  // 1. The user's own connection: never an outage, never on the badge.
  const networkRun = trailingRun(window, (k) => k === 'network')
  if (input.online === false || (networkRun.length > 0 && last?.kind === 'network')) {
    return {
      ...b,
      level: 'offline',
      attribution: 'network',
      visible: true,
      headline: msg('verdictOffline'),
      details: [msg('verdictOfflineDetail')],
      since: networkRun[0]?.at ?? now,
      advice: [{ kind: 'check-connection', text: msg('adviceCheckConnection') }],
      key: `offline:${networkRun[0]?.at ?? 'now'}`,
    }
  }

  // 2. The user's usage limit: not an outage; say when it resets.
  if (last?.kind === 'usage_limit') {
    const resetsAt = last.resetsAt ?? last.at + USAGE_LIMIT_DEFAULT_MS
    if (resetsAt > now) {
      return {
        ...b,
        level: 'limited',
        attribution: 'usage-limit',
        visible: true,
        headline: msg('verdictLimited'),
        details: [
          last.resetsAt ? msgAt('verdictLimitedResets', resetsAt) : msg('verdictLimitedUnknownReset'),
        ],
        since: last.at,
        advice: [
          {
            kind: 'wait-limit',
            text: last.resetsAt ? msgAt('adviceWaitLimit', resetsAt) : msg('adviceWaitLimitUnknown'),
          },
        ],
        key: `limit:${resetsAt}`,
      }
    }
  }

  // 3. Anthropic says so: an open incident on claude.ai (or a component in trouble).
  const incident = official.fresh ? (official.incidents[0] ?? null) : null
  const componentTrouble =
    official.fresh &&
    official.claudeAiStatus !== null &&
    !['operational', 'under_maintenance', 'unknown'].includes(official.claudeAiStatus)
  if (incident) {
    const inModel = modelInScope(incident, userModel)
    const inTier = tierInScope(incident.tiers, input.account.tier)
    const userFailing = ctx.userFailing
    const excluded = (inTier === false || inModel === false) && !userFailing
    const level = excluded ? 'degraded' : incidentLevel(incident, official.claudeAiStatus)
    const models = FAMILY_LIST(incident.modelsNow ?? incident.models)
    const advice = incidentAdvice(incident, ctx)
    const details: Msg[] = [msg('verdictOfficialTitle', incident.title)]
    if (userFailing)
      details.push(
        failureRun.length === 1
          ? msg('verdictYouAreAffectedOne')
          : msg('verdictYouAreAffected', String(failureRun.length)),
      )
    let headline: Msg
    if (excluded && inTier === false)
      headline = msg('verdictOfficialOtherTier', planNames(incident.tiers), planNames([input.account.tier]))
    else if (excluded && userModel)
      headline = msg(
        'verdictOfficialOtherModel',
        (incident.modelsNow ?? incident.models).map(modelLabel).join(', '),
        modelLabel(userModel),
      )
    else headline = level === 'outage' ? msg('verdictOfficialOutage') : msg('verdictOfficialDegraded')
    return {
      ...b,
      level,
      attribution: 'official',
      visible: true,
      headline,
      details,
      components: incident.componentIds,
      componentNames: incident.componentNames,
      models,
      tiers: [...incident.tiers],
      userModelInScope: inModel,
      userTierInScope: inTier,
      since: sinceOf(incident.startedAt),
      advice,
      // A dismissal holds for the same situation: not when the level changes, or a likely-unaffected
      // user turns out to be affected (their own requests fail). When excluded, the level is degraded.
      key: `official:${incident.id}:${excluded ? 'unaffected' : level}`,
      estimate: incident.estimate,
    }
  }
  if (componentTrouble) {
    const level = official.claudeAiStatus === 'degraded_performance' ? 'degraded' : 'outage'
    return {
      ...b,
      level,
      attribution: 'official',
      visible: true,
      headline: level === 'outage' ? msg('verdictOfficialOutage') : msg('verdictOfficialDegraded'),
      details: [msg('verdictComponentOnly')],
      components: ['rwppv331jlwc'],
      componentNames: ['claude.ai'],
      advice: [{ kind: 'wait', text: msg('adviceWaitIncident') }],
      key: `official-component:${official.claudeAiStatus}`,
    }
  }
  if (official.fresh && official.maintenance) {
    // When it should be over, as the status page scheduled it; an overrun says so.
    const until = Date.parse(official.maintenance.until ?? '')
    const timeFrame = Number.isFinite(until)
      ? [msgAt(until > now ? 'verdictMaintenanceUntil' : 'verdictMaintenanceOverrun', until)]
      : []
    return {
      ...b,
      level: 'maintenance',
      attribution: 'official',
      visible: true,
      headline: msg('verdictMaintenance'),
      details: [msg('verdictOfficialTitle', official.maintenance.title), ...timeFrame],
      components: ['rwppv331jlwc'],
      componentNames: ['claude.ai'],
      advice: [{ kind: 'open-incident', text: msg('adviceOpenIncident'), url: official.maintenance.url }],
      key: `maintenance:${official.maintenance.id}`,
    }
  }

  // Advice about the user's own failures: only the trailing run counts (a success ends it), and
  // no incident names any model, so another model is a suggestion, not "not named as affected".
  const localAdvice: Advice[] = []
  if (failureRun.length) {
    localAdvice.push({ kind: 'retry', text: msg('adviceRetry') })
    const alternative = suggestModel(null, userModel, input.account.availableModels, succeeded)
    if (alternative)
      localAdvice.push({ kind: 'switch-model', text: msg('adviceTryModel', modelLabel(alternative)) })
  }

  // 4. Others see it too, before the status page does.
  if (input.crowd?.anomalous) {
    const userFailing = failureRun.length > 0
    const level = userFailing ? 'outage' : 'degraded'
    return {
      ...b,
      level,
      attribution: 'crowd',
      visible: true,
      headline: userFailing ? msg('verdictCrowdOutage') : msg('verdictCrowdOthers'),
      details: [msg('verdictNotAcknowledged')],
      models: userFailing && userModel ? [userModel.family] : [],
      since: failureRun[0]?.at ?? null,
      advice: localAdvice,
      key: `crowd:${level}:${Math.floor((failureRun[0]?.at ?? now) / LOCAL_WINDOW_MS)}`,
    }
  }

  // 5. Only this browser sees it (so far).
  if (failureRun.length >= LOCAL_ALARM_MIN_FAILURES) {
    return {
      ...b,
      level: 'degraded',
      attribution: 'local',
      visible: true,
      headline: msg('verdictLocal', String(failureRun.length)),
      details: [
        msg('verdictNotAcknowledged'),
        input.crowd ? msg('verdictOnlyYouCrowd') : msg('verdictOnlyYou'),
        ...(official.fresh ? [] : [msg('verdictStatusUnknownToo')]),
      ],
      models: userModel ? [userModel.family] : [],
      since: failureRun[0]!.at,
      advice: [...localAdvice, { kind: 'check-connection', text: msg('adviceCheckExtensions') }],
      key: `local:${failureRun[0]!.at}`,
    }
  }
  const authRun = trailingRun(window, (k) => k === 'auth' || k === 'account')
  if (authRun.length >= AUTH_ALARM_MIN_FAILURES) {
    return {
      ...b,
      level: 'degraded',
      attribution: 'local',
      visible: true,
      headline: msg('verdictAuth'),
      details: [msg('verdictAuthDetail')],
      since: authRun[0]!.at,
      advice: [{ kind: 'check-account', text: msg('adviceLogIn') }],
      key: `auth:${authRun[0]!.at}`,
    }
  }

  // 6. We cannot read the status page: say "unknown", never "all good".
  if (!official.fresh) {
    return {
      ...b,
      level: 'unknown',
      attribution: 'none',
      // Alone this is not worth interrupting anyone; with a failing request (the latest, not one
      // before a success) it is part of the answer.
      visible: failureRun.length > 0,
      headline: msg('verdictUnknown'),
      details: [
        official.fetchedAt === null
          ? msg('detailNeverFetched')
          : { key: 'verdictUnknownDetail', duration: now - official.fetchedAt },
      ],
      advice: localAdvice,
      key: `unknown:${official.health.since}`,
    }
  }

  // 7. All quiet (an isolated error is recorded and shown in the popup, without an alarm).
  return {
    ...b,
    level: 'ok',
    attribution: 'none',
    visible: false,
    // Several errors can end here too, each followed by a success: say how many.
    headline:
      failures > 1
        ? msg('verdictOkWithErrors', String(failures))
        : failures
          ? msg('verdictOkWithBlip')
          : msg('verdictOk'),
    key: 'ok',
  }
}

export type { Attribution, Verdict, VerdictInput, VerdictLevel }
export { isServerSideFailure, LOCAL_ALARM_MIN_FAILURES, LOCAL_WINDOW_MS }
