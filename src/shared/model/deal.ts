import { z } from 'zod'
import { RecordBase, Id, EpochMs, MinorUnits, Currency, defineKind } from './common'

export const ForecastCategory = z.enum(['pipeline', 'best_case', 'commit', 'omitted', 'closed'])
export type ForecastCategory = z.infer<typeof ForecastCategory>
export const DealStatus = z.enum(['open', 'won', 'lost'])
export type DealStatus = z.infer<typeof DealStatus>

export const Deal = RecordBase.extend({
  name: z.string().min(1).max(200),
  customerId: Id,
  ownerId: Id,
  /** Owner's team at the time of writing, so scope filters need no join. */
  orgUnitId: Id,
  processId: Id,
  stageId: z.string().min(1).max(64),
  stageEnteredAt: EpochMs,
  amount: MinorUnits,
  currency: Currency,
  /** Overrides the stage's default probability when set. */
  probability: z.number().min(0).max(100).optional(),
  expectedCloseAt: EpochMs,
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
  checkedCriteria: z.array(z.string().max(64)).max(200)
})
export type Deal = z.infer<typeof Deal>
export const dealKind = defineKind({ table: 'deals', schema: Deal, version: 1, merge: 'record' })
