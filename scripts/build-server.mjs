// Bundles the crowd server for production: plain JavaScript that `node` runs with no TypeScript
// loader. Without tsx in between, ingest runs 13–30 % faster (its keepNames wrapper runs on every
// closure created per request; measured side by side, see bench/server.ts).
//
// Dependencies stay external (resolved from node_modules at run time: better-sqlite3 is native),
// and the SQLite worker is emitted beside the bundle, where `new URL('./sqlite-worker.mjs',
// import.meta.url)` in store/sqlite.ts looks for it. The benchmark bundles its server child with
// this same function, so it measures the code `npm run server` runs.
//
//   node scripts/build-server.mjs        → server/dist/server.mjs (+ sqlite-worker.mjs, source maps)
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Bundles `entry` (relative to the repository) into `outdir` as `<name>.mjs`, with the SQLite
 * worker beside it. Returns the bundle's absolute path.
 */
export async function buildServer({
  entry = 'server/src/server.ts',
  outdir = 'server/dist',
  name = 'server',
} = {}) {
  const out = resolve(ROOT, outdir)
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: entry, out: name },
      { in: 'server/src/store/sqlite-worker.mjs', out: 'sqlite-worker' },
    ],
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    write: false,
  })
  // Each file is written beside its final name and renamed into place: a server already running
  // from this folder (it re-reads sqlite-worker.mjs whenever it starts a thread), or a test spawning
  // it while another rebuilds, never reads a half-written file.
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true })
    const partial = `${file.path}.${process.pid}.partial`
    writeFileSync(partial, file.contents)
    renameSync(partial, file.path)
  }
  return resolve(out, `${name}.mjs`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = await buildServer()
  console.log(`crowd server bundled: ${file.slice(ROOT.length + 1)}`)
}
