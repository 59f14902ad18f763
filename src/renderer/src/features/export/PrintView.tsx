import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { Button, Group, Text } from '@mantine/core'
import { IconFileTypePdf, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EXPORT_LIMITS } from '@shared/export/table'
import { useLocale } from '../../app/preferences'
import { alignOf, cellText } from './cell-text'
import type { ExportDocument, ViewTable } from './document'
import type { ExportStamp } from './use-export'
import { PrintChart } from './PrintChart'
import './export.css'

/** More columns than this do not fit across A4 portrait in a readable size: the paper turns. */
const PORTRAIT_COLUMNS = 8

function printedColumns(table: ViewTable): ViewTable['columns'] {
  if (!table.printColumns) return table.columns
  const keep = new Set(table.printColumns)
  return table.columns.filter((c) => keep.has(c.key))
}

export function isLandscape(doc: ExportDocument): boolean {
  return doc.tables.some((t) => t.onPaper !== false && printedColumns(t).length > PORTRAIT_COLUMNS)
}

/**
 * The paper copy of a view: its heading (what, which scope, when), its charts drawn again as
 * vectors, and every table with its header repeated on each page. On screen it is a preview
 * over the app; in print only it is on the page (see export.css), so Electron's printToPDF
 * and the browser's own print both give A4 pages of just this.
 */
export function PrintView({
  doc,
  stamp,
  busy,
  onSave,
  onClose
}: {
  doc: ExportDocument
  stamp: ExportStamp
  busy: boolean
  onSave(landscape: boolean): void
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('export')
  const { locale, timeZone } = useLocale()
  const charts = useMemo(() => doc.charts ?? [], [doc])
  const [drawn, setDrawn] = useState(0)
  const chartDrawn = useRef(new Set<number>())
  const ready = drawn >= charts.length
  const landscape = isLandscape(doc)
  const save = useRef<HTMLButtonElement>(null)
  const markDrawn = useCallback((i: number) => {
    if (chartDrawn.current.has(i)) return
    chartDrawn.current.add(i)
    setDrawn(chartDrawn.current.size)
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [onClose])
  useEffect(() => save.current?.focus(), [])

  const pageRule = `@page { size: A4 ${landscape ? 'landscape' : 'portrait'}; margin: 12mm 11mm 14mm; @bottom-right { content: counter(page) ' / ' counter(pages); font-size: 8px; color: #555; } }`

  return createPortal(
    <div
      className="export-print"
      role="dialog"
      aria-modal="true"
      aria-label={t('print.title', { title: doc.title })}
      data-export-ready={ready ? 'true' : 'false'}
      data-orientation={landscape ? 'landscape' : 'portrait'}
    >
      <style>{pageRule}</style>
      <Group className="export-print-toolbar no-print" justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {t('print.title', { title: doc.title })}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t(landscape ? 'print.landscape' : 'print.portrait')}
          </Text>
          <Button ref={save} size="xs" leftSection={<IconFileTypePdf size={14} />} disabled={!ready} loading={busy} onClick={() => onSave(landscape)}>
            {t('print.save')}
          </Button>
          <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onClose}>
            {t('print.close')}
          </Button>
        </Group>
      </Group>
      <article className={`export-print-paper${landscape ? ' landscape' : ''}`} lang={locale}>
        <header className="export-print-header">
          <h1>{doc.title}</h1>
          <p>{t('print.stamp', { scope: stamp.scope, at: stamp.at })}</p>
        </header>
        {charts.map((c, i) => (
          <section key={`chart-${i}`} className="export-print-section chart">
            <h2>{c.title}</h2>
            <PrintChart option={c.option} height={c.height} label={c.title} onReady={() => markDrawn(i)} />
          </section>
        ))}
        {doc.tables.filter((table) => table.onPaper !== false).map((table, i) => (
          <PrintTable key={`table-${i}`} table={table} locale={locale} timeZone={timeZone} />
        ))}
        <footer className="export-print-footer">{t('print.footer', { title: doc.title, scope: stamp.scope, at: stamp.at })}</footer>
      </article>
    </div>,
    document.body
  )
}

/** A column whose values are all this short keeps them on one line (headers may wrap); longer text wraps. */
const NOWRAP_CHARS = 16

function PrintTable({ table, locale, timeZone }: { table: ViewTable; locale: 'zh-CN' | 'en-US'; timeZone: string }): React.ReactNode {
  const { t } = useTranslation('export')
  const shown = table.rows.length > EXPORT_LIMITS.printRows ? table.rows.slice(0, EXPORT_LIMITS.printRows) : table.rows
  // Paper is narrow: a column empty in every row is left off (the sheet keeps it).
  const all = printedColumns(table)
  const filled = all.filter((c) => shown.some((r) => r[c.key] !== null && r[c.key] !== undefined && r[c.key] !== ''))
  const columns = filled.length > 0 ? filled : all
  const text = shown.map((row) => columns.map((c) => cellText(c, row[c.key], locale, timeZone)))
  const nowrap = columns.map((_, i) => text.every((cells) => cells[i]!.length <= NOWRAP_CHARS))
  return (
    <section className="export-print-section" aria-label={table.title}>
      <h2>
        {table.title} <small>{t('print.rows', { count: table.rows.length })}</small>
      </h2>
      {table.rows.length === 0 ? (
        <p className="export-print-empty">{t('print.empty')}</p>
      ) : (
        <table className="export-print-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} style={{ textAlign: alignOf(c) }}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {text.map((cells, r) => (
              <tr key={r}>
                {columns.map((c, i) => (
                  <td key={c.key} style={{ textAlign: alignOf(c), whiteSpace: nowrap[i] ? 'nowrap' : undefined }}>
                    {cells[i]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.length < table.rows.length && (
        <p className="export-print-note">{t('print.truncated', { shown: shown.length, count: table.rows.length })}</p>
      )}
    </section>
  )
}
