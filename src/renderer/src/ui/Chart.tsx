import { useEffect, useRef, useState } from 'react'
import { Loader, useComputedColorScheme } from '@mantine/core'
import type { EChartsCoreOption, EChartsType } from 'echarts/core'

type ECharts = typeof import('echarts/core')

let loading: Promise<ECharts> | null = null

/**
 * ECharts, loaded on first use: core plus only the charts and components the app draws, so
 * the initial bundle does not carry it. Every chart in the app goes through this wrapper.
 */
function loadECharts(): Promise<ECharts> {
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers')
  ]).then(([core, charts, components, renderers]) => {
    core.use([
      charts.BarChart,
      charts.LineChart,
      charts.FunnelChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.MarkLineComponent,
      renderers.CanvasRenderer
    ])
    return core
  })
  return loading
}

export interface ChartClick {
  name: string
  dataIndex: number
  seriesIndex?: number
}

/** A lazily loaded ECharts chart that follows the colour scheme and its container's size. */
export function Chart({
  option,
  height = 260,
  label,
  onClick
}: {
  option: EChartsCoreOption
  height?: number
  label: string
  onClick?(e: ChartClick): void
}): React.ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const clickRef = useRef(onClick)
  const [ready, setReady] = useState(false)
  const scheme = useComputedColorScheme('light')

  useEffect(() => {
    clickRef.current = onClick
  }, [onClick])

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | null = null
    void loadECharts().then((echarts) => {
      if (disposed || !ref.current) return
      const instance = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' })
      instance.on('click', (p) => {
        const e = p as { name: string; dataIndex: number; seriesIndex?: number }
        clickRef.current?.({ name: e.name, dataIndex: e.dataIndex, seriesIndex: e.seriesIndex })
      })
      chart.current = instance
      // The observer also fires once on observe(): resize only when the size really changed,
      // or every chart lays itself out twice on first paint.
      observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect
        if (box && Math.round(box.width) === instance.getWidth() && Math.round(box.height) === instance.getHeight()) return
        instance.resize()
      })
      observer.observe(ref.current)
      setReady(true)
    })
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
      setReady(false)
    }
  }, [scheme])

  // No animation: managers read the numbers, and a chart that grows in looks unfinished.
  useEffect(() => {
    if (!ready || !chart.current) return
    chart.current.setOption({ backgroundColor: 'transparent', animation: false, ...option }, true)
    // Marks the chart as drawn (tests and the bench wait for it); no state, so no extra render.
    ref.current?.parentElement?.setAttribute('data-chart-ready', 'true')
  }, [ready, option])

  return (
    <div role="img" aria-label={label} style={{ position: 'relative', height }}>
      <div ref={ref} style={{ position: 'absolute', inset: 0 }} />
      {!ready && <Loader size="sm" style={{ position: 'absolute', top: '45%', left: '50%' }} />}
    </div>
  )
}
