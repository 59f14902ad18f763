/**
 * Per-caller rate limiting: a token bucket per key (a user id for signed-in calls, the account
 * for sign-in attempts). One laptop in a retry loop, or a stolen token, cannot take the hub
 * from everyone else; a normal laptop — a burst of pulls on first sync, then a request every
 * few seconds — never meets it.
 */
export interface RateLimit {
  /** Requests allowed at once after a quiet period. */
  burst: number
  /** Sustained requests per second. */
  perSecond: number
}

/** A first sync of the bench workspace (~300k ops) is ~600 pulls of 500: the burst and refill cover it. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 1000, perSecond: 50 }
/** Sign-in: scrypt is already slow; this stops password guessing against one account. */
export const DEFAULT_LOGIN_LIMIT: RateLimit = { burst: 10, perSecond: 0.2 }

/** Buckets idle this long are full again and are forgotten, so the map stays small. */
const FORGET_AFTER_MS = 10 * 60_000

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private sweptAt = 0

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now
  ) {}

  /** Takes one request; answers 0 when allowed, else the milliseconds until the next is. */
  take(key: string): number {
    const now = this.now()
    if (now - this.sweptAt > FORGET_AFTER_MS) this.sweep(now)
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond)
    b.at = now
    this.buckets.set(key, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - b.tokens) / this.limit.perSecond) * 1000)
  }

  private sweep(now: number): void {
    this.sweptAt = now
    for (const [k, b] of this.buckets) if (now - b.at > FORGET_AFTER_MS) this.buckets.delete(k)
  }
}

/**
 * A signed-in request's JSON may nest at most this deep. The deepest op a laptop sends (a sales
 * process: stages, their exit criteria) is under ten levels inside the push envelope; V8 needs
 * seconds for a few MB of `[[[[…]]]]`, which would stall every other request meanwhile.
 */
export const MAX_JSON_DEPTH = 64

/** Whether JSON text nests deeper than `max`, found by one pass over the text (strings skipped), before anything is parsed. */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \\ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--
  }
  return false
}
