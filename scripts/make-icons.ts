// Draws the toolbar icons (a status dot with a pulse line) as PNGs without image dependencies.
// Run once: `npx tsx scripts/make-icons.ts`; the PNGs are committed under public/icons.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Distance from point to the pulse polyline, in unit coordinates. */
function pulseDistance(u: number, v: number): number {
  const pts: [number, number][] = [
    [0.2, 0.55],
    [0.38, 0.55],
    [0.47, 0.3],
    [0.56, 0.72],
    [0.64, 0.5],
    [0.8, 0.5],
  ]
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < pts.length - 1; i++) {
    const [ax, ay] = pts[i]!
    const [bx, by] = pts[i + 1]!
    const dx = bx - ax
    const dy = by - ay
    const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
    best = Math.min(best, Math.hypot(u - (ax + t * dx), v - (ay + t * dy)))
  }
  return best
}

for (const size of [16, 32, 48, 128]) {
  const image = png(size, (x, y) => {
    const u = (x + 0.5) / size
    const v = (y + 0.5) / size
    const r = Math.hypot(u - 0.5, v - 0.5)
    const edge = Math.max(0, Math.min(1, (0.47 - r) * size))
    if (edge <= 0) return [0, 0, 0, 0]
    const line = Math.max(0, Math.min(1, (0.065 - pulseDistance(u, v)) * size))
    const mix = (a: number, b: number) => Math.round(a * (1 - line) + b * line)
    return [mix(0xc1, 255), mix(0x5f, 255), mix(0x3c, 255), Math.round(255 * edge)]
  })
  writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), image)
}
