/** One benchmark figure as it goes into bench/results.json and the README table. */
export interface Figure {
  name: string
  value: number
  unit: string
  goal: number
  /** `max`: lower is better (times, sizes, ratios); `min`: higher is better. */
  better?: 'max' | 'min'
  note?: string
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
