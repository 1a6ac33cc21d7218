// The simulator's self-signed certificate: generated once with the openssl CLI and reused while
// valid. Chromium is started with --ignore-certificate-errors, so the cert only has to exist and
// name the hosts; the SANs still matter for clients that check names (and for honesty).
import { execFileSync } from 'node:child_process'
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CERT_HOSTS = [
  'claude.ai',
  '*.claude.ai',
  'status.claude.com',
  'status.anthropic.com',
  'localhost',
]
export const CERT_IPS = ['127.0.0.1']

/** `.sim-certs/` at the repository root; it is gitignored. */
export const DEFAULT_CERT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)), '.sim-certs')

export interface CertFiles {
  certPath: string
  keyPath: string
  cert: string
  key: string
  /** base64 SHA-256 of the public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string
}

// Bump when the SAN list or key type changes, so stale caches are not reused.
const CERT_VERSION = 'v1'
const VALID_DAYS = 30
const MIN_REMAINING_MS = 24 * 3600 * 1000

/**
 * Returns a valid certificate, generating it if needed. Several test workers may call this at
 * once: each generates into its own temp dir and renames it into place, so readers only ever
 * see a complete key/cert pair. If the preferred dir is not writable, falls back to the OS temp dir.
 */
export function ensureCert(dir: string = DEFAULT_CERT_DIR): CertFiles {
  try {
    return ensureCertIn(dir)
  } catch (err) {
    if (dir === DEFAULT_CERT_DIR) return ensureCertIn(join(tmpdir(), 'is-claude-down-sim-certs'))
    throw err
  }
}

function ensureCertIn(dir: string): CertFiles {
  const target = join(dir, CERT_VERSION)
  const existing = readIfValid(target)
  if (existing) return existing

  mkdirSync(dir, { recursive: true })
  const work = join(dir, `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`)
  mkdirSync(work)
  try {
    writeFileSync(join(work, 'openssl.cnf'), opensslConfig())
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        String(VALID_DAYS),
        '-keyout',
        join(work, 'key.pem'),
        '-out',
        join(work, 'cert.pem'),
        '-config',
        join(work, 'openssl.cnf'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    if (existsSync(target)) {
      // Expired or stale: move it aside first (renaming onto a non-empty dir fails).
      const old = `${target}.old-${process.pid}-${Date.now()}`
      try {
        renameSync(target, old)
        rmSync(old, { recursive: true, force: true })
      } catch {
        // Another worker replaced it concurrently; fine.
      }
    }
    try {
      renameSync(work, target)
    } catch {
      // Another worker won the race; its pair is as good as ours.
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  const ready = readIfValid(target)
  if (!ready) throw new Error(`could not create a simulator certificate in ${target}`)
  return ready
}

function readIfValid(dir: string): CertFiles | undefined {
  const certPath = join(dir, 'cert.pem')
  const keyPath = join(dir, 'key.pem')
  try {
    const cert = readFileSync(certPath, 'utf8')
    const key = readFileSync(keyPath, 'utf8')
    const x509 = new X509Certificate(cert)
    if (Date.parse(x509.validTo) - Date.now() < MIN_REMAINING_MS) return undefined
    const san = x509.subjectAltName ?? ''
    if (!CERT_HOSTS.every((h) => san.includes(`DNS:${h}`))) return undefined
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined
    const der = createPublicKey(cert).export({ type: 'spki', format: 'der' })
    const spki = createHash('sha256').update(der).digest('base64')
    return { certPath, keyPath, cert, key, spki }
  } catch {
    return undefined
  }
}

function opensslConfig(): string {
  const alt = [
    ...CERT_HOSTS.map((h, i) => `DNS.${i + 1} = ${h}`),
    ...CERT_IPS.map((ip, i) => `IP.${i + 1} = ${ip}`),
  ]
  return [
    '[req]',
    'distinguished_name = dn',
    'x509_extensions = ext',
    'prompt = no',
    '[dn]',
    'CN = is-claude-down simulator',
    '[ext]',
    'subjectAltName = @alt',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    '[alt]',
    ...alt,
    '',
  ].join('\n')
}
