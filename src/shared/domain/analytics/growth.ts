/**
 * 同比 / 环比: how a figure moved against the period it is compared with. A change against
 * nothing is not a percentage: with no prior figure (no data) or a prior of zero the ratio is
 * null, and the view says "new" or "—" instead of +∞%.
 */
export interface Change {
  current: number | null
  prior: number | null
  /** current − prior; null when either is missing. */
  delta: number | null
  /** (current − prior) / |prior|; null when either is missing or the prior is 0. */
  ratio: number | null
}

export function change(current: number | null | undefined, prior: number | null | undefined): Change {
  const c = current ?? null
  const p = prior ?? null
  if (c === null || p === null) return { current: c, prior: p, delta: null, ratio: null }
  return { current: c, prior: p, delta: c - p, ratio: p === 0 ? null : (c - p) / Math.abs(p) }
}
