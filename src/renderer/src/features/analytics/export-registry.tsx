import { createContext, useContext, useEffect, useId, useMemo, useRef, type RefObject } from 'react'
import type { Change } from '@shared/domain/analytics/growth'
import type { TableModel } from './table-model'
import type { ColumnKind } from './table-model'
import type { EChartsCoreOption } from 'echarts/core'
import { Chart, type ChartClick } from '../../ui/Chart'

/** A headline figure as its card shows it, for the export. */
export interface KpiFigure {
  label: string
  kind: ColumnKind
  value: number | null
  currency?: string
  refused?: string
  mom?: Change
  yoy?: Change
}

/** A chart as drawn on screen: its option goes to the paper copy as vectors (PrintChart). */
export interface ChartFigure {
  title: string
  option: EChartsCoreOption
  height?: number
}

type Registered = { kind: 'table'; model: TableModel } | { kind: 'kpi'; figure: KpiFigure } | { kind: 'chart'; chart: ChartFigure }
type Entry = { el: RefObject<Element | null> } & Registered

/**
 * What the analytics view on screen holds right now: every figure table and headline card
 * registers itself while mounted, so the export carries exactly the figures shown for the chosen
 * period and scope — no second computation that could drift from the screen.
 */
export class AnalyticsExportRegistry {
  private entries = new Map<string, Entry>()
  set(id: string, e: Entry): void {
    this.entries.set(id, e)
  }
  delete(id: string): void {
    this.entries.delete(id)
  }
  /** The entries in screen order (top to bottom, left to right), whatever order they mounted in. */
  list(): Entry[] {
    return [...this.entries.values()].sort((a, b) => {
      const [x, y] = [a.el.current, b.el.current]
      if (!x || !y || x === y) return 0
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
    })
  }
}

const Ctx = createContext<AnalyticsExportRegistry | null>(null)

export function AnalyticsExportProvider({ registry, children }: { registry: AnalyticsExportRegistry; children: React.ReactNode }): React.ReactNode {
  return <Ctx.Provider value={registry}>{children}</Ctx.Provider>
}

export function useNewRegistry(): AnalyticsExportRegistry {
  return useMemo(() => new AnalyticsExportRegistry(), [])
}

/** Registers what a mounted table or card shows (outside an analytics page, nothing happens). */
export function useExportEntry<T extends Element>(entry: Registered): RefObject<T | null> {
  const registry = useContext(Ctx)
  const id = useId()
  const el = useRef<T | null>(null)
  useEffect(() => {
    registry?.set(id, { ...entry, el })
  })
  useEffect(() => () => registry?.delete(id), [registry, id])
  return el
}

/** An analytics chart: drawn as everywhere, and carried by the view's PDF export as the same picture. */
export function AnalyticsChart(props: { option: EChartsCoreOption; height?: number; label: string; onClick?(e: ChartClick): void }): React.ReactNode {
  const el = useExportEntry<HTMLDivElement>({ kind: 'chart', chart: { title: props.label, option: props.option, height: props.height } })
  return (
    <div ref={el}>
      <Chart {...props} />
    </div>
  )
}
