// Reporters are counted, never identified. The server keeps only
//   hash      = SHA-256(dailySalt + "/" + token), truncated to 128 bits (base64url)
//   dailySalt = HMAC-SHA256(secret, "reporter-salt/v2/" + UTC date), as base64url text
// so one token gives the same hash all day (distinct-reporter counting works) and unrelated hashes
// on different days (a reporter cannot be followed across days, even by someone holding the
// database but not the secret). The secret never leaves the server (see secret.ts).
//
// Why a keyed SHA-256 and not HMAC per report: it is computed on every report, and Node's one-shot
// crypto.hash over a string costs about a quarter of createHmac's object per call (measured; with
// reports at tens of thousands per second that showed in bench/server.ts). It is as good a keyed
// hash here: the key is a fixed-length 256-bit secret prefix, and the output is cut to 128 of its 256
// bits, so the length-extension weakness of plain prefix-keyed SHA-256 cannot apply (extending needs
// the whole digest). v1 used HMAC for both steps; the salt label moved to v2 with the change.
import { createHmac, hash } from 'node:crypto'

export class ReporterHasher {
  #secret: string
  /** UTC day number (ms / 86,400,000) the cached salt belongs to. */
  #day = Number.NaN
  #salt = ''

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the reporter-salt secret must be at least 16 characters')
    this.#secret = secret
  }

  /** The salt of the UTC day containing `at` (base64url). Never stored. */
  saltFor(at: number): string {
    const day = Math.floor(at / 86_400_000)
    if (day !== this.#day) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10)
      this.#salt = createHmac('sha256', this.#secret).update(`reporter-salt/v2/${date}`).digest('base64url')
      this.#day = day
    }
    return this.#salt
  }

  hash(token: string, at: number): string {
    return hash('sha256', `${this.saltFor(at)}/${token}`, 'base64url').slice(0, 22)
  }
}
