import { z } from 'zod'
import { Op } from '../sync/op'
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
  /** Ops the page still has to push (reported by the page with each push). */
  pending: z.number().int().min(0),
  lastSyncAt: z.number().optional(),
  /** A code translated under `sync:errors.<code>`; cleared by the next success. */
  lastErrorCode: z.string().optional(),
  /** Newest sequence number the hub announced per stream; the page pulls when its cursor is behind. */
  heads: z.record(z.string(), z.number().int().min(0)),
  /** How the password for re-login is kept: encrypted by the OS keychain, or (harness) a plain file. */
  secretStorage: z.enum(['os-encrypted', 'plain-file', 'memory']).optional()
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const OpResult = z.object({
  index: z.number().int().min(0),
  /** `held`: fine itself, but not applied because another op of its batch was refused. */
  status: z.enum(['accepted', 'rejected', 'held']),
  code: z.string().optional(),
  reason: z.string().optional()
})
export type OpResult = z.infer<typeof OpResult>

export const PulledOp = z.object({ stream: z.string(), seq: z.number().int(), op: Op })
export type PulledOp = z.infer<typeof PulledOp>

const Cursors = z.record(z.string().max(64), z.number().int().min(0))

export const MAX_PUSH_OPS = 500

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
    request: z.object({ cursors: Cursors }).strict(),
    response: z.object({ ops: z.array(PulledOp), cursors: Cursors, more: z.boolean() })
  }
} satisfies ContractSlice
