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
/** Sign-in per account and source: scrypt is already slow; this stops password guessing against one account. */
export const DEFAULT_LOGIN_LIMIT: RateLimit = { burst: 10, perSecond: 0.2 }
/** Sign-in and invitation attempts per source over all accounts: an office behind one address signs in many people at 9:00. */
export const DEFAULT_SOURCE_LIMIT: RateLimit = { burst: 60, perSecond: 1 }
/** The hub listens on loopback behind a TLS proxy on the same machine: its `X-Forwarded-For` names the caller. */
export const DEFAULT_TRUSTED_PROXIES = ['127.0.0.1', '::1']

/**
 * A live socket's messages (strategy-sheet updates and presence): typing is tens a second, a
 * laptop back from a long offline stretch sends a few large updates at once. Beyond these the
 * socket is closed (4429); the laptop reconnects and each open sheet exchanges what the other
 * side misses, so no edit is lost — but a script can no longer push thousands a second.
 */
export const LIVE_MESSAGE_LIMIT: RateLimit = { burst: 500, perSecond: 100 }
export const LIVE_BYTE_LIMIT: RateLimit = { burst: 32 * 1024 * 1024, perSecond: 4 * 1024 * 1024 }

/** Buckets idle this long are full again and are forgotten, so the map stays small. */
const FORGET_AFTER_MS = 10 * 60_000

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private sweptAt = 0

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now
  ) {}

  /** Takes one request (or `cost` units, e.g. bytes); answers 0 when allowed, else the milliseconds until it would be. */
  take(key: string, cost = 1): number {
    const now = this.now()
    if (now - this.sweptAt > FORGET_AFTER_MS) this.sweep(now)
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond)
    b.at = now
    this.buckets.set(key, b)
    if (b.tokens >= cost) {
      b.tokens -= cost
      return 0
    }
    return Math.ceil(((cost - b.tokens) / this.limit.perSecond) * 1000)
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
