import * as Y from 'yjs'
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness'
import type { SheetEvent } from '@shared/ipc/sync'
import { bridge } from '../bridge'

/**
 * How a sheet's Yjs updates and presence travel between replicas open at the same time, with no
 * storage here (strategy-sheets.ts adds that): another window on this machine through a
 * BroadcastChannel, other laptops through the team hub (main relays to it over the live socket).
 * Both are the same `SheetTransport` shape, so a document does not care which carries it.
 */
export interface SheetTransport {
  publish(update: Uint8Array): void
  /** Returns the unsubscribe function. */
  subscribe(onUpdate: (update: Uint8Array) => void): () => void
  /** Presence: y-protocols awareness updates. Optional, a transport may carry the document only. */
  publishAwareness?(update: Uint8Array): void
  subscribeAwareness?(onUpdate: (update: Uint8Array) => void): () => void
  /** Replicas that went away without saying so (a laptop that lost the hub): their presence goes. */
  subscribeLeft?(onLeft: (clientIds: number[]) => void): () => void
  /** The transport (re)joined its peers (the hub answered an open): our presence is announced again. */
  subscribeJoined?(onJoined: () => void): () => void
  /**
   * Transports with a sync step of their own (the hub: state vectors exchanged, so each side
   * sends only what the other misses) start it here instead of receiving the whole state.
   */
  connect?(doc: Y.Doc): void
  close(): void
}

/** Whoever else is open learns our presence as soon as we learn theirs. */
const AWARENESS_LOCAL = 'local'

export function broadcastTransport(sheetId: string): SheetTransport {
  const channel = new BroadcastChannel(`strategy-sheet:${sheetId}`)
  const listen = <T>(pick: (data: unknown) => T | undefined, fn: (v: T) => void): (() => void) => {
    const listener = (e: MessageEvent): void => {
      const v = pick(e.data)
      if (v !== undefined) fn(v)
    }
    channel.addEventListener('message', listener)
    return () => channel.removeEventListener('message', listener)
  }
  return {
    // Document updates stay bare Uint8Arrays, as windows of the previous version send and expect them.
    publish: (update) => channel.postMessage(update),
    subscribe: (fn) => listen((d) => (d instanceof Uint8Array ? d : undefined), fn),
    publishAwareness: (update) => channel.postMessage({ awareness: update }),
    subscribeAwareness: (fn) => listen((d) => (d && typeof d === 'object' && (d as { awareness?: unknown }).awareness instanceof Uint8Array ? (d as { awareness: Uint8Array }).awareness : undefined), fn),
    close: () => channel.close()
  }
}

/**
 * Share `doc` (and its presence) over `transports`: local changes are published to all, a
 * change received from one is applied and passed on to none (each transport reaches its own
 * peers). Returns the detach function, which also tells the others we left.
 */
export function linkDoc(doc: Y.Doc, transports: SheetTransport[], awareness?: Awareness): () => void {
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (transports.includes(origin as SheetTransport)) return
    for (const t of transports) t.publish(update)
  }
  doc.on('update', onUpdate)
  const offs = transports.map((t) => t.subscribe((u) => Y.applyUpdate(doc, u, t)))

  if (awareness) {
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
      if (origin !== AWARENESS_LOCAL) return
      const update = encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed])
      for (const t of transports) t.publishAwareness?.(update)
    }
    awareness.on('update', onAwareness)
    offs.push(() => awareness.off('update', onAwareness))
    for (const t of transports) {
      if (t.subscribeAwareness) {
        offs.push(
          t.subscribeAwareness((u) => {
            const before = new Set(awareness.getStates().keys())
            applyAwarenessUpdate(awareness, u, t)
            // A newcomer: answer with our own state at once rather than at the next 15 s renewal.
            if ([...awareness.getStates().keys()].some((id) => !before.has(id)) && awareness.getLocalState() !== null) {
              t.publishAwareness?.(encodeAwarenessUpdate(awareness, [awareness.clientID]))
            }
          })
        )
      }
      if (t.subscribeLeft) offs.push(t.subscribeLeft((ids) => removeAwarenessStates(awareness, ids.filter((id) => id !== awareness.clientID), t)))
      if (t.subscribeJoined) {
        offs.push(
          t.subscribeJoined(() => {
            if (awareness.getLocalState() !== null) t.publishAwareness?.(encodeAwarenessUpdate(awareness, [awareness.clientID]))
          })
        )
      }
    }
  }

  for (const t of transports) {
    if (t.connect) t.connect(doc)
    // Whoever else is open gets everything we have, in case they loaded before our last writes.
    else t.publish(Y.encodeStateAsUpdate(doc))
  }
  if (awareness && awareness.getLocalState() !== null) {
    const mine = encodeAwarenessUpdate(awareness, [awareness.clientID])
    for (const t of transports) t.publishAwareness?.(mine)
  }
  return () => {
    // Say goodbye while the transports are still subscribed, so the others drop our chip now.
    if (awareness) removeAwarenessStates(awareness, [awareness.clientID], AWARENESS_LOCAL)
    doc.off('update', onUpdate)
    for (const off of offs) off()
  }
}

