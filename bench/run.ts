// `npm run bench`: builds the production extension, runs every benchmark in this one process
// (ratios are always measured side by side in the same run), and writes bench/RESULTS.md.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'

const sections: [string, () => Promise<{ run: () => Promise<string> }>][] = [
  ['status polling bytes', () => import('./status-bytes.ts')],
  ['built sizes', () => import('./sizes.ts')],
  ['page: detection latency and overhead', () => import('./page.ts')],
  ['duration estimate calibration', () => import('./calibration.ts')],
  ['crowd server', () => import('./server.ts')],
]

async function main(): Promise<void> {
  console.log('Building the production extension (npm run build)…')
  const built = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (built.status !== 0) throw new Error('build failed')
  const only = process.argv.slice(2)
  const parts: string[] = []
  let failures = 0
  for (const [name, load] of sections) {
    if (only.length && !only.some((o) => name.includes(o))) continue
    const t0 = Date.now()
    console.log(`▶ ${name}`)
    try {
      const section = await (await load()).run()
      parts.push(section)
      console.log(`${section}\n(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`)
    } catch (error) {
      failures++
      const text = `## ${name}\n\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`
      parts.push(text)
      console.error(text)
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  const header = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Every ratio compares two things measured side by side in that one run; absolute times depend on the machine.`,
    '',
  ]
  const out = resolve(import.meta.dirname, 'RESULTS.md')
  if (only.length) console.log('(a subset was run: bench/RESULTS.md left unchanged)')
  else writeFileSync(out, `${[...header, ...parts].join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`)
  if (failures) process.exit(1)
}

await main()
