/**
 * Hybrid logical clock (Kulkarni et al., 2014): wall time plus a counter plus the node id.
 * Serialised so that plain string comparison orders clocks, which lets Dexie and PostgreSQL
 * compare them as text.
 *
 *   000001763800000000:00000:node-id
 */
export interface Hlc {
  wallMs: number
  counter: number
  node: string
}

const WALL_DIGITS = 15
const COUNTER_DIGITS = 5
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1

export class ClockError extends Error {
  constructor(
    public readonly code: 'hlc.counter-overflow' | 'hlc.drift' | 'hlc.malformed',
    message: string
  ) {
    super(message)
  }
}

export function formatHlc(h: Hlc): string {
  return `${String(h.wallMs).padStart(WALL_DIGITS, '0')}:${String(h.counter).padStart(COUNTER_DIGITS, '0')}:${h.node}`
}

export function parseHlc(s: string): Hlc {
  const m = /^(\d{15}):(\d{5}):(.+)$/.exec(s)
  if (!m) throw new ClockError('hlc.malformed', `malformed clock "${s.slice(0, 60)}"`)
  return { wallMs: Number(m[1]), counter: Number(m[2]), node: m[3]! }
}

/** Tick for a local event. `now` is passed in so the rule stays pure and testable. */
export function tickHlc(last: Hlc, now: number): Hlc {
  if (now > last.wallMs) return { wallMs: now, counter: 0, node: last.node }
  if (last.counter >= MAX_COUNTER) throw new ClockError('hlc.counter-overflow', 'clock counter overflow')
  return { wallMs: last.wallMs, counter: last.counter + 1, node: last.node }
}

/**
 * Merge a remote clock on receipt. A remote clock further ahead of our wall time than
 * `maxDriftMs` is refused rather than adopted, so one laptop with a wrong clock cannot drag
 * every replica into the future.
 */
export function receiveHlc(local: Hlc, remote: Hlc, now: number, maxDriftMs = 5 * 60_000): Hlc {
  if (remote.wallMs - now > maxDriftMs) {
    throw new ClockError('hlc.drift', `remote clock ${remote.wallMs - now} ms ahead`)
  }
  const wall = Math.max(local.wallMs, remote.wallMs, now)
  let counter: number
  if (wall === local.wallMs && wall === remote.wallMs) counter = Math.max(local.counter, remote.counter) + 1
  else if (wall === local.wallMs) counter = local.counter + 1
  else if (wall === remote.wallMs) counter = remote.counter + 1
  else counter = 0
  if (counter > MAX_COUNTER) throw new ClockError('hlc.counter-overflow', 'clock counter overflow')
  return { wallMs: wall, counter, node: local.node }
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Two clocks stamped by the same device: one device replacing its own earlier value is a
 * sequence of edits, not a conflict. An unreadable clock is never the same device.
 */
export function sameNode(a: string, b: string): boolean {
  try {
    return parseHlc(a).node === parseHlc(b).node
  } catch {
    return false
  }
}
