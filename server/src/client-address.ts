// Which "address" the per-address rate limit counts. Only ever held in memory, never stored or logged.
import { isIP } from 'node:net'

export interface AddressConfig {
  /** Lower-case header set by a trusted load balancer, or null to use the socket's peer address. */
  trustedProxyHeader: string | null
  /** Trusted proxies that append to a list header such as x-forwarded-for. */
  trustedProxyHops: number
}

/**
 * The rate-limit key for a request. A proxy header is believed only when configured: anyone can send
 * `X-Forwarded-For`, so honouring it by default would let one client pick a new address per request.
 * In a list header the client controls the left part, so the entry `hops` from the right (the one
 * our own outermost proxy appended) is used. Falls back to the socket address when the header is
 * missing (e.g. a health check that bypasses the balancer).
 */
export function resolveClientAddress(
  header: (name: string) => string | undefined,
  socketAddress: string | undefined,
  config: AddressConfig,
): string {
  if (config.trustedProxyHeader) {
    const raw = header(config.trustedProxyHeader)
    if (raw) {
      const parts = raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
      const picked = parts[Math.max(0, parts.length - config.trustedProxyHops)]
      if (picked) return addressKey(picked)
    }
  }
  return socketAddress ? addressKey(socketAddress) : 'unknown'
}

/**
 * Normalises an address into a limiter key: IPv4 as is (ports and IPv4-mapped IPv6 forms removed);
 * IPv6 cut to its /64, because one host or home routinely gets a whole /64 and could otherwise
 * rotate through addresses at will.
 */
export function addressKey(raw: string): string {
  let a = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracketed?.[1]) a = bracketed[1]
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a)
  if (mapped?.[1]) a = mapped[1]
  const version = isIP(a)
  if (version === 4) return a
  if (version === 6) return `${expandIPv6(a).slice(0, 4).join(':')}::/64`
  // Not an address (a misconfigured header): still a key, but bounded so it cannot bloat memory.
  return `?${a.slice(0, 64)}`
}

function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0] ?? address
  const [head = '', tail] = withoutZone.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // An embedded IPv4 tail ("::1.2.3.4") takes two groups; it only matters beyond the /64 anyway.
  const fill = tail === undefined ? 0 : 8 - left.length - right.length
  return [...left, ...Array<string>(Math.max(0, fill)).fill('0'), ...right].map((g) =>
    (g.replace(/^0+(?=.)/, '') || '0').toLowerCase(),
  )
}
