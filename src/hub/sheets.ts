import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { z } from 'zod'
import { CleanId } from '../shared/hub-api/text'
import { DEAL_SHEET_PREFIX, dealSheetId } from '../shared/domain/strategy-sheet'
import type { SheetRelay } from './fanout'
import { ScopeCache } from './scope-cache'
import type { HubStore, Sql } from './store'

/**
 * Strategy sheets live through the hub. A sheet is a Yjs document; the hub keeps its updates
 * append-only per sheet (folded into one when there are many) and relays updates and presence
 * (y-protocols awareness) between the sockets that have the sheet open, over the same
 * authenticated `/sync/live` socket that carries pokes.
 *
 * Who may open a sheet is decided from the hub's own tables every time: the sheet's deal lives
 * in a region stream, and the user's scope must hold that region. The scope is checked again on
 * every relayed message, for the sender and for each recipient (through the scope cache, which
 * re-reads only when the org changed): someone moved out of the region stops receiving the
 * sheet at the next keystroke and is told `sheet.revoked`, not at their next reconnect. A laptop that edited offline
 * sends its state vector on open, gets what it misses and sends back what the hub misses, so
 * both sides merge (Yjs updates are idempotent and commutative).
 *
 * Several hub instances behind a load balancer (fanout.ts): an instance publishes every update
 * it stored, every awareness update and every presence that left; the others relay them to
 * their own members of the sheet as if they came from a local socket (scope re-checked), and
 * apply updates to their open document without storing them again. An instance without the
 * room open ignores them: its open loads the log, which already holds the update (stored
 * before published; this instance's own sockets get it at once, while it is being stored). An open racing an update in flight ends with it either way: the relay is
 * applied once the load finished, and applying an update twice changes nothing.
 *
 * Messages are JSON with updates as base64:
 *   client → hub  {type:'sheet.open', sheetId, clientId, sv}
 *                 {type:'sheet.update' | 'sheet.awareness', sheetId, data}
 *                 {type:'sheet.close', sheetId}
 *   hub → client  {type:'sheet.sync', sheetId, data, sv}     what the client misses + the hub's state vector
 *                 {type:'sheet.update' | 'sheet.awareness', sheetId, data}
 *                 {type:'sheet.left', sheetId, clientIds}   presence of a socket that went away
 *                 {type:'sheet.error', sheetId, code, message}  code `sheet.revoked`: closed for scope
 */

/** Largest message a live socket accepts (a sheet's whole state after a long offline stretch). */
export const SHEET_MESSAGE_LIMIT = 2 * 1024 * 1024
/** Messages of one socket waiting to be handled before it is closed (4429). */
const SHEET_QUEUE_LIMIT = 256
/** An update that changes nothing (no structs, no deletions): what a re-encoded junk message comes down to. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

/**
 * The update as the hub stores and relays it: decoded as a Yjs update first (random bytes fail
 * here, cheaply — applying them could take seconds), then written out again by Yjs itself, so
 * whatever follows a valid update in the message (junk appended to it) is neither stored nor
 * relayed. Undefined when the message is not a Yjs update.
 */
function cleanUpdate(data: Uint8Array): Uint8Array | undefined {
  try {
    Y.decodeUpdate(data)
    return Y.mergeUpdates([data, EMPTY_UPDATE])
  } catch {
    return undefined
  }
}

/** Most updates one group-committed write of the log holds (4 parameters each, far below PostgreSQL's 65,535). */
const SHEET_STORE_BATCH = 1000

/** Above this many stored updates a sheet's log is folded into one. */
export const SHEET_COMPACT_AFTER = 200

// Looked up in the database: text it cannot store is refused as malformed, not failed as an error.
const SheetId = CleanId.min(1).max(64)
/** Account business plans are Yjs documents too, keyed by customer (see strategy-sheet-account-plan.ts). */
const ACCOUNT_PLAN_PREFIX = 'account-plan:'
const Base64 = z.string().max(Math.ceil((SHEET_MESSAGE_LIMIT * 4) / 3) + 4)
const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sheet.open'),
    sheetId: SheetId,
    clientIds: z.array(z.number().int().min(0)).max(64).default([]),
    sv: Base64.optional()
  }),
  z.object({ type: z.literal('sheet.update'), sheetId: SheetId, data: Base64 }),
  z.object({ type: z.literal('sheet.awareness'), sheetId: SheetId, data: Base64 }),
  z.object({ type: z.literal('sheet.close'), sheetId: SheetId })
])

/** Where an instance's sheet traffic goes for the other instances (fanout.ts over Redis). */
export interface SheetPeers {
  publishSheet(msg: SheetRelay): void
}

