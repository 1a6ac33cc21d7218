// The simulated claude.ai page's network layer. Same-origin (the page CSP allows no inline
// script). It calls the endpoints the real web app calls, in the same way — fetch with
// credentials, JSON bodies, an SSE completion read through a stream reader — so a page hook
// sees realistic traffic. Tests drive it through window.simApp (see sim/README.md).
;(() => {
  const ROOT_PARENT = '00000000-0000-4000-8000-000000000000' // the parent uuid of a new chat's first message
  const html = document.documentElement
  const $ = (sel) => document.querySelector(sel)
  const input = $('[data-testid="chat-input"]')
  const form = $('[data-testid="composer"]')
  const sendButton = $('button[type="submit"]')
  const selector = $('[data-testid="model-selector-dropdown"]')
  const replyEl = $('[data-testid="reply"]')
  const errorEl = $('[data-testid="sim-error"]')

  const state = {
    org: null,
    models: [],
    model: null,
    conv: location.pathname.startsWith('/chat/') ? decodeURIComponent(location.pathname.slice(6)) : null,
    parent: null,
    controller: null,
    lastRaw: '',
    lastDigest: '',
    lastResult: null,
  }
  const deviceId = crypto.randomUUID()
  const clientHeaders = {
    'anthropic-client-platform': 'web_claude_ai',
    'anthropic-client-version': '1.0.0-sim',
    'anthropic-device-id': deviceId,
  }

  async function getJson(url) {
    const res = await fetch(url, { credentials: 'include', headers: clientHeaders })
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    return res.json()
  }

  const ready = (async () => {
    const orgs = await getJson('/api/organizations')
    const org = orgs.find((o) => o.capabilities?.includes('chat')) ?? orgs[0]
    state.org = org.uuid
    const [full, boot] = await Promise.all([
      getJson(`/api/organizations/${org.uuid}`),
      getJson(
        `/edge-api/bootstrap/${org.uuid}/app_start?statsig_hashing_algorithm=djb2&growthbook_format=sdk`,
      ),
    ])
    state.models = boot.model_selector_config?.models ?? []
    setModel(state.model ?? boot.model_selector_config?.default_model ?? state.models[0]?.model)
    html.dataset.simCapabilities = (full.capabilities ?? []).join(',')
    html.dataset.simReady = 'true'
  })().catch((err) => {
    html.dataset.simReady = 'error'
    showError(`Could not load the app: ${err.message}`)
  })

  function setModel(id) {
    state.model = id
    selector.textContent = state.models.find((m) => m.model === id)?.name ?? id
  }

  function showError(text) {
    errorEl.textContent = text
    errorEl.hidden = !text
  }

  /** A human message for a non-2xx body; the real app's wording where it is known (errors.json). */
  function describeError(status, text) {
    let body = null
    try {
      body = JSON.parse(text)
    } catch {
      return `Error ${status}: ${text.slice(0, 200)}`
    }
    const message = body?.error?.message ?? ''
    if (status === 429) {
      try {
        const limit = JSON.parse(message)
        if (limit.type === 'exceeded_limit') {
          const at = new Date(limit.resetsAt * 1000).toLocaleTimeString([], {
            hour: 'numeric',
            minute: '2-digit',
          })
          return `You’ve hit your limit for Claude messages. Limits will reset at ${at}.`
        }
      } catch {}
    }
    return `Error ${status}: ${message || text.slice(0, 200)}`
  }

  /** Splits SSE text into frames; returns [frames, leftover]. Handles frames split across chunks. */
  function takeFrames(buffer) {
    const frames = []
    const parts = buffer.split(/\r?\n\r?\n/)
    const rest = parts.pop() ?? ''
    for (const part of parts) {
      let event = 'message'
      const data = []
      for (const line of part.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      frames.push({ event, data: data.join('\n') })
    }
    return [frames, rest]
  }

  async function digest(bytes) {
    const hash = await crypto.subtle.digest('SHA-256', bytes)
    return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')
  }

  function concat(chunks, total) {
    const all = new Uint8Array(total)
    let offset = 0
    for (const c of chunks) {
      all.set(c, offset)
      offset += c.length
    }
    return all
  }

  function setStreaming(on) {
    replyEl.dataset.isStreaming = String(on)
    sendButton.setAttribute('aria-label', on ? 'Stop response' : 'Send message')
    sendButton.textContent = on ? 'Stop' : 'Send'
  }

  /**
   * Sends one message (or a retry) and reads the whole response.
   * Resolves {status, bytes, error?, events, stopReason} when the response ends, fails or is stopped.
   */
  async function send(opts = {}) {
    await ready
    if (state.controller) throw new Error('a reply is already streaming; call simApp.stop() first')
    if (opts.model) setModel(opts.model)
    const isNew = !state.conv
    if (isNew) state.conv = crypto.randomUUID()
    const retry = Boolean(opts.retry)
    const body = {
      prompt: retry ? '' : (opts.prompt ?? 'Hello, Claude'),
      parent_message_uuid: state.parent ?? ROOT_PARENT,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: navigator.language || 'en-US',
      model: state.model,
      rendering_mode: 'messages',
      attachments: [],
      files: [],
      // Fresh per send, as in 2026 captures. It also makes every send's bytes unique, which the
      // simulator relies on to tell Chromium's silent resend (after network-reset) from a new send.
      turn_message_uuids: {
        human_message_uuid: crypto.randomUUID(),
        assistant_message_uuid: crypto.randomUUID(),
      },
    }
    // Since 2026 a new chat is created inline by its first completion (claude-web.md §1).
    if (isNew && !retry)
      body.create_conversation_params = { name: '', model: state.model, is_temporary: false }
    if (isNew) history.pushState(null, '', `/chat/${state.conv}${location.search}`)

    const url = `/api/organizations/${state.org}/chat_conversations/${state.conv}/${retry ? 'retry_completion' : 'completion'}`
    const controller = new AbortController()
    state.controller = controller
    replyEl.textContent = ''
    showError('')
    setStreaming(true)

    const chunks = []
    let total = 0
    const events = []
    let stopReason = null
    let status = 0
    let error
    try {
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'include',
        headers: { ...clientHeaders, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(body),
        signal: controller.signal,
      })
      status = res.status
      const isSse = (res.headers.get('content-type') ?? '').includes('text/event-stream')
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      let buffer = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
        total += value.length
        if (!isSse) continue
        let frames
        ;[frames, buffer] = takeFrames(buffer + decoder.decode(value, { stream: true }))
        for (const f of frames) {
          events.push(f.event)
          let data = null
          try {
            data = JSON.parse(f.data)
          } catch {}
          if (f.event === 'message_start' && data?.message?.uuid) state.parent = data.message.uuid
          if (f.event === 'content_block_delta' && data?.delta?.type === 'text_delta') {
            replyEl.textContent += data.delta.text
          }
          if (f.event === 'message_delta') stopReason = data?.delta?.stop_reason ?? null
          if (f.event === 'error') showError(`Error: ${data?.error?.message ?? 'stream error'}`)
          if (f.event === 'message_limit' && data?.message_limit?.type === 'exceeded_limit') {
            showError('You’ve hit your limit for Claude messages.')
          }
        }
      }
      if (!res.ok) showError(describeError(status, new TextDecoder().decode(concat(chunks, total))))
      else if (stopReason === 'error') showError('Claude’s response was interrupted.')
    } catch (err) {
      error = `${err.name}: ${err.message}`
      if (err.name !== 'AbortError') {
        showError(
          'Claude’s response was interrupted. Please check your network connection or contact support if the issue persists.',
        )
      }
    } finally {
      state.controller = null
      setStreaming(false)
    }
    const bytes = concat(chunks, total)
    state.lastRaw = new TextDecoder().decode(bytes)
    state.lastDigest = await digest(bytes)
    const result = { status, bytes: total, events, stopReason }
    if (error) result.error = error
    state.lastResult = result
    html.dataset.simLastStatus = String(status)
    return result
  }

  /** The user pressing Stop: abort the fetch and tell the server, as the real app does. */
  function stop() {
    if (!state.controller) return false
    state.controller.abort()
    fetch(`/api/organizations/${state.org}/chat_conversations/${state.conv}/stop_response`, {
      method: 'POST',
      credentials: 'include',
      headers: clientHeaders,
    }).catch(() => {})
    return true
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault()
    if (state.controller) {
      stop()
      return
    }
    const prompt = input.value.trim()
    if (!prompt) return
    input.value = ''
    send({ prompt }).catch((err) => showError(String(err)))
  })
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault()
      form.requestSubmit()
    }
  })
  selector.addEventListener('click', () => {
    // A real dropdown is not needed here: each click selects the next model in the catalog.
    const i = state.models.findIndex((m) => m.model === state.model)
    const next = state.models[(i + 1) % Math.max(1, state.models.length)]
    if (next) setModel(next.model)
  })

  window.simApp = {
    send,
    stop,
    setModel,
    /** Resolves once the org and bootstrap calls are done. */
    ready,
    get model() {
      return state.model
    },
    get conversation() {
      return state.conv
    },
    /** The exact response body of the last send, decoded as UTF-8. */
    get lastRaw() {
      return state.lastRaw
    },
    /** SHA-256 (hex) of the exact response bytes of the last send. */
    get lastDigest() {
      return state.lastDigest
    },
    get lastResult() {
      return state.lastResult
    },
    get streaming() {
      return state.controller !== null
    },
  }
})()
