// The simulated claude.ai document. Deliberately plain (not a copy of claude.ai's UI): just the
// anchors an extension and its tests look for — a form with a textarea near the bottom, a send
// button, a model selector, a reply area — under a CSP that allows no inline script.
import { escapeHtml } from '../http.ts'
import { MODELS } from './orgs.ts'

export interface AppPageOptions {
  theme: 'light' | 'dark'
  /** `/early`: a parser-blocking <head> script fires a completion before anything else runs. */
  early: boolean
  org: string
  model: string
  /** JSON for `<html data-is-claude-down-test>`: the extension's stall thresholds for tests. */
  testHook?: string | null
}

const STYLE = `
  :root { color-scheme: light; --bg: #faf9f5; --fg: #1f1e1d; --muted: #6b6a66; --panel: #ffffff; --line: #e5e3da; --accent: #c96442; }
  html.dark { color-scheme: dark; --bg: #262624; --fg: #f5f4ef; --muted: #a6a39a; --panel: #30302e; --line: #45443f; --accent: #d97757; }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, sans-serif; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 10px 16px; border-bottom: 1px solid var(--line); }
  header .brand { font-weight: 600; }
  header small { color: var(--muted); font-weight: 400; }
  main { max-width: 760px; margin: 0 auto; padding: 24px 16px 180px; }
  [data-testid="reply"] { white-space: pre-wrap; min-height: 3em; }
  [data-testid="reply"][data-is-streaming="true"]::after { content: "▍"; color: var(--accent); }
  [data-testid="sim-error"] { margin-top: 12px; padding: 10px 12px; border: 1px solid var(--accent); border-radius: 8px; }
  form { position: fixed; left: 0; right: 0; bottom: 0; padding: 12px 16px 20px; background: var(--bg); }
  form .box { max-width: 760px; margin: 0 auto; display: flex; gap: 8px; align-items: flex-end; background: var(--panel); border: 1px solid var(--line); border-radius: 14px; padding: 10px; }
  textarea { flex: 1; resize: none; border: 0; outline: 0; background: transparent; color: inherit; font: inherit; }
  button { font: inherit; color: inherit; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; cursor: pointer; }
  button[type="submit"] { background: var(--accent); color: #fff; border-color: var(--accent); }
`

export function appPage(o: AppPageOptions): string {
  const dark = o.theme === 'dark'
  const modelName = MODELS.find((m) => m.model_id === o.model)?.name ?? o.model
  return `<!DOCTYPE html>
<html lang="en"${dark ? ' class="dark"' : ''} data-theme="${o.theme}"${o.testHook ? ` data-is-claude-down-test="${escapeHtml(o.testHook)}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sim-org" content="${escapeHtml(o.org)}">
<title>Claude (simulated)</title>
${o.early ? '<script src="/early.js"></script>\n' : ''}<style>${STYLE}</style>
<script src="/app.js" defer></script>
</head>
<body>
<header>
  <span class="brand">Claude <small>local simulator</small></span>
  <button type="button" data-testid="model-selector-dropdown" aria-haspopup="listbox">${escapeHtml(modelName)}</button>
</header>
<main>
  <div data-testid="reply" aria-live="polite" data-is-streaming="false"></div>
  <div data-testid="sim-error" hidden></div>
</main>
<form data-testid="composer">
  <div class="box">
    <textarea data-testid="chat-input" rows="3" placeholder="Reply to Claude…" aria-label="Write your prompt to Claude"></textarea>
    <button type="submit" aria-label="Send message">Send</button>
  </div>
</form>
</body>
</html>
`
}
