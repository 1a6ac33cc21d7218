// Which model a completion is for, without ever touching the prompt (claude-web.md §2).
// The body of a completion holds the prompt and attachments next to `model`; only the two
// whitelisted keys are read, and the parsed body is dropped before `requestedModelId` returns. The
// page script reads the raw id (and the selector text); the isolated script parses both here.
import { type ModelRef, parseModelId } from '../models.ts'
import { MODEL_ID_MAX, type RequestedModel } from './facts.ts'

/**
 * Bodies above this are not parsed: pasted documents can make a completion body megabytes long,
 * and parsing that on the page's main thread would cost the user jank for a field we can also get
 * from the stream (`message_start.message.model`) or the model selector.
 */
export const MAX_BODY_CHARS = 1_000_000

const FAMILY = /^[a-z]{2,20}$/
const VERSION = /^\d{1,4}(\.\d{1,4}){0,3}$/

/** A ModelRef as the wire contract accepts it, or null (so a weird id never invalidates a message). */
export function wireModel(ref: ModelRef | null): ModelRef | null {
  if (!ref || !FAMILY.test(ref.family)) return null
  if (ref.version !== null && !VERSION.test(ref.version)) return { family: ref.family, version: null }
  return { family: ref.family, version: ref.version }
}

/**
 * `body.model`, else `body.create_conversation_params.model`, of a JSON string body: the raw id,
 * unparsed, or null. Used in the page (main-world.ts); nothing else of the body is read.
 */
export function requestedModelId(body: unknown): string | null {
  if (typeof body !== 'string' || body.length > MAX_BODY_CHARS || body[0] !== '{') return null
  try {
    const parsed = JSON.parse(body)
    let id = parsed?.model
    if (typeof id !== 'string' || !id) id = parsed?.create_conversation_params?.model
    return typeof id === 'string' && id && id.length <= MODEL_ID_MAX ? id : null
  } catch {
    return null
  }
}

/** `body.model`, else `body.create_conversation_params.model`, parsed by pattern. */
export function modelFromRequestBody(body: unknown): ModelRef | null {
  return modelFromId(requestedModelId(body))
}

/**
 * The model the page script saw requested, and whether it came from the body: the body's id when
 * it parses, else the model selector's text (a guess).
 */
export function modelFromRequested(requested: RequestedModel | null): {
  model: ModelRef | null
  fromBody: boolean
} {
  const fromBody = modelFromId(requested?.body)
  return fromBody
    ? { model: fromBody, fromBody: true }
    : { model: modelFromDisplayName(requested?.selector), fromBody: false }
}

/** A model id from the stream (`message_start.message.model`, which can be ""). */
export function modelFromId(id: string | null | undefined): ModelRef | null {
  return id && id.length <= MODEL_ID_MAX ? wireModel(parseModelId(id)) : null
}

/**
 * The model selector's text ("Claude Sonnet 4.5", "Opus 4.8", "Fable 5 Extended", "Haiku"): the
 * first word followed by a version, else a lone word. Any word, so new families need no update.
 */
export function modelFromDisplayName(text: string | null | undefined): ModelRef | null {
  if (!text) return null
  const t = text.slice(0, 120).replace(/\s+/g, ' ').trim()
  const re = /\b([A-Za-z]{2,20}) (\d{1,3}(?:\.\d{1,3}){0,2})\b/g
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const word = (m[1] as string).toLowerCase()
    if (word === 'claude') continue
    return wireModel(parseModelId(`claude-${word}-${(m[2] as string).replace(/\./g, '-')}`))
  }
  const lone = /^(?:claude )?([A-Za-z]{2,20})$/i.exec(t)
  return lone ? wireModel(parseModelId(`claude-${(lone[1] as string).toLowerCase()}`)) : null
}

export function sameModel(a: ModelRef | null, b: ModelRef | null): boolean {
  return !!a && !!b && a.family === b.family && a.version === b.version
}
