import { createContext, useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness'
import type { StrategySheet } from '@shared/model'
import { initSheet, isNewerSheet, readField, readSheet, touchEditor, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { bindSheet, broadcastTransport, openSheet, SheetError } from '../../db/strategy-sheets'
import { bridgeSheetLink, hubTransport, type SheetTransport } from '../../db/strategy-sheets-live'

export type SheetState =
  | { status: 'loading' }
  | { status: 'error'; code: string }
  | {
      status: 'ready'
      doc: Y.Doc
      record: StrategySheet
      /** Random-id sheets of the same deal from before ids were derived; folded into this one. */
      legacyIds: string[]
      content: StrategySheetContent
      /** Updates that failed to load; the rest is shown. */
      damaged: number
      /** Written by a newer version of the app: shown read-only so we don't damage it. */
      readOnly: boolean
    }

/** Someone else with the sheet open right now, and the field they are in (`gaps.<rowId>.question`…). */
export interface SheetPeer {
  clientId: number
  userId: string
  name: string
  color: string
  field: string | null
}

/** What live fields need: who else is where, and how to say where we are. */
export interface SheetLive {
  peers: SheetPeer[]
  setField: (field: string | null) => void
  /** A field's text in the document right now, which may be ahead of what is rendered. */
  read: (field: string) => string | undefined
}

export const SheetLiveContext = createContext<SheetLive | null>(null)

const PEER_COLORS = ['blue', 'grape', 'teal', 'orange', 'pink', 'cyan', 'lime', 'violet']

/** A stable colour per person, so the same chip colour means the same colleague in every window. */
export function peerColor(userId: string): string {
  let h = 0
  for (const ch of userId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return PEER_COLORS[Math.abs(h) % PEER_COLORS.length]!
}

function readPeers(a: Awareness): SheetPeer[] {
  const out: SheetPeer[] = []
  for (const [clientId, raw] of a.getStates()) {
    if (clientId === a.clientID) continue
    const s = raw as { user?: { id?: unknown; name?: unknown }; field?: unknown }
    if (typeof s.user?.id !== 'string' || typeof s.user.name !== 'string') continue
    out.push({ clientId, userId: s.user.id, name: s.user.name.slice(0, 80), color: peerColor(s.user.id), field: typeof s.field === 'string' ? s.field.slice(0, 200) : null })
  }
  return out.sort((x, y) => x.name.localeCompare(y.name) || x.clientId - y.clientId)
}

/**
 * Open a deal's sheet, keep it stored and shared live — other windows through a
 * BroadcastChannel, other laptops through the team hub when one is connected — with presence,
 * and re-read it on every change (local or remote). `edit` stamps who changed it.
 */
export function useStrategySheet(
  dealId: string | undefined,
  me: { id: string; name: string }
): { state: SheetState; edit: (fn: (doc: Y.Doc) => void) => void; live: SheetLive; hubError: string | null } {
  const [state, setState] = useState<SheetState>({ status: 'loading' })
  const [awareness, setAwareness] = useState<Awareness | null>(null)
  const [peers, setPeers] = useState<SheetPeer[]>([])
  const [hubError, setHubError] = useState<string | null>(null)

  useEffect(() => {
    if (!dealId || !me.id) return
    let cancelled = false
    let cleanup = (): void => {}
    setState({ status: 'loading' })
    openSheet(dealId, me.id, Date.now())
      .then(({ sheet, legacyIds, doc, damaged }) => {
        if (cancelled) {
          doc.destroy()
          return
        }
        const aw = new Awareness(doc)
        // Without a name (the print view) we watch without being shown.
        aw.setLocalState(me.name ? { user: { id: me.id, name: me.name }, field: null } : null)
        const transports: SheetTransport[] = [broadcastTransport(sheet.id)]
        const link = bridgeSheetLink()
        if (link) {
          transports.push(hubTransport(sheet.id, link, setHubError))
          // A legacy sheet may hold content only the hub has (this laptop never opened it), and
          // laptops on an older version still edit it: kept linked, both merge into this one.
          for (const legacyId of legacyIds) transports.push(hubTransport(legacyId, link))
        }
        const detach = bindSheet(doc, sheet.id, transports, undefined, aw)
        const readOnly = isNewerSheet(doc)
        if (!readOnly) initSheet(doc)
        const refresh = (): void => setState({ status: 'ready', doc, record: sheet, legacyIds, content: readSheet(doc), damaged, readOnly })
        const onPeers = (): void => setPeers(readPeers(aw))
        // A window closed outright still says goodbye, so its chip goes at once rather than after 30 s.
        const onHide = (): void => removeAwarenessStates(aw, [aw.clientID], 'local')
        doc.on('update', refresh)
        aw.on('change', onPeers)
        window.addEventListener('pagehide', onHide)
        refresh()
        setAwareness(aw)
        cleanup = () => {
          window.removeEventListener('pagehide', onHide)
          aw.off('change', onPeers)
          doc.off('update', refresh)
          detach()
          for (const t of transports) t.close()
          aw.destroy()
          doc.destroy()
          setAwareness(null)
          setPeers([])
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setState({ status: 'error', code: e instanceof SheetError ? e.code : 'sheet.load-failed' })
      })
    return () => {
      cancelled = true
      cleanup()
    }
    // The acting user only stamps edits and names our presence; switching it must not reopen the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dealId])

  useEffect(() => {
    if (awareness && me.id && me.name && awareness.getLocalState() !== null) awareness.setLocalStateField('user', { id: me.id, name: me.name })
  }, [awareness, me.id, me.name])

  const setField = useCallback(
    (field: string | null) => {
      if (awareness?.getLocalState()) awareness.setLocalStateField('field', field)
    },
    [awareness]
  )

  const doc = state.status === 'ready' && !state.readOnly ? state.doc : null
  const edit = useCallback(
    (fn: (d: Y.Doc) => void) => {
      if (!doc) return
      doc.transact(() => {
        fn(doc)
        touchEditor(doc, me.id, Date.now())
      })
    },
    [doc, me.id]
  )
  const read = useCallback((field: string) => (doc ? readField(doc, field) : undefined), [doc])
  return { state, edit, live: { peers, setField, read }, hubError }
}
