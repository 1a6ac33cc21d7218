#!/usr/bin/env node
// `npm start`: make sure dependencies are installed, then run the demo (scripts/demo.ts).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('node_modules/.bin/tsx')) {
  console.log('Installing dependencies (npm ci)…')
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const r = spawnSync('node_modules/.bin/tsx', ['scripts/demo.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
})
process.exit(r.status ?? 1)
