import { useTranslation } from 'react-i18next'
import { ExportMenu } from '../export/ExportMenu'
import { viewTableOf } from './export-tables'
import type { TableData } from './table-data'

/** A collections tab's tables through the app's one export (Excel and PDF), as the tab shows them (its filter included). */
export function CollectionsExport({ sheets, view }: { sheets: readonly TableData[]; view: string }): React.ReactNode {
  const { t } = useTranslation('collections')
  return <ExportMenu title={`${t('title')} · ${view}`} tables={() => sheets.map(viewTableOf)} disabled={sheets.every((s) => s.rows.length === 0)} />
}
