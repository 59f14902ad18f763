import { z } from 'zod'
import { RecordBase, Id, EpochMs, LocalDate, defineKind } from './common'
import { CONTRACT_CHILD_PARENTS } from './post-sale'

/**
 * How a metric counts: `level` is what is in use on the day (seats, active users, devices);
 * `cumulative` is what has been consumed of a prepaid quantity since the term began (credits,
 * API calls, storage-hours). A level near its licence asks for an expansion; a cumulative one
 * burning towards its prepaid total asks for a top-up before the term ends.
 */
export const UsageMeasure = z.enum(['level', 'cumulative'])
export type UsageMeasure = z.infer<typeof UsageMeasure>

/**
 * One reading of how much of a contract the customer uses (用量), from the product's admin
 * console, a monthly usage report or the customer's own statement. Renewal rules read the
 * readings of each metric in date order (`usageSignals`). Syncs with its contract.
 */
export const UsageReading = RecordBase.extend({
  contractId: Id,
  /** The metric as the product names it ("seats", "API calls", "存储 TB"). */
  metric: z.string().min(1).max(80),
  measure: UsageMeasure,
  /** The day the reading is as of, in the team's calendar. */
  date: LocalDate,
  /** Quantity in use (level) or consumed so far (cumulative); never negative. */
  used: z.number().finite().min(0).max(1e15),
  /** Quantity licensed or prepaid; absent when the contract sets no cap. */
  entitled: z.number().finite().positive().max(1e15).optional(),
  note: z.string().max(500).optional(),
  recordedBy: Id,
  recordedAt: EpochMs
})
export type UsageReading = z.infer<typeof UsageReading>
export const usageReadingKind = defineKind({
  table: 'usageReadings',
  placement: { kind: 'ref', refs: CONTRACT_CHILD_PARENTS },
  indexes: ['contractId', 'date', 'externalId'],
  schema: UsageReading,
  version: 1,
  merge: 'record'
})
export const usageReadingParents = CONTRACT_CHILD_PARENTS
