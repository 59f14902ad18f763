/**
 * Retry delays for talking to the hub: exponential with jitter, so a hub coming back after an
 * outage is not hit by every laptop in the same second. Pure: `random` is passed in.
 */
export interface BackoffOptions {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 }

/** Delay before retry number `attempt` (0 = first retry): half fixed, half random ("equal jitter"). */
export function backoffDelay(attempt: number, random: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)))
  const r = Math.min(1, Math.max(0, random))
  return Math.round(cap / 2 + (cap / 2) * r)
}
