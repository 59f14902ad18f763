// Seeded randomness and deterministic ids for the demo workspace. Math.random and newId() are
// off limits here: the same (seed, anchor, locale, scale) must give byte-identical rows.

/** 32-bit string hash (FNV-1a); used to derive independent streams from one seed. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

/** A bijective 32-bit mixer (xorshift-multiply): distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0
  x = Math.imul(x, 0x7feb352d) >>> 0
  x = (x ^ (x >>> 15)) >>> 0
  x = Math.imul(x, 0x846ca68b) >>> 0
  return (x ^ (x >>> 16)) >>> 0
}

/**
 * sfc32: small, fast, passes PractRand far beyond what a few million draws need. One stream
 * per concern (org, customers, deals, activities…) so a change in one part of the generator
 * doesn't reshuffle every other table.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, label = '') {
    this.a = hash32(label, seed >>> 0)
    this.b = hash32(label + '#b', (seed ^ 0x9e3779b9) >>> 0)
    this.c = hash32(label + '#c', (seed ^ 0x85ebca6b) >>> 0)
    this.d = 1
    // Warm up so close seeds don't start with correlated outputs.
    for (let i = 0; i < 12; i++) this.u32()
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple to reason about). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = items[i] as T
      items[i] = items[j] as T
      items[j] = t
    }
    return items
  }

  fork(label: string): Rng {
    return new Rng(this.u32(), label)
  }
}

/** Index picker for fixed weights: cumulative table built once, a binary search per draw. */
export function weighted(weights: readonly number[]): (rng: Rng) => number {
  const cum: number[] = []
  let total = 0
  for (const w of weights) {
    total += w
    cum.push(total)
  }
  return (rng) => {
    const x = rng.next() * total
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cum[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

const HEX: string[] = []
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'))

function hex8(x: number): string {
  return (
    (HEX[(x >>> 24) & 255] as string) +
    (HEX[(x >>> 16) & 255] as string) +
    (HEX[(x >>> 8) & 255] as string) +
    (HEX[x & 255] as string)
  )
}

/**
 * UUIDv7-shaped ids built from the row's own timestamp and a seeded stream, so they sort by
 * time like the app's real ids. The last 32 bits are a bijective mix of a per-workspace
 * counter, which makes every id in one workspace unique without a lookup set.
 */
export class IdMaker {
  private counter = 0
  private readonly rng: Rng
  private readonly salt: number

  constructor(seed: number) {
    this.rng = new Rng(seed, 'ids')
    this.salt = hash32('id-salt', seed)
  }

  make(ms: number): string {
    const t = Math.max(0, Math.floor(ms))
    const hi = Math.floor(t / 65536) >>> 0 // top 32 of the 48 timestamp bits
    const lo = t % 65536
    const r1 = this.rng.u32()
    const r2 = this.rng.u32()
    const tail = mix32((this.counter++ ^ this.salt) >>> 0)
    const ts = hex8(hi) + hex8(lo).slice(4)
    const randA = '7' + hex8(r1).slice(0, 3)
    const variant = (8 + (r1 & 3)).toString(16) + hex8(r1).slice(4, 7)
    const randB = hex8(r2).slice(0, 4) + hex8(tail)
    return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-${randA}-${variant}-${randB}`
  }
}