export interface LiveConnection {
  socket: WebSocket
  userId: string
}

interface Room {
  doc: Y.Doc
  loaded: Promise<void>
  members: Map<LiveConnection, Set<number>>
  stored: number
  /** The region stream the sheet belongs to, resolved on the first open. */
  region: string
}

/**
 * Applies stored updates in order and returns the rows that applied. A damaged row is skipped:
 * the rest of the sheet still loads (the clients hold copies too).
 */
function applyStored<R extends { data: Uint8Array }>(doc: Y.Doc, rows: R[]): R[] {
  return rows.filter((r) => {
    try {
      Y.applyUpdate(doc, new Uint8Array(r.data))
      return true
    } catch {
      return false
    }
  })
}

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64')
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))

export class SheetHub {
  private readonly rooms = new Map<string, Room>()
  private ready: Promise<void> | undefined

  private scopesStarted: Promise<void> | undefined
  private peers: SheetPeers | undefined
  /** Messages from other instances, in order per sheet (a presence must not overtake its leaving). */
  private readonly peerQueues = new Map<string, Promise<void>>()

  /**
   * `scopes`: the hub's shared scope cache; without one the relay keeps its own (it is
   * invalidated by the same org-version trigger, so it is never staler than the hub's).
   */
  constructor(
    private readonly store: HubStore,
    private readonly scopes: ScopeCache = new ScopeCache(store)
  ) {}

  /** Share this instance's sheet traffic with the other instances (server.ts wires fanout.ts). */
  shareWith(peers: SheetPeers): void {
    this.peers = peers
  }

  /** The table is created here rather than in schema.ts's steps, so the sheet relay stays one module. */
  private init(): Promise<void> {
    this.ready ??= this.store
      .query(
        `CREATE TABLE IF NOT EXISTS sheet_updates (
          sheet_id text NOT NULL,
          seq bigserial NOT NULL,
          data bytea NOT NULL,
          user_id text NOT NULL,
          received_at bigint NOT NULL,
          PRIMARY KEY (sheet_id, seq)
        )`
      )
      .then(() => undefined)
    return this.ready
  }

  /** Whether a message on the live socket is one of ours (the poke channel ignores the rest). */
  static owns(msg: unknown): boolean {
    return (
      typeof msg === 'object' &&
      msg !== null &&
      typeof (msg as { type?: unknown }).type === 'string' &&
      (msg as { type: string }).type.startsWith('sheet.')
    )
  }

  /** Per socket: messages waiting to be handled, and its updates relayed but not yet stored. */
  private readonly queues = new WeakMap<LiveConnection, { tail: Promise<void>; waiting: number; unstored: number }>()

  /** One socket's messages are handled in order (an update must not overtake its sheet's open). */
  receive(conn: LiveConnection, raw: unknown): void {
    const q = this.queues.get(conn) ?? { tail: Promise.resolve(), waiting: 0, unstored: 0 }
    // A socket sending faster than the hub stores (the database stalls) is let go rather than
    // queued without end; its laptop reconnects and its sheets exchange what each side misses.
    if (q.waiting + q.unstored >= SHEET_QUEUE_LIMIT) return conn.socket.close(4429, 'live.rate-limited')
    q.waiting++
    q.tail = q.tail
      .then(() => this.handle(conn, raw))
      .catch(() => this.fail(conn, '', 'hub.error', 'internal error'))
      .finally(() => {
        q.waiting--
      })
    this.queues.set(conn, q)
  }

