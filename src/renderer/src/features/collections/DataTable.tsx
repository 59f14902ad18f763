import { useMemo, useState } from 'react'
import { Anchor, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useLocale } from '../../app/preferences'
import { formatDate, formatMoney, formatMoneyExact, formatPercent } from '../../ui/format'
import type { CellValue, TableColumn, TableData } from './table-data'

function display(c: TableColumn, row: Record<string, CellValue>, locale: 'zh-CN' | 'en-US'): { text: string; title?: string } {
  const v = row[c.key]
  if (v === null || v === undefined || v === '') return { text: '—' }
  switch (c.kind) {
    case 'money': {
      const cur = String(row[c.currencyKey ?? 'currency'] ?? 'CNY')
      return { text: formatMoney(Number(v), cur, locale), title: formatMoneyExact(Number(v), cur, locale) }
    }
    case 'date':
      return { text: formatDate(Date.parse(`${String(v)}T12:00:00Z`), locale, 'UTC') }
    case 'percent':
      return { text: formatPercent(Number(v), locale) }
    case 'number':
      return { text: new Intl.NumberFormat(locale).format(Number(v)) }
    default:
      return { text: String(v) }
  }
}

/**
 * Renders a `TableData`: dense rows, tabular numbers right-aligned, links where the data has
 * them, and sorting by a click on a column header.
 */
export function DataTable({ data, maxHeight, label, testId, limit }: { data: TableData; maxHeight?: number; label: string; testId?: string; limit?: number }): React.ReactNode {
  const { locale } = useLocale()
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null)
  const order = useMemo(() => {
    const idx = data.rows.map((_, i) => i)
    if (!sort) return idx
    const dir = sort.desc ? -1 : 1
    return idx.sort((a, b) => {
      const x = data.rows[a]![sort.key]
      const y = data.rows[b]![sort.key]
      if (x === y) return a - b
      if (x === null || x === undefined) return 1
      if (y === null || y === undefined) return -1
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), locale)) * dir
    })
  }, [data, sort, locale])
  const shown = limit !== undefined ? order.slice(0, limit) : order
  const numeric = (c: TableColumn): boolean => c.kind !== 'text' && c.kind !== 'date'
  const table = (
    <Table striped highlightOnHover verticalSpacing={4} fz="sm" aria-label={label} data-testid={testId} stickyHeader>
      <Table.Thead>
        <Table.Tr>
          {data.columns.map((c) => (
            <Table.Th key={c.key} ta={numeric(c) ? 'right' : undefined} aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
              <UnstyledButton
                fz="sm"
                fw={600}
                onClick={() => setSort((s) => (s?.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: numeric(c) }))}
              >
                {c.header}
                {sort?.key === c.key && (sort.desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
              </UnstyledButton>
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((i) => {
          const row = data.rows[i]!
          const links = data.links?.[i]
          return (
            <Table.Tr key={i}>
              {data.columns.map((c) => {
                const d = display(c, row, locale)
                const to = links?.[c.key]
                return (
                  <Table.Td key={c.key} ta={numeric(c) ? 'right' : undefined} className={numeric(c) ? 'tabular' : undefined} title={d.title}>
                    {to ? (
                      <Anchor component={Link} to={to} size="sm">
                        {d.text}
                      </Anchor>
                    ) : (
                      d.text
                    )}
                  </Table.Td>
                )
              })}
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
  if (data.rows.length === 0) return <Text size="sm" c="dimmed">—</Text>
  return maxHeight ? <ScrollArea.Autosize mah={maxHeight}>{table}</ScrollArea.Autosize> : table
}
