/**
 * "The first view's content is on screen": the home says so once its agenda is painted, and
 * work that must not slow the opening (warming the other sections) waits for it (issue 19).
 */
let painted = false
const waiting = new Set<() => void>()

export function markFirstContentPainted(): void {
  if (painted) return
  painted = true
  for (const f of [...waiting]) f()
  waiting.clear()
}

/** Runs `fn` once the first content is painted (at once if it is); returns a cancel. */
export function afterFirstContentPainted(fn: () => void): () => void {
  if (painted) {
    fn()
    return () => {}
  }
  waiting.add(fn)
  return () => waiting.delete(fn)
}
