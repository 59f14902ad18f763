import { useCallback, useMemo, useState } from 'react'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { exportFileName, exportLimitProblem } from '@shared/export/table'
import { localDate } from '@shared/domain/calendar'
import { bridge, BridgeError } from '../../bridge'
import { useLocale, usePreferences } from '../../app/preferences'
import { useOptionalScope } from '../../app/scope'
import { useOptionalWorkspaceData } from '../../app/workspace-data'
import { formatDate, formatTime } from '../../ui/format'
import { cutLabel, wireTable, type ExportDocument } from './document'

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Who the export is about and when it was made, for file names, headings and footers. */
export interface ExportStamp {
  scope: string
  /** "2025-06-03 10:04" in the reader's zone and language. */
  at: string
  /** YYYY-MM-DD, for file names. */
  day: string
}

export interface UseExport {
  busy: boolean
  stamp(): ExportStamp
  /** Build the .xlsx in main and save it (dialog) or download it (browser). */
  xlsx(doc: ExportDocument): Promise<void>
  /** Print the mounted print view to PDF: save dialog in the desktop app, the browser's print elsewhere. */
  pdf(doc: ExportDocument, o: { landscape: boolean }): Promise<boolean>
  /** A translated message for an export error code. */
  message(code: string, params?: Record<string, string | number>): string
}

/**
 * Export through the bridge, and nothing else: main builds the workbook, main's dialog saves
 * it; in the browser harness the bytes come back and the page downloads them.
 */
export function useExport(): UseExport {
  const { t, i18n } = useTranslation('export')
  const { locale, timeZone } = useLocale()
  const { info } = usePreferences()
  const scope = useOptionalScope()?.scope ?? { kind: 'all' as const }
  const workspace = useOptionalWorkspaceData()
  const [busy, setBusy] = useState(false)

  const scopeLabel =
    scope.kind === 'all'
      ? t('common:scope.all')
      : ((scope.kind === 'orgUnit' ? workspace?.orgUnitById.get(scope.id)?.name : workspace?.userById.get(scope.id)?.name) ?? t('common:scope.all'))

  const stamp = useCallback((): ExportStamp => {
    const now = Date.now()
    return { scope: scopeLabel, at: `${formatDate(now, locale, timeZone)} ${formatTime(now, locale, timeZone)}`, day: localDate(now, timeZone) }
  }, [scopeLabel, locale, timeZone])

  const message = useCallback(
    (code: string, params?: Record<string, string | number>): string => {
      if (i18n.exists(`errors.${code}`, { ns: 'export' })) return t(`errors.${code}`, params)
      if (i18n.exists(`errors.${code}`, { ns: 'common' })) return t(`common:errors.${code}`, params)
      return t('errors.unknown', { code })
    },
    [t, i18n]
  )

  const fail = useCallback(
    (e: unknown) => {
      const text = e instanceof BridgeError ? message(e.code, e.params) : message('export.failed')
      notifications.show({ color: 'red', title: t('failed'), message: text })
    },
    [message, t]
  )

  const xlsx = useCallback(
    async (doc: ExportDocument): Promise<void> => {
      const problem = exportLimitProblem(doc.tables)
      if (problem) {
        notifications.show({ color: 'red', title: t('failed'), message: message(problem.code, problem.params) })
        return
      }
      const s = stamp()
      setBusy(true)
      try {
        const res = await bridge.invoke('export.xlsx', {
          fileName: exportFileName([doc.title, s.scope, s.day], 'xlsx'),
          timeZone,
          title: cutLabel(doc.title),
          subject: cutLabel(t('subject', { scope: s.scope, at: s.at })),
          tables: doc.tables.map(wireTable)
        })
        if (res.fileName === null) return
        if (res.data) {
          download(res.data, res.fileName)
          notifications.show({ color: 'teal', message: t('downloaded', { fileName: res.fileName }) })
        } else notifications.show({ color: 'teal', message: t('saved', { fileName: res.fileName }) })
      } catch (e) {
        fail(e)
      } finally {
        setBusy(false)
      }
    },
    [stamp, timeZone, t, message, fail]
  )

  const pdf = useCallback(
    async (doc: ExportDocument, o: { landscape: boolean }): Promise<boolean> => {
      // Only Electron's main has a window to print; a browser prints the page itself.
      if (info.runtime !== 'electron') {
        window.print()
        return false
      }
      const s = stamp()
      setBusy(true)
      try {
        const { data } = await bridge.invoke('export.printToPdf', { landscape: o.landscape })
        const res = await bridge.invoke('export.savePdf', { fileName: exportFileName([doc.title, s.scope, s.day], 'pdf'), data })
        if (res.fileName === null) return false
        notifications.show({ color: 'teal', message: t('saved', { fileName: res.fileName }) })
        return true
      } catch (e) {
        fail(e)
        return false
      } finally {
        setBusy(false)
      }
    },
    [info.runtime, stamp, t, fail]
  )

  return useMemo(() => ({ busy, stamp, xlsx, pdf, message }), [busy, stamp, xlsx, pdf, message])
}

/** Offer bytes as a file download (the browser's own downloads, no dialog of ours). */
function download(data: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: XLSX_MIME }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked later: the download starts asynchronously from the URL.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
