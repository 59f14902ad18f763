import { z } from 'zod'
import { Op } from '../sync/op'
import { HubConflict, OrgSnapshot } from '../hub-api/sync'
import type { ContractSlice } from './define'

/**
 * The team hub, seen from the page: main holds the connection (the page's CSP forbids network),
 * the page holds the data (Dexie). So the page hands its outbox to `sync.push` and applies what
 * `sync.pull` returns; main never sees the workspace.
 */

export const SyncState = z.enum(['disconnected', 'offline', 'connecting', 'syncing', 'upToDate'])
export type SyncState = z.infer<typeof SyncState>

export const SyncStatus = z.object({
  state: SyncState,
  hubUrl: z.string().optional(),
  email: z.string().optional(),
  /** The hub account signed in (known once a sign-in succeeded); a workspace syncs only as its own account. */
  userId: z.string().optional(),
  /** Ops the page still has to push (reported by the page with each push). */
  pending: z.number().int().min(0),
  lastSyncAt: z.number().optional(),
  /** A code translated under `sync:errors.<code>`; cleared by the next success. */
  lastErrorCode: z.string().optional(),
  /** Newest sequence number the hub announced per stream (from pokes and pulls). */
  heads: z.record(z.string(), z.number().int().min(0)),
  /** How the password for re-login is kept: encrypted by the OS keychain, or (harness) a plain file. */
  secretStorage: z.enum(['os-encrypted', 'plain-file', 'memory']).optional(),
  /** Recording files moving between this laptop and the hub; absent before the first recordings round. */
  recordings: z
    .object({
      running: z.boolean(),
      uploading: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
      downloading: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
      bytesDone: z.number().min(0),
      bytesTotal: z.number().min(0),
      /** The code of the last file that failed in the round, translated under `sync:errors.<code>`. */
      lastErrorCode: z.string().optional()
    })
    .optional(),
  /**
   * Bumped each time the hub says this user's part of the org changed (moved, region added or
   * removed): the page runs a round at once, whose pull purges and re-downloads by the new scope.
   */
  resets: z.number().int().min(0).optional(),
  /**
   * Main's judgement (main/sync/round.ts), the only one: the page lacks ops the hub has, or main
   * cannot rule it out (nothing pulled since connecting, a reset, a lost poke's refresh due). The
   * page runs a round when this is set or its outbox holds edits; it keeps no cursor logic.
   */
  behind: z.boolean().optional()
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const OpResult = z.object({
  index: z.number().int().min(0),
  /** `held`: fine itself, but not applied because another op of its batch was refused. */
  status: z.enum(['accepted', 'rejected', 'held']),
  code: z.string().optional(),
  reason: z.string().optional(),
  /** `sync.forbidden`: the permission the write needed (shared/domain/permissions), so the page can say it in words. */
  permission: z.string().max(60).optional()
})
export type OpResult = z.infer<typeof OpResult>

export const PulledOp = z.object({ stream: z.string(), seq: z.number().int(), op: Op })
export type PulledOp = z.infer<typeof PulledOp>

const Cursors = z.record(z.string().max(64), z.number().int().min(0))

// The org and the conflict inbox are the hub's answers, passed to the page as they come.
export { HubConflict, OrgSnapshot } from '../hub-api/sync'

/** The hub refuses shorter passwords; the page says so before asking it. */
export const MIN_HUB_PASSWORD = 10

export const MAX_PUSH_OPS = 500

/** A strategy sheet's live traffic (Yjs updates, presence) between the page and the hub; see src/hub/sheets.ts. */
export const SHEET_LIVE_LIMIT = 2 * 1024 * 1024
const SheetId = z.string().min(1).max(64)
const SheetBytes = z.instanceof(Uint8Array).refine((d) => d.byteLength > 0 && d.byteLength <= SHEET_LIVE_LIMIT, 'empty or too large')
const Base64 = z.string().max(Math.ceil((SHEET_LIVE_LIMIT * 4) / 3) + 4)

/** What main pushes to a page that has a sheet open (event `sync.sheet`); bytes as base64 so the harness's JSON carries them too. */
export const SheetEvent = z.discriminatedUnion('kind', [
  /** The hub's answer to an open: what the page misses, and the hub's state vector so the page sends what the hub misses. */
  z.object({ sheetId: SheetId, kind: z.literal('sync'), data: Base64, sv: Base64 }),
  z.object({ sheetId: SheetId, kind: z.literal('update'), data: Base64 }),
  z.object({ sheetId: SheetId, kind: z.literal('awareness'), data: Base64 }),
  /** Presence of a laptop that went away. */
  z.object({ sheetId: SheetId, kind: z.literal('left'), clientIds: z.array(z.number().int().min(0)) }),
  z.object({ sheetId: SheetId, kind: z.literal('error'), code: z.string().max(100) }),
  /** The hub connection came back: open again, so both sides exchange what they missed. */
  z.object({ sheetId: SheetId, kind: z.literal('reconnect') })
])
export type SheetEvent = z.infer<typeof SheetEvent>

export const syncContract = {
  'sync.connect': {
    request: z
      .object({
        hubUrl: z.url({ protocol: /^https?$/ }).max(300),
        email: z.string().min(3).max(200),
        password: z.string().min(1).max(200)
      })
      .strict(),
    response: SyncStatus
  },
  /** An invitation token sets the password, then the laptop signs in with it. */
  'sync.acceptInvite': {
    request: z
      .object({
        hubUrl: z.url({ protocol: /^https?$/ }).max(300),
        token: z.string().min(10).max(200),
        password: z.string().min(1).max(200)
      })
      .strict(),
    response: SyncStatus
  },
  'sync.disconnect': { request: z.object({}).strict(), response: SyncStatus },
  'sync.status': { request: z.object({}).strict(), response: SyncStatus },
  'sync.push': {
    request: z
      .object({
        ops: z.array(Op).min(1).max(MAX_PUSH_OPS),
        /** Outbox entries not in this batch, so the status can show what is left. */
        remaining: z.number().int().min(0).optional()
      })
      .strict(),
    response: z.object({
      batchId: z.string(),
      results: z.array(OpResult),
      accepted: z.number().int(),
      duplicates: z.number().int(),
      conflicts: z.number().int()
    })
  },
  'sync.pull': {
    request: z
      .object({
        cursors: Cursors,
        /** The hub's conflict-row cursor: with it, the pull also brings this user's kept losing values. */
        conflictsAfter: z.number().int().min(0).optional()
      })
      .strict(),
    response: z.object({
      ops: z.array(PulledOp),
      cursors: Cursors,
      more: z.boolean(),
      org: OrgSnapshot.optional(),
      /** `me`: the hub user the laptop is signed in as, so the page can tell its own losses. */
      conflicts: z.object({ items: z.array(HubConflict), next: z.number().int().min(0), me: z.string() }).optional()
    })
  },
  /** Share an open sheet through the hub; `live` is false while the hub is out of reach (it opens on reconnect). */
  'sync.sheetOpen': {
    request: z.object({ sheetId: SheetId, clientId: z.number().int().min(0), sv: SheetBytes }).strict(),
    response: z.object({ live: z.boolean() })
  },
  'sync.sheetSend': {
    request: z.object({ sheetId: SheetId, kind: z.enum(['update', 'awareness']), data: SheetBytes }).strict(),
    response: z.object({ sent: z.boolean() })
  },
  'sync.sheetClose': {
    request: z.object({ sheetId: SheetId, clientId: z.number().int().min(0) }).strict(),
    response: z.object({})
  }
} satisfies ContractSlice
