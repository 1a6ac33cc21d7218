#!/usr/bin/env node
// `npm test`: everything, in the order a failure is cheapest to read — types, lint, unit (pure core,
// background, UI, server on SQLite and on PostgreSQL: TEST_DATABASE_URL, else a local one if it
// answers), the production builds (Chrome + Firefox), then the browser tier in real Chromium and Firefox. Ends
// with "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'

const steps = []
let passed = 0
let failed = 0

function run(name, cmd, args, env = {}) {
  const t0 = Date.now()
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = r.status === 0
  steps.push({ name, ok, seconds: ((Date.now() - t0) / 1000).toFixed(1) })
  return ok
}

function countVitest(file) {
  if (!existsSync(file)) return false
  const r = JSON.parse(readFileSync(file, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  // A suite that failed to load counts as a failure even if it had no tests to fail.
  failed += r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length
  return true
}

const npx = 'npx'
for (const f of ['.vitest-unit.json', '.vitest-e2e.json']) rmSync(f, { force: true })

// The server suite runs on PostgreSQL too when TEST_DATABASE_URL names one. When it is not set, a
// local server at the conventional address is used if it answers, so the PostgreSQL pass is not
// silently left out on a machine that has one.
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'
if (!process.env.TEST_DATABASE_URL) {
  if (await postgresAnswers(LOCAL_POSTGRES)) {
    process.env.TEST_DATABASE_URL = LOCAL_POSTGRES
    console.log(`\nℹ TEST_DATABASE_URL is not set: using the local PostgreSQL at ${LOCAL_POSTGRES}.`)
  } else {
    console.log(
      `\nℹ TEST_DATABASE_URL is not set and no PostgreSQL answers at ${LOCAL_POSTGRES}: the crowd server ` +
        'suite runs on SQLite only (the PostgreSQL pass is NOT run). `.ci/run` starts one and sets it.',
    )
  }
}

async function postgresAnswers(url) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const checks = [
  ['typecheck', npx, ['tsc', '--noEmit']],
  ['lint', npx, ['biome', 'check', '.']],
]
for (const [name, cmd, args] of checks) {
  if (run(name, cmd, args)) passed++
  else failed++
}

run('unit', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=.vitest-unit.json'])
if (!countVitest('.vitest-unit.json')) failed++

const builds = [
  ['build (chrome)', 'npm', ['run', 'build', '--silent']],
  ['build (firefox)', 'npm', ['run', 'build:firefox', '--silent']],
]
for (const [name, cmd, args] of builds) {
  if (run(name, cmd, args)) passed++
  else failed++
}

// AMO's linter on the Firefox build: 0 errors required (web-ext is fetched on demand, not locked).
{
  const t0 = Date.now()
  console.log('\n▶ web-ext lint (firefox)')
  const r = spawnSync(
    npx,
    [
      '--yes',
      'web-ext@10.7.0',
      'lint',
      '--source-dir',
      'dist-firefox',
      '--no-config-discovery',
      '--output',
      'json',
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  let ok = false
  try {
    const report = JSON.parse(r.stdout)
    for (const m of [...report.errors, ...report.warnings])
      console.log(`  ${m.type} ${m.code}: ${m.file ?? ''}`)
    ok = report.summary.errors === 0
    console.log(`  ${report.summary.errors} errors, ${report.summary.warnings} warnings`)
  } catch {
    console.log(r.stdout?.slice(0, 2000), r.stderr?.slice(0, 2000))
  }
  steps.push({ name: 'web-ext lint (firefox)', ok, seconds: ((Date.now() - t0) / 1000).toFixed(1) })
  if (ok) passed++
  else failed++
}

run('e2e', npx, [
  'vitest',
  'run',
  '--config',
  'vitest.e2e.config.ts',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=.vitest-e2e.json',
])
if (!countVitest('.vitest-e2e.json')) failed++

console.log('\nSummary')
for (const s of steps) console.log(`  ${s.ok ? '✓' : '✗'} ${s.name} (${s.seconds} s)`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
