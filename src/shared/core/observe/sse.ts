// A buffered Server-Sent Events parser (WHATWG HTML §9.2.6 "event stream interpretation"), run by
// the MAIN-world observer on its clone of every reply stream.
//
// Why buffered: network chunks cut anywhere — inside a line, inside `\r\n`, inside a multi-byte
// UTF-8 character. Splitting each chunk on its own is the bug class that broke a popular usage
// extension (claude-web.md §8), so bytes go through one streaming TextDecoder and the unfinished
// last line is carried to the next chunk; a `\r\n` split across two chunks is one line break.
//
// Why the `keep` filter: claude.ai streams the reply as `content_block_delta` events. We must read
// them (an unread tee branch buffers without limit) but never retain them. The data lines of an
// event we do not keep are dropped as they are split off; one still unfinished at the end of a
// chunk is not carried either — only the fact that a data line is in progress is. The event is
// still reported (with `data: null`) so the caller sees activity.
//
// Why strings and not bytes: this parser replaced a byte-level one that never decoded reply text.
// On a 5,000-event reply both cost the same on the page's main thread (~2 ms in V8, whatever the
// chunk size: decoding and splitting are native), and this one is 400 B smaller in the MAIN-world
// bundle, whose budget is 5 KB. Each chunk is split on its own (never the carried line again), so
// a long line costs linear time however many chunks it spans.

export interface SseEvent {
  /** The `event:` field, or 'message' (the SSE default) when absent. */
  event: string
  /**
   * The joined `data:` lines; null when the event is not kept or its data was larger than
   * `maxEventChars`. An unnamed event keeps its data: its payload's `type` may name it.
   */
  data: string | null
}

export interface SseParserOptions {
  /** Whether to keep the data of an event with this name. Default: keep everything. */
  keep?: (event: string) => boolean
  /** Data of a single kept event larger than this is dropped (data: null). Default 256 KiB. */
  maxEventChars?: number
}

export interface SseParser {
  /** Feeds one chunk; returns the events completed by it (possibly none). */
  push(chunk: Uint8Array): SseEvent[]
  /** Characters held now (the unfinished line and kept data): what "never retained" is measured by. */
  buffered(): number
}

/** Large enough for any metadata event (message_start, message_limit, error are < 4 KB). */
const DEFAULT_MAX_EVENT_CHARS = 256 * 1024
const LINE_BREAK = /\r\n|\r|\n/

/** Feed it chunks; it returns the events each chunk completed. An unterminated last event is dropped. */
export function createSseParser(options: SseParserOptions = {}): SseParser {
  const keep = options.keep ?? (() => true)
  const maxChars = options.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS
  const decoder = new TextDecoder()
  /** The unfinished last line, carried to the next chunk. */
  let partial = ''
  /** The unfinished line is being dropped as it arrives (a data line we will not keep, or over-long). */
  let discarding = false
  let discardingData = false
  /** The last chunk ended in `\r`: a `\n` starting the next one belongs to the same line break. */
  let pendingCR = false
  let name = ''
  /** The current event's data lines; null once they are not to be kept. */
  let data: string[] | null = []
  let dataChars = 0
  let hasData = false

  /** One data line; null for a line that was dropped as it arrived. */
  function dataLine(value: string | null): void {
    hasData = true
    dataChars += (value?.length ?? 0) + 1
    if (value === null || !data || dataChars > maxChars) data = null
    else data.push(value)
  }

  function line(text: string, out: SseEvent[]): void {
    if (!text) {
      // Blank line: dispatch. The spec dispatches only when a data field was seen.
      if (hasData) out.push({ event: name || 'message', data: data ? data.join('\n') : null })
      name = ''
      data = []
      dataChars = 0
      hasData = false
      return
    }
    const colon = text.indexOf(':')
    // A leading ':' is a comment (field ''); `id:` and `retry:` are not used by claude.ai.
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(text[colon + 1] === ' ' ? colon + 2 : colon + 1)
    if (field === 'event') {
      name = value
      // claude.ai sends `event:` first; data that came before a name is dropped once the name says so.
      if (!keep(name || 'message')) data = null
    } else if (field === 'data') dataLine(value)
  }

  return {
    push(chunk) {
      const out: SseEvent[] = []
      const raw = decoder.decode(chunk, { stream: true })
      const text = pendingCR && raw[0] === '\n' ? raw.slice(1) : raw
      if (raw) pendingCR = raw.endsWith('\r')
      const lines = text.split(LINE_BREAK)
      const rest = lines.pop() as string
      lines.forEach((complete, i) => {
        if (i > 0) line(complete, out)
        else if (!discarding) line(partial + complete, out)
        else {
          // The end of a line that was dropped as it arrived.
          if (discardingData) dataLine(null)
          discarding = false
        }
      })
      if (lines.length) partial = ''
      if (discarding) return out
      partial += rest
      const dataInProgress = partial.startsWith('data:')
      if (dataInProgress ? !data || dataChars + partial.length > maxChars : partial.length > maxChars) {
        partial = ''
        discarding = true
        discardingData = dataInProgress
      }
      return out
    },
    buffered: () => partial.length + (data ? dataChars : 0),
  }
}
