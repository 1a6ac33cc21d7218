import { defineManifest } from '@crxjs/vite-plugin'
import pkg from './package.json' with { type: 'json' }

const browser = process.env.TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome'
const statusBase = new URL(process.env.VITE_STATUS_BASE ?? 'https://status.claude.com')
// Host patterns never carry a port: Firefox ignores such patterns (toolchain.md pitfall 8).
const statusHost = `${statusBase.protocol}//${statusBase.hostname}/*`

export default defineManifest({
  manifest_version: 3,
  name: '__MSG_extName__',
  short_name: '__MSG_extShortName__',
  description: '__MSG_extDescription__',
  default_locale: 'en',
  version: pkg.version,
  icons: {
    16: 'icons/icon-16.png',
    32: 'icons/icon-32.png',
    48: 'icons/icon-48.png',
    128: 'icons/icon-128.png',
  },
  action: {
    default_popup: 'src/popup/index.html',
    default_title: '__MSG_extName__',
    default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' },
  },
  options_ui: { page: 'src/options/index.html', open_in_tab: true },
  background:
    browser === 'firefox'
      ? { scripts: ['src/background/index.ts'], type: 'module' }
      : { service_worker: 'src/background/index.ts', type: 'module' },
  permissions: ['alarms', 'storage', 'notifications'],
  host_permissions: [statusHost],
  content_scripts: [
    {
      matches: ['https://claude.ai/*'],
      js: ['src/content/main-world.ts'],
      run_at: 'document_start',
      world: 'MAIN',
    },
    {
      matches: ['https://claude.ai/*'],
      js: ['src/content/isolated.tsx'],
      run_at: 'document_start',
    },
  ],
  // 111: the first Chrome with MAIN-world content scripts (`world` above; an older one would run the
  // observer in the isolated world, where it sees none of the page's requests). The content scripts'
  // promise-based chrome.* calls need 99 (platform/content-browser.ts).
  ...(browser === 'chrome' ? { minimum_chrome_version: '111' } : {}),
  ...(browser === 'firefox'
    ? {
        browser_specific_settings: {
          gecko: {
            id: 'is-claude-down@isclaudedown.dev',
            strict_min_version: '142.0',
            data_collection_permissions: { required: ['none'], optional: ['technicalAndInteraction'] },
          },
        },
      }
    : {}),
})
