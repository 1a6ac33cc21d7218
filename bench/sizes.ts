// Built sizes, gzipped, per execution context, measured on the production Chrome build in dist/.
// A context's size is its entry file plus every chunk it imports (followed transitively), so
// shared chunks count for each context that loads them.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const DIST = resolve(import.meta.dirname, '../dist')

function gz(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length
}

/** The entry and all JS/CSS it pulls in through static imports or HTML tags. */
function closure(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    const refs = file.endsWith('.html')
      ? [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
      : [...text.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)].map((m) => m[1]!)
    for (const ref of refs) visit(ref.startsWith('/') ? join(DIST, ref) : resolve(dirname(file), ref))
  }
  visit(entry)
  return [...seen]
}

interface Row {
  context: string
  files: number
  raw: number
  gzip: number
  target: number | null
}

export async function run(): Promise<string> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first')
  const contexts: [string, string, number | null][] = [
    ['background', 'service-worker-loader.js', 40_000],
    ['popup', 'src/popup/index.html', 40_000],
    ['options', 'src/options/index.html', null],
    ['content, MAIN world', 'src/content/main-world.js', 5_000],
    ['content, isolated (with banner)', 'src/content/isolated.js', 25_000],
  ]
  const rows: Row[] = contexts.map(([context, entry, target]) => {
    const files = closure(join(DIST, entry))
    return {
      context,
      files: files.length,
      raw: files.reduce((n, f) => n + readFileSync(f).length, 0),
      // Each file is compressed on its own, as a browser or store would transfer it.
      gzip: files.reduce((n, f) => n + gz(f), 0),
      target,
    }
  })
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`
  return [
    '## Built sizes (production Chrome build, gzip -9 per file)',
    '',
    '| context | files | raw | gzip | target | |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.context} | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} | ${r.target ? `≤ ${kb(r.target)}` : '—'} | ${r.target === null ? '' : r.gzip <= r.target ? 'met' : '**NOT met**'} |`,
    ),
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run())
