// `npm run sim -- [--port 8443] [--host 127.0.0.1] [--status-scenario incident] [--mode error-500]
//                 [--tier free] [--quiet]`
// Starts the simulator for a person: prints where it is, the Chromium flags to reach it and the
// control panel, logs one line per request, and stops on Ctrl-C / SIGTERM.
import { parseArgs } from 'node:util'
import { isCompletionMode } from './claude/modes.ts'
import { isTier, TIERS } from './claude/orgs.ts'
import { COMPLETION_MODES, STATUS_SCENARIOS, startSimulator } from './server.ts'
import { isStatusScenario } from './status/scenarios.ts'

const USAGE = `Usage: npm run sim -- [options]
  --port <n>               port to listen on (default 8443; 0 = any free port)
  --host <addr>            address to listen on (default 127.0.0.1)
  --status-scenario <name> ${STATUS_SCENARIOS.join(' | ')}
  --mode <name>            ${COMPLETION_MODES.join(' | ')}
  --tier <name>            ${TIERS.join(' | ')}
  --quiet                  do not log requests
  --help`

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8443' },
        host: { type: 'string', default: '127.0.0.1' },
        'status-scenario': { type: 'string', default: 'operational' },
        mode: { type: 'string', default: 'ok' },
        tier: { type: 'string', default: 'pro' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err))
  }
})()

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port: ${values.port}`)
const scenario = values['status-scenario']
if (!isStatusScenario(scenario)) fail(`unknown --status-scenario: ${scenario}`)
if (!isCompletionMode(values.mode)) fail(`unknown --mode: ${values.mode}`)
if (!isTier(values.tier)) fail(`unknown --tier: ${values.tier}`)

let sim: Awaited<ReturnType<typeof startSimulator>>
try {
  sim = await startSimulator({
    port,
    host: values.host,
    statusScenario: scenario,
    completionMode: values.mode,
    tier: values.tier,
    log: values.quiet
      ? undefined
      : (line) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`),
  })
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code
  fail(code === 'EADDRINUSE' ? `port ${port} is in use; try --port 0` : String(err))
}

console.log(`Simulator listening on ${sim.origin}
  plays: https://claude.ai  https://status.claude.com  https://status.anthropic.com (302)
  status scenario: ${sim.status.scenario}   completion mode: ${sim.claude.completionMode.mode}   tier: ${sim.claude.tier}

Chromium flags:
  ${sim.chromiumArgs.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' \\\n  ')}

  e.g. chromium --user-data-dir="$(mktemp -d)" --load-extension=dist \\
    ${sim.chromiumArgs.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')} https://claude.ai/new

Control panel: ${sim.urls.control}   (without host rules: ${sim.origin.replace('127.0.0.1', 'localhost')}/__sim/)
Ctrl-C to stop.`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1) // a second Ctrl-C forces it
    stopping = true
    console.log(`\n${signal}: stopping`)
    sim.close().then(() => process.exit(0))
  })
}
