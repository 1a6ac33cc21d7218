// Every claude.ai DOM anchor we rely on, in one place (conventions.md §9): when the app changes,
// the fix is here. Each alternative says which UI it matches.
export const CLAUDE_THEME = {
  darkMarkers: [
    // 2025–26: <html class="dark">
    (el: Element) => el.classList.contains('dark'),
    // data-theme / data-mode attributes seen on the app shell
    (el: Element) => el.getAttribute('data-theme') === 'dark' || el.getAttribute('data-mode') === 'dark',
  ],
  lightMarkers: [
    (el: Element) => el.classList.contains('light'),
    (el: Element) => el.getAttribute('data-theme') === 'light' || el.getAttribute('data-mode') === 'light',
  ],
}
