import { useEffect, useRef } from 'react'
import type { EChartsCoreOption } from 'echarts/core'

type ECharts = typeof import('echarts/core')
let loading: Promise<ECharts> | null = null

/**
 * ECharts with its SVG renderer, loaded on first print: a chart on paper is vectors, sharp at
 * any zoom, and its labels stay text that pdftotext (and a reader's search) finds. The screen
 * keeps the canvas renderer (ui/Chart.tsx), which is faster to redraw.
 */
function loadSvgECharts(): Promise<ECharts> {
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers')
  ]).then(([core, charts, components, renderers]) => {
    // Every chart and component: whatever a view draws (analytics included) prints too.
    core.use([...Object.values(charts), ...Object.values(components), renderers.SVGRenderer])
    return core
  })
  return loading
}

/**
 * Category labels wrap within their slot on paper: the page is narrower than most screens, and
 * "Decision chain mapped" beside "Solution presented" would otherwise print on top of it.
 */
function paperAxes(option: EChartsCoreOption): EChartsCoreOption {
  const fit = (axis: unknown): unknown => {
    const a = axis as { type?: string; data?: unknown[]; axisLabel?: Record<string, unknown> }
    if (!a || a.type !== 'category' || !Array.isArray(a.data) || a.data.length === 0) return axis
    return { ...a, axisLabel: { ...a.axisLabel, width: Math.floor((PRINT_CHART_WIDTH - 90) / a.data.length) - 6, overflow: 'break' } }
  }
  const x = (option as { xAxis?: unknown }).xAxis
  if (!x) return option
  return { ...option, xAxis: Array.isArray(x) ? x.map(fit) : fit(x) }
}

/** Width of the paper's text block in CSS pixels (A4 portrait, 12 mm margins). */
export const PRINT_CHART_WIDTH = 680

/** One chart drawn once for paper: light theme, no animation, no tooltip; `onReady` after it is drawn. */
export function PrintChart({
  option,
  height = 260,
  label,
  onReady
}: {
  option: EChartsCoreOption
  height?: number
  label: string
  onReady(): void
}): React.ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const ready = useRef(onReady)
  useEffect(() => {
    ready.current = onReady
  }, [onReady])

  useEffect(() => {
    let disposed = false
    let chart: ReturnType<ECharts['init']> | null = null
    void loadSvgECharts().then((echarts) => {
      if (disposed || !ref.current) return
      chart = echarts.init(ref.current, undefined, { renderer: 'svg', width: PRINT_CHART_WIDTH, height })
      chart.setOption({ ...paperAxes(option), backgroundColor: '#fff', animation: false, tooltip: undefined }, true)
      chart.on('finished', () => ready.current())
      // A chart with no series never fires "finished".
      setTimeout(() => ready.current(), 1500)
    })
    return () => {
      disposed = true
      chart?.dispose()
    }
  }, [option, height])

  return <div ref={ref} role="img" aria-label={label} className="export-print-chart" style={{ width: PRINT_CHART_WIDTH, height }} />
}
