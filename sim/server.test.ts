// The server around the two sides: certificate, Host dispatch, Chromium flags, the control API
// and a clean shutdown that also ends hanging and stalled responses.
import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { connect } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../test/fixtures.ts'
import { simRequest } from './client.ts'
import { isLoopback } from './http.ts'
import { chromiumArgs, chromiumHostRules, SIM_ORG_UUID, type Simulator, startSimulator } from './server.ts'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())

const req = (host: string, path: string, init: { method?: string; body?: string; type?: string } = {}) =>
  simRequest(sim.port, {
    host,
    path,
    method: init.method,
    body: init.body,
    headers: init.type ? { 'content-type': init.type } : {},
    timeoutMs: 5000,
  })

describe('listening and certificate', () => {
  it('listens on 127.0.0.1 on an ephemeral port', () => {
    expect(sim.port).toBeGreaterThan(0)
    expect(sim.origin).toBe(`https://127.0.0.1:${sim.port}`)
  })

  it('uses a certificate naming every simulated host, and serves it', async () => {
    const x509 = new X509Certificate(readFileSync(sim.certPath))
    for (const name of [
      'claude.ai',
      '*.claude.ai',
      'status.claude.com',
      'status.anthropic.com',
      'localhost',
    ]) {
      expect(x509.subjectAltName).toContain(`DNS:${name}`)
    }
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1')
    const served = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port: sim.port, servername: 'claude.ai', rejectUnauthorized: false },
        () => {
          resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '')
          socket.end()
        },
      )
      socket.on('error', reject)
    })
    expect(served).toBe(x509.fingerprint256)
    expect(readFileSync(sim.keyPath, 'utf8')).toContain('PRIVATE KEY')
  })

  it('reuses the certificate across simulators, each on its own port', async () => {
    const other = await startSimulator()
    try {
      expect(other.port).not.toBe(sim.port)
      expect(other.certPath).toBe(sim.certPath)
    } finally {
      await other.close()
    }
  })
})

describe('chromium flags', () => {
  it('maps claude.ai and both status hosts to the port', () => {
    expect(chromiumHostRules(8443)).toBe(
      'MAP claude.ai 127.0.0.1:8443,MAP status.claude.com 127.0.0.1:8443,MAP status.anthropic.com 127.0.0.1:8443',
    )
    expect(chromiumArgs(8443)).toEqual([
      `--host-resolver-rules=${chromiumHostRules(8443)}`,
      '--ignore-certificate-errors',
    ])
    expect(sim.hostRules).toBe(chromiumHostRules(sim.port))
  })
})

describe('Host dispatch', () => {
  it('routes on the Host header, ignoring its port', async () => {
    expect((await req('claude.ai:443', '/api/organizations')).status).toBe(200)
    expect((await req(`status.claude.com:${sim.port}`, '/api/v2/status.json')).status).toBe(200)
  })

  it('refuses hosts it does not play with 421', async () => {
    const res = await req('example.com', '/')
    expect(res.status).toBe(421)
  })

  it('offers an index and the control panel on localhost', async () => {
    expect((await req('localhost', '/')).text).toContain(chromiumHostRules(sim.port))
    expect((await req('localhost', '/__sim/')).status).toBe(200)
  })

  it('counts requests per host', async () => {
    sim.resetStats()
    await req('claude.ai', '/api/organizations')
    await req('status.anthropic.com', '/')
    expect(sim.stats.byHost).toEqual({ 'claude.ai': 1, 'status.anthropic.com': 1 })
    expect(sim.stats.requests).toBe(2)
  })
})

