import { z } from 'zod'
import { RecordBase, Id, EpochMs, MinorUnits, Currency, defineKind } from './common'

export const ForecastCategory = z.enum(['pipeline', 'best_case', 'commit', 'omitted', 'closed'])
export type ForecastCategory = z.infer<typeof ForecastCategory>
export const DealStatus = z.enum(['open', 'won', 'lost'])
export type DealStatus = z.infer<typeof DealStatus>

export const Deal = RecordBase.extend({
  name: z.string().min(1).max(200),
  /**
   * Absent for a deal imported without an account (an early prospecting row): it is flagged in
   * the data-quality view, where the manager attaches a customer later.
   */
  customerId: Id.optional(),
  ownerId: Id,
  /** Owner's team at the time of writing, so scope filters need no join. */
  orgUnitId: Id,
  processId: Id,
  stageId: z.string().min(1).max(64),
  stageEnteredAt: EpochMs,
  /** Absent = "amount not set" (an open deal imported without one): shown so, left out of every sum. */
  amount: MinorUnits.optional(),
  currency: Currency,
  /** Overrides the stage's default probability when set. */
  probability: z.number().min(0).max(100).optional(),
  /** Absent = "not set": shown so on the card and left out of every period's forecast. */
  expectedCloseAt: EpochMs.optional(),
  /** The rep's call; a manager's override is kept beside it, never over it. */
  forecastCategory: ForecastCategory,
  managerForecastCategory: ForecastCategory.optional(),
  status: DealStatus,
  /** Flagged by hand as a big deal regardless of the amount rule. */
  bigDeal: z.boolean(),
  createdAt: EpochMs,
  closedAt: EpochMs.optional(),
  lossReason: z.string().max(200).optional(),
  nextStep: z.string().max(300).optional(),
  product: z.string().max(80).optional(),
  /** Checked exit criteria of the current and past stages, by criterion id. */
  checkedCriteria: z.array(z.string().max(64)).max(200),
  /**
   * "Imported, stage path unknown": a deal that came closed from a CRM export without its stage
   * history. No stage moves are invented for it; the funnel, conversion and calibration count it
   * by rule instead — a won deal reached every open stage, a lost one every open stage up to and
   * including `stageId` (the stage it was lost from, else the process's first stage).
   */
  stagePathUnknown: z.literal(true).optional()
})
export type Deal = z.infer<typeof Deal>
export const dealKind = defineKind({
  table: 'deals',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['customerId', 'ownerId', 'orgUnitId', '[processId+stageId]', 'status', 'expectedCloseAt', 'externalId'],
  schema: Deal,
  version: 3,
  merge: 'record'
})
