// Reporters are counted, never identified. The server keeps only
//   hash = HMAC-SHA256(dailySalt, token), truncated to 128 bits (base64url)
//   dailySalt = HMAC-SHA256(secret, "reporter-salt/v1/" + UTC date)
// so one token gives the same hash all day (distinct-reporter counting works) and unrelated hashes
// on different days (a reporter cannot be followed across days, even by someone holding the
// database but not the secret). The secret never leaves the server (see secret.ts).
import { createHmac } from 'node:crypto'

export class ReporterHasher {
  #secret: string
  /** UTC day number (ms / 86,400,000) the cached salt belongs to. */
  #day = Number.NaN
  #salt: Buffer = Buffer.alloc(0)

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the reporter-salt secret must be at least 16 characters')
    this.#secret = secret
  }

  /** The salt of the UTC day containing `at`. Never stored. */
  saltFor(at: number): Buffer {
    const day = Math.floor(at / 86_400_000)
    if (day !== this.#day) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10)
      this.#salt = createHmac('sha256', this.#secret).update(`reporter-salt/v1/${date}`).digest()
      this.#day = day
    }
    return this.#salt
  }

  hash(token: string, at: number): string {
    return createHmac('sha256', this.saltFor(at)).update(token).digest('base64url').slice(0, 22)
  }
}
