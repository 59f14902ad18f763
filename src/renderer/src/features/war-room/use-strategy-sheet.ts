import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { StrategySheet } from '@shared/model'
import { initSheet, isNewerSheet, readSheet, touchEditor, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { bindSheet, broadcastTransport, openSheet, SheetError } from '../../db/strategy-sheets'

export type SheetState =
  | { status: 'loading' }
  | { status: 'error'; code: string }
  | {
      status: 'ready'
      doc: Y.Doc
      record: StrategySheet
      content: StrategySheetContent
      /** Updates that failed to load; the rest is shown. */
      damaged: number
      /** Written by a newer version of the app: shown read-only so we don't damage it. */
      readOnly: boolean
    }

/**
 * Open a deal's sheet, keep it stored and shared live with other windows, and re-read it on
 * every change (local or remote). `edit` stamps who changed it.
 */
export function useStrategySheet(dealId: string | undefined, userId: string): { state: SheetState; edit: (fn: (doc: Y.Doc) => void) => void } {
  const [state, setState] = useState<SheetState>({ status: 'loading' })

  useEffect(() => {
    if (!dealId || !userId) return
    let cancelled = false
    let cleanup = (): void => {}
    setState({ status: 'loading' })
    openSheet(dealId, userId, Date.now())
      .then(({ sheet, doc, damaged }) => {
        if (cancelled) {
          doc.destroy()
          return
        }
        const transport = broadcastTransport(sheet.id)
        const detach = bindSheet(doc, sheet.id, [transport])
        const readOnly = isNewerSheet(doc)
        if (!readOnly) initSheet(doc)
        const refresh = (): void => setState({ status: 'ready', doc, record: sheet, content: readSheet(doc), damaged, readOnly })
        doc.on('update', refresh)
        refresh()
        cleanup = () => {
          doc.off('update', refresh)
          detach()
          transport.close()
          doc.destroy()
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setState({ status: 'error', code: e instanceof SheetError ? e.code : 'sheet.load-failed' })
      })
    return () => {
      cancelled = true
      cleanup()
    }
    // The acting user only stamps edits; switching it must not reopen the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dealId])

  const doc = state.status === 'ready' && !state.readOnly ? state.doc : null
  const edit = useCallback(
    (fn: (d: Y.Doc) => void) => {
      if (!doc) return
      doc.transact(() => {
        fn(doc)
        touchEditor(doc, userId, Date.now())
      })
    },
    [doc, userId]
  )
  return { state, edit }
}
