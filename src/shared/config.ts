// Build-time endpoints. The production build always talks to the real hosts; tests reach a local
// simulator by mapping these host names in Chromium (--host-resolver-rules), never by rebuilding.
export const STATUS_BASE: string = import.meta.env?.VITE_STATUS_BASE ?? 'https://status.claude.com'
export const SUMMARY_URL = `${STATUS_BASE}/api/v2/summary.json`
export const INCIDENTS_URL = `${STATUS_BASE}/api/v2/incidents.json`
/** Default crowd server; a setting can override it (validated, https only except for localhost). */
export const DEFAULT_CROWD_SERVER = 'https://crowd.isclaudedown.dev'
