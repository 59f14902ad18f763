import { useCallback } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import { GRAINS, dayRange, periodOf, shiftPeriod, type Grain, type PeriodChoice } from '@shared/domain/analytics/periods'

/**
 * A saved view per audience: the period (a grain and how many periods back, so "this month"
 * stays this month tomorrow, or a range of days) and the view's own choices (process, rep,
 * metric…). Remembered on this laptop across launches; each audience keeps its own.
 */
export const AUDIENCES = ['leadership', 'manager', 'rep', 'trends', 'channels', 'dealSize', 'changes'] as const
export type Audience = (typeof AUDIENCES)[number]

export interface SavedView {
  grain: Grain | 'custom'
  /** 0 = the current period, −1 the one before… */
  offset: number
  /** A custom range, YYYY-MM-DD inclusive. */
  from: string
  to: string
  extra: Record<string, string>
}

const DEFAULT_GRAIN: Record<Audience, Grain> = {
  leadership: 'month',
  manager: 'month',
  rep: 'month',
  trends: 'quarter',
  channels: 'year',
  dealSize: 'quarter',
  changes: 'month'
}

export function defaultView(audience: Audience): SavedView {
  return { grain: DEFAULT_GRAIN[audience], offset: 0, from: '', to: '', extra: {} }
}

/** A stored view that no longer parses (an older shape, a hand edit) falls back to the default. */
export function validView(v: unknown, audience: Audience): SavedView {
  const d = defaultView(audience)
  if (!v || typeof v !== 'object') return d
  const o = v as Partial<SavedView>
  const grain = o.grain === 'custom' || GRAINS.includes(o.grain as Grain) ? (o.grain as SavedView['grain']) : d.grain
  return {
    grain,
    offset: typeof o.offset === 'number' && Number.isInteger(o.offset) && o.offset <= 0 && o.offset > -1000 ? o.offset : 0,
    from: typeof o.from === 'string' ? o.from : '',
    to: typeof o.to === 'string' ? o.to : '',
    extra: o.extra && typeof o.extra === 'object' ? Object.fromEntries(Object.entries(o.extra).filter(([, x]) => typeof x === 'string')) : {}
  }
}

export function useSavedView(audience: Audience): { view: SavedView; update(patch: Partial<SavedView>): void; setExtra(key: string, value: string): void; reset(): void } {
  const [stored, setStored] = useLocalStorage<unknown>({ key: `analytics.view.${audience}`, defaultValue: defaultView(audience), getInitialValueInEffect: false })
  const view = validView(stored, audience)
  const update = useCallback((patch: Partial<SavedView>) => setStored((cur: unknown) => ({ ...validView(cur, audience), ...patch })), [setStored, audience])
  const setExtra = useCallback(
    (key: string, value: string) => setStored((cur: unknown) => {
      const v = validView(cur, audience)
      return { ...v, extra: { ...v.extra, [key]: value } }
    }),
    [setStored, audience]
  )
  const reset = useCallback(() => setStored(defaultView(audience)), [setStored, audience])
  return { view, update, setExtra, reset }
}

/** The period a saved view stands for today; a broken custom range falls back to this month. */
export function periodChoice(view: SavedView, now: number, timeZone: string): PeriodChoice {
  if (view.grain === 'custom') {
    const r = dayRange(view.from, view.to, timeZone)
    if (r) return { grain: 'custom', ...r }
    return { grain: 'month', ...periodOf('month', now, timeZone) }
  }
  return { grain: view.grain, ...shiftPeriod(view.grain, now, view.offset, timeZone) }
}
