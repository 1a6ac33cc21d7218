// Follows claude.ai's light/dark theme. The app marks <html> (a `dark` class or data-theme); when
// neither is present we fall back to the page's actual background and then the system preference.
import { CLAUDE_THEME } from './selectors.ts'

export type Theme = 'light' | 'dark'

function luminance(color: string): number | null {
  const m = color.match(/rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/)
  if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return null
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255
}

export function detectTheme(doc: Document = document): Theme {
  const root = doc.documentElement
  if (CLAUDE_THEME.darkMarkers.some((test) => test(root))) return 'dark'
  if (CLAUDE_THEME.lightMarkers.some((test) => test(root))) return 'light'
  const body = doc.body
  const lum = body ? luminance(getComputedStyle(body).backgroundColor) : null
  if (lum !== null) return lum < 0.45 ? 'dark' : 'light'
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/** Calls back now and whenever the theme changes. */
export function observeTheme(onChange: (theme: Theme) => void): void {
  let last: Theme | null = null
  const check = () => {
    const theme = detectTheme()
    if (theme !== last) {
      last = theme
      onChange(theme)
    }
  }
  check()
  const observer = new MutationObserver(check)
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['class', 'data-theme', 'data-mode', 'style'],
  })
  document.addEventListener('DOMContentLoaded', check, { once: true })
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', check)
}
