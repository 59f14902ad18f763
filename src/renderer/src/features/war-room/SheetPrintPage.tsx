import { useMemo, useState } from 'react'
import { Alert, Anchor, Button, Group, Loader, Text, Title } from '@mantine/core'
import { IconFileTypePdf } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { redFlags } from '@shared/domain/strategy-sheet'
import { getDb } from '../../db/database'
import { bridge, BridgeError } from '../../bridge'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale, usePreferences } from '../../app/preferences'
import { formatDate, formatMoney, formatTime } from '../../ui/format'
import { useCloseDate } from '../dataset/use-close-date'
import { useStrategySheet } from './use-strategy-sheet'

/** The print view only reads: no name, so it never shows up as someone in the sheet. */
const PRINT_VIEWER = { id: 'print', name: '' }
import { agendaSections, SectionReadout } from './SheetReadout'
import './war-room.css'

/** A file name the save dialog accepts on every OS: the deal's name without path characters. */
export function pdfFileName(prefix: string, dealName: string, day: string): string {
  const clean = [...`${prefix} ${dealName} ${day}`]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 180)
  return `${clean}.pdf`
}

/**
 * `/war-room/:dealId/print`: the sheet laid out for A4 — header, then each section as a table,
 * a footer with the print date and page numbers. Electron prints it with printToPDF; in a
 * browser it is the browser's own print to PDF.
 */
export function SheetPrintPage({ dealId }: { dealId: string }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { info } = usePreferences()
  const { userById } = useWorkspaceData()
  const deal = useLiveQuery(() => getDb().deals.get(dealId), [dealId])
  const customer = useLiveQuery(() => (deal?.customerId ? getDb().customers.get(deal.customerId) : undefined), [deal?.customerId])
  const contacts = useLiveQuery(() => (deal?.customerId ? getDb().contacts.where('customerId').equals(deal.customerId).toArray() : []), [deal?.customerId])
  const closeDate = useCloseDate()
  const { state } = useStrategySheet(deal && !deal.deleted ? dealId : undefined, PRINT_VIEWER)
  const [exporting, setExporting] = useState<'idle' | 'busy' | { saved: string } | { error: string }>('idle')
  const [printedAt] = useState(() => Date.now())
  const content = state.status === 'ready' ? state.content : null
  const flags = useMemo(
    () => (content ? redFlags(content, { now: printedAt, contactIds: contacts ? new Set(contacts.filter((c) => !c.deleted).map((c) => c.id)) : undefined }) : []),
    [content, contacts, printedAt]
  )

  if (deal === undefined || state.status === 'loading') return <Loader m="xl" />
  if (!deal || deal.deleted) {
    return (
      <Alert color="orange" title={t('error.dealMissingTitle')} m="md">
        {t('error.dealMissing')}
      </Alert>
    )
  }
  if (state.status === 'error' || !content) {
    return (
      <Alert color="red" title={t('error.loadTitle')} m="md">
        {t('error.load')}
      </Alert>
    )
  }
  const userName = (id: string): string => userById.get(id)?.name ?? id
  const printedOn = `${formatDate(printedAt, locale, timeZone)} ${formatTime(printedAt, locale, timeZone)}`

  const exportPdf = async (): Promise<void> => {
    // Only Electron's main has a window to print; a browser prints the page itself.
    if (info.runtime !== 'electron') {
      window.print()
      return
    }
    setExporting('busy')
    try {
      const { data } = await bridge.invoke('export.printToPdf', {})
      const { fileName } = await bridge.invoke('export.savePdf', { fileName: pdfFileName(t('pdf.filePrefix'), deal.name, formatDate(printedAt, locale, timeZone)), data })
      setExporting(fileName ? { saved: fileName } : 'idle')
    } catch (e) {
      setExporting({ error: e instanceof BridgeError ? e.code : 'export.failed' })
    }
  }

  return (
    <div className="sheet-print">
      <Group justify="space-between" className="no-print" mb="md">
        <Anchor component={Link} to={`/war-room/${deal.id}`} size="sm">
          {t('pdf.back')}
        </Anchor>
        <Group gap="xs">
          {typeof exporting === 'object' && 'saved' in exporting && (
            <Text size="sm" c="teal">
              {t('pdf.saved', { fileName: exporting.saved })}
            </Text>
          )}
          {typeof exporting === 'object' && 'error' in exporting && (
            <Text size="sm" c="red">
              {t('pdf.failed')}
            </Text>
          )}
          <Button size="xs" leftSection={<IconFileTypePdf size={14} />} loading={exporting === 'busy'} onClick={() => void exportPdf()}>
            {t('pdf.export')}
          </Button>
        </Group>
      </Group>
      <header className="print-header">
        <Title order={2}>{t('sheetTitle', { deal: deal.name })}</Title>
        <Text>
          {customer?.name} · {deal.amount === undefined ? t('dataset:amountNotSet') : formatMoney(deal.amount, deal.currency, locale)} · {t('owner', { name: userName(deal.ownerId) })} ·{' '}
          {t('closeDate', { date: closeDate(deal.expectedCloseAt) })}
        </Text>
      </header>
      {agendaSections.map((s) => (
        <section key={s} className="print-section" aria-label={t(`section.${s}`)}>
          <Title order={4}>{t(`section.${s}`)}</Title>
          <SectionReadout section={s} content={content} flags={flags} userName={userName} />
        </section>
      ))}
      <footer className="print-footer">
        {t('pdf.footer', { deal: deal.name, date: printedOn })}
      </footer>
    </div>
  )
}
