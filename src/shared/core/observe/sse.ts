// A buffered Server-Sent Events parser (WHATWG HTML §9.2.6 "event stream interpretation").
//
// Why buffered: network chunks cut anywhere — inside a line, inside `\r\n`, inside a multi-byte
// UTF-8 character. Splitting each chunk on its own is the bug class that broke a popular usage
// extension (claude-web.md §8), so bytes go through one streaming TextDecoder and partial lines
// are carried to the next chunk.
//
// Why the `keep` filter: claude.ai streams the reply as `content_block_delta` events. We must read
// them (an unread tee branch buffers without limit) but must never retain them. With `keep`, the
// data lines of unwanted events are dropped as they are split off — they never join a buffer —
// and the event is still reported (with `data: null`) so the caller sees activity.

export interface SseEvent {
  /** The `event:` field, or 'message' (the SSE default) when absent. */
  event: string
  /** The joined `data:` lines; null when the event was filtered out by `keep` or was oversized. */
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
  /** End of stream: flushes the decoder. Per the spec an event without its blank line is dropped. */
  end(): SseEvent[]
  /** Characters currently held (partial line + kept data): what "never retained" is measured by. */
  buffered(): number
}

/** Large enough for any metadata event (message_start, message_limit, error are < 4 KB). */
const DEFAULT_MAX_EVENT_CHARS = 256 * 1024

export function createSseParser(options: SseParserOptions = {}): SseParser {
  const keep = options.keep ?? (() => true)
  const maxChars = options.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS
  const decoder = new TextDecoder('utf-8')
  let skippingLine = false
  // A `\r` ended the last chunk: if the next chunk starts with `\n`, that `\n` is the same break.
  let pendingCR = false
  let eventName = ''
  let data: string[] = []
  let dataChars = 0
  let hasData = false
  let dropped = false

  function reset(): void {
    eventName = ''
    data = []
    dataChars = 0
    hasData = false
    dropped = false
  }

  function currentName(): string {
    return eventName || 'message'
  }

  function line(text: string, out: SseEvent[]): void {
    if (text === '') {
      // Blank line: dispatch. The spec dispatches only when a data field was seen.
      if (hasData) out.push({ event: currentName(), data: dropped ? null : data.join('\n') })
      reset()
      return
    }
    if (text.charCodeAt(0) === 58 /* ':' */) return // comment
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    let value = colon < 0 ? '' : text.slice(colon + 1)
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1)
    if (field === 'event') {
      eventName = value
      if (!keep(currentName())) {
        dropped = true
        data = []
        dataChars = 0
      }
    } else if (field === 'data') {
      hasData = true
      // The name is known once `event:` has come (claude.ai sends it first). If a data line comes
      // before any `event:`, it is kept provisionally and dropped once the name says so.
      if (dropped || (eventName && !keep(eventName))) {
        dropped = true
        data = []
        dataChars = 0
        return
      }
      dataChars += value.length + 1
      if (dataChars > maxChars) {
        dropped = true
        data = []
        dataChars = 0
        return
      }
      data.push(value)
    }
    // `id:` and `retry:` are not used by claude.ai; unknown fields are ignored per the spec.
  }

  /** Whether the line being assembled can be discarded as it arrives (its event is dropped). */
  function discardable(): boolean {
    return dropped || (eventName !== '' && !keep(eventName))
  }

  // Bytes of the current, unfinished line (only for lines we may keep).
  let partial: Uint8Array[] = []
  let partialBytes = 0

  /** "data" followed by ":" or the end of the line (`complete`: the bytes are the whole line). */
  function isDataLine(bytes: Uint8Array, complete: boolean): boolean {
    if (bytes.length < 4 || bytes[0] !== 100 || bytes[1] !== 97 || bytes[2] !== 116 || bytes[3] !== 97)
      return false
    return bytes.length === 4 ? complete : bytes[4] === 58
  }

  function lineBytes(bytes: Uint8Array, out: SseEvent[]): void {
    // The hot path: a data line of an event we do not keep (reply text) is never decoded.
    if (discardable() && isDataLine(bytes, true)) line('data', out)
    else line(bytes.length ? decoder.decode(bytes) : '', out)
  }

  function joined(rest: Uint8Array): Uint8Array {
    if (!partial.length) return rest
    const all = new Uint8Array(partialBytes + rest.length)
    let at = 0
    for (const p of partial) {
      all.set(p, at)
      at += p.length
    }
    all.set(rest, at)
    return all
  }

  // LF and CR bytes never occur inside a multi-byte UTF-8 sequence, so lines can be split on bytes
  // and each complete line decoded on its own.
  function feed(chunk: Uint8Array, out: SseEvent[]): void {
    let start = 0
    if (pendingCR) {
      pendingCR = false
      if (chunk[0] === 10) start = 1
    }
    // Line ends are found with native scans (indexOf), not a byte-by-byte loop in JS: this runs on
    // the page's main thread for every chunk of every reply. CR is rare (claude.ai sends LF), so its
    // position is looked up once and only again after it has been passed.
    let nextCR = chunk.indexOf(13, start)
    for (let i = start; i < chunk.length; i++) {
      const lf = chunk.indexOf(10, i)
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf(13, i)
      i = lf === -1 ? nextCR : nextCR === -1 ? lf : Math.min(lf, nextCR)
      if (i === -1) break
      const c = chunk[i]
      if (skippingLine) {
        // A long line of a dropped event: its content was never kept; only its end matters.
        skippingLine = false
        line('data', out)
      } else {
        lineBytes(joined(chunk.subarray(start, i)), out)
      }
      partial = []
      partialBytes = 0
      if (c === 13) {
        if (i + 1 === chunk.length) pendingCR = true
        else if (chunk[i + 1] === 10) i++
      }
      start = i + 1
    }
    if (start < chunk.length && !skippingLine) {
      const rest = chunk.subarray(start)
      // A partial `data:` line of an event we do not keep is not retained across chunks: we only
      // remember that a data line is in progress. This is what keeps reply text out of memory.
      // Five bytes decide it ("data:"); fewer wait for the next chunk.
      if (
        discardable() &&
        partialBytes + rest.length >= 5 &&
        isDataLine(joined(rest).subarray(0, 5), false)
      ) {
        partial = []
        partialBytes = 0
        skippingLine = true
        return
      }
      if (partialBytes + rest.length > maxChars) {
        partial = []
        partialBytes = 0
        skippingLine = true
        dropped = true
        return
      }
      // Copied: the caller may reuse the chunk's buffer.
      partial.push(rest.slice())
      partialBytes += rest.length
    }
  }

  return {
    push(chunk) {
      const out: SseEvent[] = []
      feed(chunk, out)
      return out
    },
    end() {
      // An unterminated last line is discarded, as the spec does with an unfinished event.
      partial = []
      partialBytes = 0
      skippingLine = false
      pendingCR = false
      reset()
      return []
    },
    buffered: () => partialBytes + dataChars,
  }
}
