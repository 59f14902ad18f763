/** Speeds the [ and ] keys step through; coaches mostly listen at 1.5×–2×. */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const

export function stepSpeed(current: number, dir: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= current - 1e-6)
  const at = i < 0 ? SPEEDS.length - 1 : i
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + dir))]!
}

export type PlayerAction = { kind: 'toggle' } | { kind: 'skip'; seconds: number } | { kind: 'speed'; dir: 1 | -1 } | { kind: 'help' } | { kind: 'note'; note: 'comment' | 'bookmark' }

/** Keyboard shortcuts of the player (also listed in its help overlay). */
export function actionForKey(e: { key: string; shiftKey: boolean }): PlayerAction | null {
  switch (e.key) {
    case ' ':
      return { kind: 'toggle' }
    case 'ArrowLeft':
      return { kind: 'skip', seconds: e.shiftKey ? -15 : -5 }
    case 'ArrowRight':
      return { kind: 'skip', seconds: e.shiftKey ? 15 : 5 }
    case '[':
      return { kind: 'speed', dir: -1 }
    case ']':
      return { kind: 'speed', dir: 1 }
    case '?':
      return { kind: 'help' }
    case 'c':
      return { kind: 'note', note: 'comment' }
    case 'b':
      return { kind: 'note', note: 'bookmark' }
    default:
      return null
  }
}

/** While skip-silence is on: where to jump when `sec` falls inside a stored silence, else null. */
export function silenceJump(silences: readonly (readonly [number, number])[], sec: number): number | null {
  const ms = sec * 1000
  for (const [s, e] of silences) if (ms >= s && ms < e - 50) return e / 1000
  return null
}
