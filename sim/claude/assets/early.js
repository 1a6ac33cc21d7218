// Loaded by /early as a parser-blocking <head> script: it calls fetch synchronously while the
// document is still being parsed, before DOMContentLoaded and before any deferred script. An
// extension's document_start hook must already be in place to see this request.
;(() => {
  const html = document.documentElement
  const org = document.querySelector('meta[name="sim-org"]')?.content
  const conv = crypto.randomUUID()
  html.dataset.simEarlyFired = String(document.readyState) // "loading" proves parse time
  const request = fetch(`/api/organizations/${org}/chat_conversations/${conv}/completion`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({
      prompt: 'early',
      parent_message_uuid: '00000000-0000-4000-8000-000000000000',
      timezone: 'UTC',
      locale: 'en-US',
      model: 'claude-sonnet-4-5-20250929',
      rendering_mode: 'messages',
      attachments: [],
      files: [],
    }),
  })
  window.simEarly = request
    .then(async (res) => {
      const bytes = new Uint8Array(await res.arrayBuffer())
      return { status: res.status, bytes: bytes.length, text: new TextDecoder().decode(bytes) }
    })
    .catch((err) => ({ status: 0, bytes: 0, text: '', error: `${err.name}: ${err.message}` }))
    .then((result) => {
      html.dataset.simEarlyStatus = String(result.status)
      return result
    })
})()
