// Every background method any other context can call, with who may call it and how its arguments
// are validated. The runtime listener in index.ts only dispatches here (conventions.md §7).
import type { Runtime } from 'webextension-polyfill'
import browser from '../platform/browser.ts'
import { ObservationSchema } from '../shared/core/observe/observation.ts'
import { PlanFactsSchema } from '../shared/core/observe/plan-schema.ts'
import { z } from '../shared/core/zod.ts'
import { MESSAGE_CHANNEL } from '../shared/messaging.ts'
import { crowdStatus, markActive, maybeAutoReport, previewReport, reportManually } from './crowd-client.ts'
import { recordAccount, recordObservation } from './page-events.ts'
import { tick, watchResolution } from './status-controller.ts'

/** The envelope every caller's message travels in (messaging.ts builds it). */
export const EnvelopeSchema = z.object({
  channel: z.literal(MESSAGE_CHANNEL),
  method: z.string().check(z.maxLength(64)),
  args: z.array(z.unknown()).check(z.maxLength(4)),
})

/**
 * Extension pages (popup, options — also when opened in a tab) — never content scripts, whose
 * sender URL is the web page's.
 */
export function fromExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL(''))
}

/** Our own content script running in a claude.ai tab. */
export function fromClaudeTab(sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id || !sender.tab) return false
  try {
    return new URL(sender.url ?? '').origin === 'https://claude.ai'
  } catch {
    return false
  }
}

interface MethodSpec<A extends unknown[], R> {
  allow: (sender: Runtime.MessageSender) => boolean
  args: z.ZodMiniType<A>
  handle: (...args: A) => Promise<R>
}

function method<A extends unknown[], R>(spec: MethodSpec<A, R>): MethodSpec<A, R> {
  return spec
}

export const backgroundHandlers = {
  /** Popup "Refresh": poll now, whatever the schedule says. */
  refreshStatus: method({
    allow: fromExtensionPage,
    args: z.tuple([]),
    handle: async () => {
      await tick({ force: true })
      return true
    },
  }),
  /** "Notify me when this is resolved" (popup incident detail, or the banner). */
  notifyWhenResolved: method({
    allow: (sender) => fromExtensionPage(sender) || fromClaudeTab(sender),
    args: z.tuple([z.string().check(z.regex(/^[a-z0-9]{4,64}$/i))]),
    handle: (incidentId) => watchResolution(incidentId),
  }),
  /** An observation from the claude.ai page, already validated by the page inbox (and again here). */
  reportObservation: method({
    allow: fromClaudeTab,
    args: z.tuple([ObservationSchema]),
    handle: async (observation) => {
      const recorded = await recordObservation(observation)
      if (recorded) await maybeAutoReport()
      return recorded
    },
  }),
  /** The popup's "Report a problem" (crowd reports must be on). */
  reportProblem: method({
    allow: fromExtensionPage,
    args: z.tuple([]),
    handle: () => reportManually(),
  }),
  /** The exact payload a report would carry now, for the opt-in explanation. */
  previewCrowdReport: method({
    allow: fromExtensionPage,
    args: z.tuple([]),
    handle: () => previewReport(),
  }),
  /** The popup or the banner is showing: read the crowd summary every minute for a while. */
  crowdActive: method({
    allow: (sender) => fromExtensionPage(sender) || fromClaudeTab(sender),
    args: z.tuple([]),
    handle: async () => {
      await markActive()
      return true
    },
  }),
  /** Last crowd request outcome, for the settings page. */
  crowdStatus: method({
    allow: fromExtensionPage,
    args: z.tuple([]),
    handle: () => crowdStatus(),
  }),
  /**
   * What the page learnt of the user's plan (whitelisted org fields by per-page alias, bootstrap
   * flags, the model catalogue), already validated by the page inbox (and again here). The tier is
   * decided here, not in the page, and only the tier and the plan's models are stored.
   */
  reportAccount: method({
    allow: fromClaudeTab,
    args: z.tuple([PlanFactsSchema]),
    handle: async (plan) => {
      await recordAccount(plan)
      return true
    },
  }),
}

export type BackgroundHandlers = typeof backgroundHandlers

export function isEnvelope(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { channel?: unknown }).channel === MESSAGE_CHANNEL
  )
}

/** The runtime.onMessage listener body. Unknown, unauthorised or malformed calls are refused. */
export async function dispatch(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const envelope = EnvelopeSchema.safeParse(message)
  if (!envelope.success || envelope.data.channel !== MESSAGE_CHANNEL) return undefined
  const { method: name, args } = envelope.data
  if (!Object.hasOwn(backgroundHandlers, name)) throw new Error(`unknown method ${name}`)
  const spec = backgroundHandlers[name as keyof BackgroundHandlers] as MethodSpec<unknown[], unknown>
  if (!spec.allow(sender)) throw new Error(`${name}: sender not allowed`)
  const parsed = spec.args.safeParse(args)
  if (!parsed.success) throw new Error(`${name}: invalid arguments`)
  return spec.handle(...parsed.data)
}
