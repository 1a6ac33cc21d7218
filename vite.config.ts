import { crx } from '@crxjs/vite-plugin'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'
import manifest from './manifest.config.ts'

const browser = process.env.TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome'

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest,
      browser,
      // Both content scripts as self-contained IIFEs: no async loader, no import(), nothing
      // web-accessible to claude.ai; the MAIN-world hook installs synchronously at document_start
      // (the default loader misses the page's first requests, toolchain.md pitfall 1).
      contentScripts: { standaloneFiles: ['src/content/main-world.ts', 'src/content/isolated.tsx'] },
    }),
  ],
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  build: { emptyOutDir: true, sourcemap: false, target: 'es2022' },
})