  async handle(conn: LiveConnection, raw: unknown): Promise<void> {
    const parsed = ClientMessage.safeParse(raw)
    const sheetId =
      typeof (raw as { sheetId?: unknown })?.sheetId === 'string' ? (raw as { sheetId: string }).sheetId.slice(0, 64) : ''
    if (!parsed.success)
      return this.fail(conn, sheetId, 'sheet.malformed', parsed.error.issues[0]?.message ?? 'malformed sheet message')
    const msg = parsed.data
    await this.init()
    this.scopesStarted ??= this.scopes.start()
    await this.scopesStarted
    if (msg.type === 'sheet.open') return this.open(conn, msg.sheetId, msg.clientIds, msg.sv)
    const room = this.rooms.get(msg.sheetId)
    if (!room || !room.members.has(conn))
      return this.fail(conn, msg.sheetId, 'sheet.not-open', 'open the sheet before sending to it')
    if (msg.type === 'sheet.close') return this.leave(conn, msg.sheetId)
    // Whoever left the sheet's region since opening it (sender or recipient) is dropped first.
    if (!(await this.recheck(room, msg.sheetId, conn))) return
    if (msg.type === 'sheet.awareness') {
      this.relay(room, conn, { type: 'sheet.awareness', sheetId: msg.sheetId, data: msg.data })
      this.peers?.publishSheet({ type: 'sheet.awareness', sheetId: msg.sheetId, data: msg.data })
      return
    }
    const update = cleanUpdate(bytes(msg.data))
    if (!update) return this.fail(conn, msg.sheetId, 'sheet.bad-update', 'the update is not a readable Yjs update')
    // Nothing in it (a valid empty header, junk after it): nothing to store or pass on.
    if (update.length === EMPTY_UPDATE.length && update.every((b, i) => b === EMPTY_UPDATE[i])) return
    await room.loaded
    try {
      Y.applyUpdate(room.doc, update)
    } catch {
      return this.fail(conn, msg.sheetId, 'sheet.bad-update', 'the update is not a readable Yjs update')
    }
    const data = b64(update)
    // Relayed to this instance's members at once and stored meanwhile (group commit): waiting
    // for the write put a durable INSERT into every keystroke's latency. Nothing is lost if the
    // hub dies before the write: the sender and every member it reached hold the update, and
    // their next open (after a reconnect) sends the hub what its state vector lacks.
    this.relay(room, conn, { type: 'sheet.update', sheetId: msg.sheetId, data })
    this.persist(conn, room, msg.sheetId, update, data)
  }

  /**
   * Stores a relayed update. Other instances hear of it only once it is stored (their rooms
   * and catch-up read the log, so it must be there first). A failed write drops the room and
   * closes its members' sockets: they reconnect, the room loads from the log, and each member's
   * open sends back what the log lacks — rather than the hub's document claiming, in later
   * sync answers, an update the log never got.
   */
  private persist(conn: LiveConnection, room: Room, sheetId: string, update: Uint8Array, data: string): void {
    const q = this.queues.get(conn)
    if (q) q.unstored++
    this.storeUpdate(room, sheetId, update, conn.userId)
      .then(
        () => this.peers?.publishSheet({ type: 'sheet.update', sheetId, data }),
        () => this.storeFailed(sheetId, room)
      )
      .finally(() => {
        if (q) q.unstored--
      })
  }

  private storeFailed(sheetId: string, room: Room): void {
    if (this.rooms.get(sheetId) !== room) return
    this.rooms.delete(sheetId)
    room.doc.destroy()
    for (const member of room.members.keys()) member.socket.close(1011, 'sheet.store-failed')
  }

  /** Updates waiting for the write in flight to finish, written together by the next one. */
  private pendingStores: { room: Room; params: unknown[]; resolve: () => void; reject: (e: unknown) => void }[] = []
  private storing = false

