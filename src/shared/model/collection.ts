import { z } from 'zod'
import { RecordBase, Id, EpochMs, MinorUnits, Currency, defineKind } from './common'
import { CONTRACT_CHILD_PARENTS } from './post-sale'

export const CollectionMethod = z.enum(['bank_transfer', 'acceptance_bill', 'cash', 'cheque', 'online', 'other'])
export type CollectionMethod = z.infer<typeof CollectionMethod>

/**
 * Money received against a contract (回款). It may name the instalment the customer meant;
 * either way it is allocated to the plan by `allocateCollections` (partial payments, early
 * payments and over-payment included). A record, not append-only: a typo'd amount is
 * corrected or the row deleted, and the op log keeps what it was.
 */
export const Collection = RecordBase.extend({
  contractId: Id,
  amount: MinorUnits.refine((n) => n > 0, 'must be positive'),
  /** Always the contract's currency (the write path refuses another). */
  currency: Currency,
  /** When the money arrived (the bank's value date); its day is read in the team's time zone. */
  receivedAt: EpochMs,
  method: CollectionMethod,
  instalmentId: Id.optional(),
  note: z.string().max(500).optional(),
  recordedBy: Id,
  recordedAt: EpochMs
})
export type Collection = z.infer<typeof Collection>
export const collectionKind = defineKind({
  table: 'collections',
  placement: { kind: 'ref', refs: CONTRACT_CHILD_PARENTS },
  indexes: ['contractId', 'receivedAt', 'externalId'],
  schema: Collection,
  version: 1,
  merge: 'record'
})
export const collectionParents = CONTRACT_CHILD_PARENTS