// ---------- through the team hub ----------

/** Main's side of the hub, as the page reaches it (in tests: a SyncBridge's relay directly). */
export interface SheetHubLink {
  open(sheetId: string, clientId: number, sv: Uint8Array): void
  send(sheetId: string, kind: 'update' | 'awareness', data: Uint8Array): void
  close(sheetId: string, clientId: number): void
  on(listener: (e: SheetEvent) => void): () => void
}

/** Hub answers after which the sheet is no longer open there (see src/hub/sheets.ts). */
const SHUT_CODES = new Set(['sheet.out-of-scope', 'sheet.revoked', 'sheet.unknown'])

const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

/**
 * A sheet through the hub. Opening sends our state vector; the hub answers with what we miss
 * and its own state vector, and we send what it misses — so edits made offline, on either side,
 * merge whenever the connection comes back (main says `reconnect`, we open again).
 */
export function hubTransport(sheetId: string, link: SheetHubLink, onError?: (code: string | null) => void): SheetTransport {
  let doc: Y.Doc | undefined
  // Refused or closed for scope: nothing more is sent (each keystroke would only earn an error)
  // until the connection comes back and the hub decides again.
  let shut = false
  const updates = new Set<(u: Uint8Array) => void>()
  const presence = new Set<(u: Uint8Array) => void>()
  const left = new Set<(ids: number[]) => void>()
  const joined = new Set<() => void>()
  const add = <T>(set: Set<T>, fn: T): (() => void) => {
    set.add(fn)
    return () => set.delete(fn)
  }
  const open = (): void => {
    if (doc) link.open(sheetId, doc.clientID, Y.encodeStateVector(doc))
  }
  // A sheet opened in the same moment it was created is not on the hub yet (its record is still
  // in an outbox, ours or a colleague's): ask again shortly instead of staying shut until a reconnect.
  let retry: ReturnType<typeof setTimeout> | undefined
  let retries = 0
  const openLater = (): void => {
    if (retry || retries >= 8) return
    retry = setTimeout(() => {
      retry = undefined
      shut = false
      open()
    }, Math.min(30_000, 1_000 * 2 ** retries++))
  }
  /**
   * An update that leaves structs waiting for ones we never got (the hub relayed it while our
   * open was still on its way) is healed by opening again: the hub answers with what we miss.
   */
  const applyAndHeal = (data: Uint8Array): void => {
    for (const fn of updates) fn(data)
    if (doc && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)) openLater()
  }
  const off = link.on((e) => {
    if (e.sheetId !== sheetId) return
    if (e.kind === 'sync') {
      retries = 0
      // Open on the hub now: an earlier "not on the hub yet" no longer holds.
      onError?.(null)
      const data = fromB64(e.data)
      for (const fn of updates) fn(data)
      if (doc) {
        const theyMiss = Y.encodeStateAsUpdate(doc, fromB64(e.sv))
        // Two bytes is an update carrying nothing.
        if (theyMiss.byteLength > 2) link.send(sheetId, 'update', theyMiss)
      }
      for (const fn of joined) fn()
    } else if (e.kind === 'update') {
      applyAndHeal(fromB64(e.data))
    } else if (e.kind === 'awareness') {
      const data = fromB64(e.data)
      for (const fn of presence) fn(data)
    } else if (e.kind === 'left') {
      for (const fn of left) fn(e.clientIds)
    } else if (e.kind === 'reconnect') {
      shut = false
      open()
    } else {
      if (SHUT_CODES.has(e.code)) shut = true
      if (e.code === 'sheet.unknown') openLater()
      onError?.(e.code)
    }
  })
  return {
    publish: (u) => {
      if (!shut) link.send(sheetId, 'update', u)
    },
    subscribe: (fn) => add(updates, fn),
    publishAwareness: (u) => {
      if (!shut) link.send(sheetId, 'awareness', u)
    },
    subscribeAwareness: (fn) => add(presence, fn),
    subscribeLeft: (fn) => add(left, fn),
    subscribeJoined: (fn) => add(joined, fn),
    connect: (d) => {
      doc = d
      open()
    },
    close: () => {
      off()
      if (retry) clearTimeout(retry)
      if (doc) link.close(sheetId, doc.clientID)
    }
  }
}

/** The hub link of a page: main's `sync.sheet*` channels and `sync.sheet` event. No hub connected: nothing happens. */
export function bridgeSheetLink(): SheetHubLink | null {
  if (!bridge.available) return null
  const quiet = (p: Promise<unknown>): void => void p.catch(() => undefined)
  return {
    // Copies: the channel schema wants bytes on their own ArrayBuffer, Yjs may hand out views.
    open: (sheetId, clientId, sv) => quiet(bridge.invoke('sync.sheetOpen', { sheetId, clientId, sv: new Uint8Array(sv) })),
    send: (sheetId, kind, data) => quiet(bridge.invoke('sync.sheetSend', { sheetId, kind, data: new Uint8Array(data) })),
    close: (sheetId, clientId) => quiet(bridge.invoke('sync.sheetClose', { sheetId, clientId })),
    on: (listener) => bridge.on('sync.sheet', listener)
  }
}
