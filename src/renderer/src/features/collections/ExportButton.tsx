import { useState } from 'react'
import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFileSpreadsheet } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { bridge, BridgeError } from '../../bridge'
import type { TableData } from './table-data'

/** A file name the save dialog (and the IPC schema) accepts: no folders, no reserved characters. */
export function exportFileName(title: string, view: string, date: string): string {
  const plain = [...`${title} ${view} ${date}`].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? ' ' : ch)).join('')
  return `${plain.replace(/\s+/g, ' ').trim().slice(0, 190)}.xlsx`
}

/**
 * Exports what the view shows (its filter included) to Excel, one sheet per table, with the
 * same figures as the screen: main builds the workbook from the tables' plain data.
 */
export function ExportButton({ sheets, view, date }: { sheets: readonly TableData[]; view: string; date: string }): React.ReactNode {
  const { t } = useTranslation('collections')
  const [busy, setBusy] = useState(false)
  const run = async (): Promise<void> => {
    setBusy(true)
    try {
      const { fileName } = await bridge.invoke('export.saveWorkbook', {
        fileName: exportFileName(t('title'), view, date),
        sheets: sheets.map(({ name, columns, rows }) => ({ name, columns, rows }))
      })
      if (fileName) notifications.show({ color: 'teal', message: t('export.saved', { fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', message: t('export.failed', { code: e instanceof BridgeError ? e.code : 'export.failed' }) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button size="xs" variant="default" leftSection={<IconFileSpreadsheet size={14} />} loading={busy} onClick={() => void run()} data-testid="export-xlsx">
      {t('export.button')}
    </Button>
  )
}
