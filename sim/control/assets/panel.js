// The control panel's script (same-origin: the panel has the same no-inline-script CSP).
;(() => {
  const $ = (id) => document.getElementById(id)

  async function post(action, body) {
    const res = await fetch(`/__sim/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const data = await res.json()
    if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`)
    return data
  }

  function buttons(container, names, onClick) {
    container.replaceChildren(
      ...names.map((name) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.textContent = name
        b.dataset.name = name
        b.addEventListener('click', () => onClick(name).then(render, showError))
        return b
      }),
    )
  }

  function press(container, active) {
    for (const b of container.querySelectorAll('button'))
      b.setAttribute('aria-pressed', String(b.dataset.name === active))
  }

  function render(state) {
    press($('scenarios'), state.status.scenario)
    press($('modes'), state.claude.mode.mode)
    press($('tiers'), state.claude.tier)
    $('state').textContent = JSON.stringify(
      {
        statusScenario: state.status.scenario,
        statusRequests: state.status.requests,
        completionMode: state.claude.mode,
        queued: state.claude.queue,
        tier: state.claude.tier,
        completions: state.claude.completions,
      },
      null,
      2,
    )
  }

  function showError(err) {
    $('state').textContent = `Error: ${err.message}`
  }

  fetch('/__sim/api/state')
    .then((r) => r.json())
    .then((state) => {
      buttons($('scenarios'), state.status.scenarios, (scenario) => post('status-scenario', { scenario }))
      buttons($('modes'), state.claude.modes, (mode) =>
        post('completion-mode', $('once').checked ? { queue: [mode] } : { mode }),
      )
      buttons($('tiers'), state.claude.tiers, (tier) => post('tier', { tier }))
      $('reset').addEventListener('click', () => post('reset-stats', {}).then(render, showError))
      render(state)
      // Keep the counters fresh while the demo runs.
      setInterval(() => {
        fetch('/__sim/api/state')
          .then((r) => r.json())
          .then(render, () => {})
      }, 2000)
    }, showError)
})()