describe('control API', () => {
  it('serves the panel under the same strict CSP, with a same-origin script', async () => {
    const res = await req('claude.ai', '/__sim/')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.text).toContain('<script src="/__sim/panel.js" defer></script>')
    expect((await req('claude.ai', '/__sim/panel.js')).headers['content-type']).toContain('javascript')
  })

  it('switches the status scenario, completion mode and tier', async () => {
    const post = (action: string, body: unknown) =>
      req('claude.ai', `/__sim/api/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
        type: 'application/json',
      })

    expect((await post('status-scenario', { scenario: 'incident' })).status).toBe(200)
    expect(sim.status.scenario).toBe('incident')

    expect((await post('completion-mode', { mode: { mode: 'slow-first-byte', delayMs: 10 } })).status).toBe(
      200,
    )
    expect(sim.claude.completionMode).toEqual({ mode: 'slow-first-byte', delayMs: 10 })
    await post('completion-mode', { queue: ['error-500'] })
    expect(sim.claude.queuedModes).toEqual([{ mode: 'error-500' }])
    await post('completion-mode', { clearQueue: true, mode: 'ok' })
    expect(sim.claude.queuedModes).toEqual([])

    const tier = await post('tier', { tier: 'free' })
    expect(JSON.parse(tier.text).claude.tier).toBe('free')
    const [org] = JSON.parse((await req('claude.ai', '/api/organizations')).text)
    expect(org).toMatchObject({ uuid: SIM_ORG_UUID, capabilities: ['chat'] })

    const state = JSON.parse((await req('claude.ai', '/__sim/api/state')).text)
    expect(state.status.scenario).toBe('incident')
    expect(state.claude.modes).toContain('network-reset')
  })

  it('rejects bad input: unknown names, non-JSON, wrong method', async () => {
    const bad = await req('claude.ai', '/__sim/api/status-scenario', {
      method: 'POST',
      body: '{"scenario":"nope"}',
      type: 'application/json',
    })
    expect(bad.status).toBe(400)
    const form = await req('claude.ai', '/__sim/api/tier', {
      method: 'POST',
      body: 'tier=free',
      type: 'application/x-www-form-urlencoded',
    })
    expect(form.status).toBe(415)
    expect((await req('claude.ai', '/__sim/api/tier')).status).toBe(405)
    expect((await req('claude.ai', '/__sim/api/nothing', { method: 'POST' })).status).toBe(404)
  })

  it('treats only loopback peers as local', () => {
    const peer = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as IncomingMessage
    expect(isLoopback(peer('127.0.0.1'))).toBe(true)
    expect(isLoopback(peer('::ffff:127.0.0.1'))).toBe(true)
    expect(isLoopback(peer('::1'))).toBe(true)
    expect(isLoopback(peer('192.168.1.20'))).toBe(false)
  })
})

describe('close', () => {
  it('ends hanging status requests and stalled completions, and stops listening', async () => {
    const own = await startSimulator({ statusScenario: 'hang', completionMode: 'stall-before-first-byte' })
    const hang = simRequest(own.port, { host: 'status.claude.com', path: '/api/v2/summary.json' })
    const stall = simRequest(own.port, {
      host: 'claude.ai',
      path: `/api/organizations/${SIM_ORG_UUID}/chat_conversations/c/completion`,
      method: 'POST',
      body: '{}',
    })
    await new Promise((r) => setTimeout(r, 100))
    const t0 = Date.now()
    await own.close()
    await expect(hang).rejects.toThrow()
    await expect(stall).rejects.toThrow()
    expect(Date.now() - t0).toBeLessThan(1000)
    await expect(simRequest(own.port, { host: 'claude.ai', path: '/', agent: false })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    })
  })
})

describe('cli', () => {
  it('starts with the given scenario and mode, prints the flags, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sim/cli.ts',
        '--port',
        '0',
        '--status-scenario',
        'incident',
        '--mode',
        'error-500',
        '--quiet',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`cli did not start:\n${out}`)), 8000)
        child.stdout.on('data', () => {
          if (out.includes('Ctrl-C to stop')) {
            clearTimeout(timer)
            resolve()
          }
        })
      })
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1])
      expect(out).toContain(`--host-resolver-rules=${chromiumHostRules(port)}`)
      expect(out).toContain('https://claude.ai/__sim/')
      const status = await simRequest(port, { host: 'status.claude.com', path: '/api/v2/status.json' })
      expect(JSON.parse(status.text).status.indicator).toBe('major')
      const completion = await simRequest(port, {
        host: 'claude.ai',
        path: '/api/organizations/o/chat_conversations/c/completion',
        method: 'POST',
        body: '{}',
        agent: false,
      })
      expect(completion.status).toBe(500)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })
})
