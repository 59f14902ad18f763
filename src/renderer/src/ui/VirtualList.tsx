import { useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Box } from '@mantine/core'

/**
 * A windowed list: only the rows on screen are in the DOM, so 10,000 deals scroll as smoothly
 * as 10. Rows have a fixed height (dense lists), which keeps measuring out of the hot path.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  renderRow,
  getKey,
  label
}: {
  items: readonly T[]
  rowHeight: number
  height: number | string
  renderRow: (item: T, index: number) => React.ReactNode
  getKey: (item: T) => string
  label: string
}): React.ReactNode {
  const parentRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: (i) => getKey(items[i]!)
  })
  return (
    <Box ref={parentRef} style={{ height, overflow: 'auto' }} role="list" aria-label={label}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => (
          <div
            key={v.key}
            role="listitem"
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${v.start}px)` }}
          >
            {renderRow(items[v.index]!, v.index)}
          </div>
        ))}
      </div>
    </Box>
  )
}
