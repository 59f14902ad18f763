import { useCallback, useState } from 'react'
import { Button, Menu } from '@mantine/core'
import { IconDownload, IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { ExportChart, ExportDocument, ViewTable } from './document'
import { useExport, type ExportStamp } from './use-export'
import { PrintView } from './PrintView'

/** A smaller piece of the view that can be exported on its own (one board column). */
export interface ExportPart {
  key: string
  label: string
  tables(): ViewTable[] | Promise<ViewTable[]>
}

/**
 * "Export" on any view: Excel (.xlsx, built in main) or PDF (a print view in A4). The view
 * hands over its rows as tables, built only when the reader exports. `parts`: pieces that can
 * be exported alone, e.g. one column of the board.
 */
export function ExportMenu({
  title,
  tables,
  charts,
  parts,
  disabled
}: {
  /** The view's name, e.g. "Funnel": the file name and the paper copy's heading. */
  title: string
  /** May read what the view does not hold (e.g. customer names) before it answers. */
  tables(): ViewTable[] | Promise<ViewTable[]>
  charts?(): ExportChart[]
  parts?: { label: string; items: readonly ExportPart[] }
  disabled?: boolean
}): React.ReactNode {
  const { t } = useTranslation('export')
  const ex = useExport()
  const [printing, setPrinting] = useState<{ doc: ExportDocument; stamp: ExportStamp } | null>(null)

  const whole = async (): Promise<ExportDocument> => ({ title, tables: await tables(), charts: charts?.() })
  const part = async (p: ExportPart): Promise<ExportDocument> => ({ title: `${title} · ${p.label}`, tables: await p.tables() })
  const print = (doc: Promise<ExportDocument>): void => void doc.then((d) => setPrinting({ doc: d, stamp: ex.stamp() }))
  const xlsx = (doc: Promise<ExportDocument>): void => void doc.then((d) => ex.xlsx(d))
  const close = useCallback(() => setPrinting(null), [])

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} loading={ex.busy && !printing} disabled={disabled}>
            {t('menu.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {parts && <Menu.Label>{t('menu.whole')}</Menu.Label>}
          <Menu.Item leftSection={<IconFileSpreadsheet size={14} />} onClick={() => xlsx(whole())}>
            {t('menu.xlsx')}
          </Menu.Item>
          <Menu.Item leftSection={<IconFileTypePdf size={14} />} onClick={() => print(whole())}>
            {t('menu.pdf')}
          </Menu.Item>
          {parts && parts.items.length > 0 && (
            <>
              <Menu.Divider />
              <Menu.Label>{parts.label}</Menu.Label>
              {parts.items.map((p) => (
                <Menu.Sub key={p.key}>
                  <Menu.Sub.Target>
                    <Menu.Sub.Item closeMenuOnClick={false}>{p.label}</Menu.Sub.Item>
                  </Menu.Sub.Target>
                  <Menu.Sub.Dropdown>
                    <Menu.Item
                      leftSection={<IconFileSpreadsheet size={14} />}
                      aria-label={t('menu.partXlsx', { part: p.label })}
                      onClick={() => xlsx(part(p))}
                    >
                      {t('menu.xlsx')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconFileTypePdf size={14} />} aria-label={t('menu.partPdf', { part: p.label })} onClick={() => print(part(p))}>
                      {t('menu.pdf')}
                    </Menu.Item>
                  </Menu.Sub.Dropdown>
                </Menu.Sub>
              ))}
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {printing && (
        <PrintView
          doc={printing.doc}
          stamp={printing.stamp}
          busy={ex.busy}
          onClose={close}
          onSave={(landscape) =>
            void ex.pdf(printing.doc, { landscape }).then((saved) => {
              if (saved) close()
            })
          }
        />
      )}
    </>
  )
}