  /**
   * Group commit: while one write of the log is in flight, the updates that arrive (any sheet,
   * any socket) wait and go in the next one as a multi-row INSERT, in arrival order. Each commit
   * costs the database a log flush (PGlite: file-system work in WASM, most of a relayed
   * keystroke's time), so fifty people typing at once pay for a few commits, not fifty.
   */
  private storeUpdate(room: Room, sheetId: string, data: Uint8Array, userId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pendingStores.push({ room, params: [sheetId, data, userId, Date.now()], resolve, reject })
      if (!this.storing) void this.flushStores()
    })
  }

  private async flushStores(): Promise<void> {
    this.storing = true
    while (this.pendingStores.length) {
      const batch = this.pendingStores.splice(0, SHEET_STORE_BATCH)
      try {
        const values = batch.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ')
        const insert = `INSERT INTO sheet_updates (sheet_id, data, user_id, received_at) VALUES ${values}`
        const params = batch.flatMap((b) => b.params)
        // A sheet whose log grows past the limit is folded in the same transaction as the
        // write, so the log is never seen holding the new rows unfolded.
        const grown = new Map<string, Room>()
        for (const b of batch) if (++b.room.stored > SHEET_COMPACT_AFTER) grown.set(b.params[0] as string, b.room)
        if (grown.size === 0) await this.store.query(insert, params)
        else {
          await this.store.transaction(async (tx) => {
            await tx.query(insert, params)
            for (const sheetId of grown.keys()) await this.fold(tx, sheetId)
          })
          for (const room of grown.values()) room.stored = 1
        }
        for (const b of batch) b.resolve()
      } catch (e) {
        for (const b of batch) b.reject(e)
      }
    }
    this.storing = false
  }

  /**
   * A message another instance published. Only a room open here cares: its document takes the
   * update (already stored by the sender's instance) and its members get it, each one's scope
   * checked first exactly as for a local sender.
   */
  fromPeer(msg: SheetRelay): void {
    const { sheetId } = msg
    if (!this.rooms.has(sheetId)) return
    const next = (this.peerQueues.get(sheetId) ?? Promise.resolve()).then(() => this.handlePeer(msg)).catch(() => undefined)
    this.peerQueues.set(sheetId, next)
    void next.then(() => {
      if (this.peerQueues.get(sheetId) === next) this.peerQueues.delete(sheetId)
    })
  }

  private async handlePeer(msg: SheetRelay): Promise<void> {
    const room = this.rooms.get(msg.sheetId)
    if (!room) return
    // Applied after the load: an update the load already read is applied twice, harmlessly.
    await room.loaded
    if (msg.type === 'sheet.left') return this.relay(room, undefined, msg)
    await this.recheck(room, msg.sheetId, undefined)
    if (this.rooms.get(msg.sheetId) !== room) return
    if (msg.type === 'sheet.update') {
      try {
        Y.applyUpdate(room.doc, bytes(msg.data))
      } catch {
        return
      }
    }
    this.relay(room, undefined, msg)
  }

  /**
   * Redis was unreachable for a while, so updates other instances stored meanwhile never came:
   * every open room re-reads the log and hands its members whatever was new to it.
   */
  async catchUp(): Promise<void> {
    await Promise.all(
      [...this.rooms].map(async ([sheetId, room]) => {
        await room.loaded
        const before = Y.encodeStateVector(room.doc)
        const rows = await this.readLog(sheetId)
        if (this.rooms.get(sheetId) !== room) return
        applyStored(room.doc, rows)
        await this.recheck(room, sheetId, undefined)
        if (this.rooms.get(sheetId) !== room) return
        // Relative to what the room had: new structs, plus the delete set (deletions add none).
        this.relay(room, undefined, { type: 'sheet.update', sheetId, data: b64(Y.encodeStateAsUpdate(room.doc, before)) })
      })
    )
  }

  /** A socket went away: its presence goes with it, and an empty room frees its document. */
  closed(conn: LiveConnection): void {
    for (const sheetId of [...this.rooms.keys()]) this.leave(conn, sheetId)
  }

  private async open(conn: LiveConnection, sheetId: string, clientIds: number[], sv: string | undefined): Promise<void> {
    const scope = await this.scopes.scope(conn.userId)
    const region = await this.regionOf(sheetId)
    // One answer whether the hub lacks the sheet or it belongs to another region: two would tell
    // a caller which deals exist elsewhere.
    if (!scope || !region || !scope.regions.has(region)) {
      return this.fail(
        conn,
        sheetId,
        'sheet.unknown',
        'the hub does not share this sheet with you: it does not know it yet, or it is outside your part of the organisation'
      )
    }
    let room = this.rooms.get(sheetId)
    if (!room) {
      const doc = new Y.Doc()
      const created: Room = { doc, members: new Map(), stored: 0, loaded: Promise.resolve(), region }
      created.loaded = this.load(sheetId, created)
      this.rooms.set(sheetId, created)
      room = created
    }
    room.members.set(conn, new Set(clientIds))
    await room.loaded
    let missing: Uint8Array
    try {
      missing = Y.encodeStateAsUpdate(room.doc, sv ? bytes(sv) : undefined)
    } catch {
      missing = Y.encodeStateAsUpdate(room.doc)
    }
    this.send(conn, { type: 'sheet.sync', sheetId, data: b64(missing), sv: b64(Y.encodeStateVector(room.doc)) })
  }

  private readLog(sheetId: string): Promise<{ data: Uint8Array }[]> {
    return this.store.query<{ data: Uint8Array }>('SELECT data FROM sheet_updates WHERE sheet_id = $1 ORDER BY seq', [sheetId])
  }

  private async load(sheetId: string, room: Room): Promise<void> {
    const rows = await this.readLog(sheetId)
    applyStored(room.doc, rows)
    room.stored = rows.length
    if (rows.length > SHEET_COMPACT_AFTER) await this.compact(sheetId, room)
  }

  /**
   * Fold the log into one update, in one transaction so a concurrent reader sees either form.
   * Folded from the stored rows, not from this room's document: another instance may have
   * stored an update this one has not received (in flight, or lost while Redis was down), and a
   * fold of the document would delete it. Only the rows read are deleted, so one committed
   * meanwhile stays; a row that does not apply stays too (as `load` skips it, nothing is lost).
   */
  private async compact(sheetId: string, room: Room): Promise<void> {
    await this.store.transaction((tx) => this.fold(tx, sheetId))
    room.stored = 1
  }

  private async fold(tx: Sql, sheetId: string): Promise<void> {
    const rows = await tx.query<{ seq: string; data: Uint8Array }>(
      'SELECT seq::text AS seq, data FROM sheet_updates WHERE sheet_id = $1 ORDER BY seq FOR UPDATE',
      [sheetId]
    )
    const doc = new Y.Doc()
    // A row that does not apply is left in the log as it is.
    const folded = applyStored(doc, rows).map((r) => r.seq)
    const merged = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    if (folded.length < 2) return
    await tx.query('DELETE FROM sheet_updates WHERE sheet_id = $1 AND seq = ANY($2::bigint[])', [sheetId, folded])
    await tx.query('INSERT INTO sheet_updates (sheet_id, data, user_id, received_at) VALUES ($1, $2, $3, $4)', [sheetId, merged, 'hub', Date.now()])
  }

  /**
   * The region stream a sheet belongs to: its deal's (an account plan's: its customer's), or
   * undefined while the hub doesn't know it. A derived sheet id names its deal, so a sheet two
   * laptops created offline is known as soon as the deal is, record or not.
   */
  private async regionOf(sheetId: string): Promise<string | undefined> {
    const streamOf = async (tbl: string, rowId: string): Promise<string | undefined> =>
      (
        await this.store.query<{ stream: string }>('SELECT stream FROM row_streams WHERE tbl = $1 AND row_id = $2', [tbl, rowId])
      )[0]?.stream
    if (sheetId.startsWith(ACCOUNT_PLAN_PREFIX)) return streamOf('customers', sheetId.slice(ACCOUNT_PLAN_PREFIX.length))
    if (sheetId.startsWith(DEAL_SHEET_PREFIX)) {
      const byId = await streamOf('deals', sheetId.slice(DEAL_SHEET_PREFIX.length))
      if (byId) return byId
    }
    const [deal] = await this.store.query<{ value: unknown }>(
      "SELECT value FROM cells WHERE tbl = 'strategySheets' AND row_id = $1 AND field = 'dealId'",
      [sheetId]
    )
    const dealId = typeof deal?.value === 'string' ? deal.value : undefined
    // A derived id counts only through the deal it is derived from (records.ts refuses other
    // rows under it; one stored before that check cannot hand the sheet to another region).
    if (sheetId.startsWith(DEAL_SHEET_PREFIX) && (dealId === undefined || dealSheetId(dealId) !== sheetId)) return undefined
    return dealId ? streamOf('deals', dealId) : streamOf('strategySheets', sheetId)
  }

  /**
   * Every member's scope still holds the room's region; those whose does not are closed out and
   * told so. False when the sender itself was. One scope read per user, through the cache.
   */
  private async recheck(room: Room, sheetId: string, sender: LiveConnection | undefined): Promise<boolean> {
    const allowed = new Map<string, Promise<boolean>>()
    const check = (userId: string): Promise<boolean> => {
      let hit = allowed.get(userId)
      if (!hit) allowed.set(userId, (hit = this.scopes.scope(userId).then((s) => s?.regions.has(room.region) === true)))
      return hit
    }
    const members = [...room.members.keys()]
    const verdicts = await Promise.all(members.map((m) => check(m.userId)))
    members.forEach((m, i) => {
      if (verdicts[i] || !room.members.has(m)) return
      this.leave(m, sheetId)
      this.fail(m, sheetId, 'sheet.revoked', 'this sheet is no longer in your part of the organisation')
    })
    return sender === undefined || room.members.has(sender)
  }

  private leave(conn: LiveConnection, sheetId: string): void {
    const room = this.rooms.get(sheetId)
    const clientIds = room?.members.get(conn)
    if (!room || !clientIds) return
    room.members.delete(conn)
    if (clientIds.size) {
      this.relay(room, conn, { type: 'sheet.left', sheetId, clientIds: [...clientIds] })
      this.peers?.publishSheet({ type: 'sheet.left', sheetId, clientIds: [...clientIds] })
    }
    if (room.members.size === 0) {
      this.rooms.delete(sheetId)
      room.doc.destroy()
    }
  }

  /** `from`: the local sender, which doesn't get its own message back; none for another instance's. */
  private relay(room: Room, from: LiveConnection | undefined, msg: object): void {
    const text = JSON.stringify(msg)
    for (const member of room.members.keys()) if (member !== from) this.sendText(member, text)
  }

  private fail(conn: LiveConnection, sheetId: string, code: string, message: string): void {
    this.send(conn, { type: 'sheet.error', sheetId, code, message })
  }

  private send(conn: LiveConnection, msg: object): void {
    this.sendText(conn, JSON.stringify(msg))
  }

  private sendText(conn: LiveConnection, text: string): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(text)
  }
}
