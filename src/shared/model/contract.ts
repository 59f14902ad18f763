import { z } from 'zod'
import { RecordBase, Id, EpochMs, MinorUnits, Currency, LocalDate, defineKind } from './common'
import { CONTRACT_PARENTS } from './post-sale'

export const ContractStatus = z.enum(['active', 'terminated'])
export type ContractStatus = z.infer<typeof ContractStatus>

/**
 * A signed contract (合同), usually from a won deal. The payment plan, delivery milestones,
 * invoices and collections (回款) are rows of their own that point at it. Syncs in the region
 * stream of its deal, else of its customer (`CONTRACT_PARENTS`).
 */
export const Contract = RecordBase.extend({
  /** The contract number as written on paper (合同编号). */
  number: z.string().min(1).max(80),
  name: z.string().max(200).optional(),
  customerId: Id,
  dealId: Id.optional(),
  /** The rep who owns collection (回款负责人). */
  collectorId: Id,
  /** The collector's team when written, so scope filters need no join. */
  orgUnitId: Id,
  /** Contract amount, integer minor units of `currency`; instalments, invoices and collections use the same currency. */
  amount: MinorUnits.refine((n) => n > 0, 'must be positive'),
  currency: Currency,
  signedAt: EpochMs,
  /** The service term, for subscriptions and maintenance (renewals read the end). */
  startDate: LocalDate.optional(),
  endDate: LocalDate.optional(),
  /** Payment terms as agreed (付款条件), free text. */
  terms: z.string().max(2000).optional(),
  status: ContractStatus,
  /** The deal opened to renew this contract, once a manager opened one. */
  renewalDealId: Id.optional(),
  createdAt: EpochMs,
  createdBy: Id
})
export type Contract = z.infer<typeof Contract>
export const contractKind = defineKind({
  table: 'contracts',
  placement: { kind: 'ref', refs: CONTRACT_PARENTS },
  indexes: ['dealId', 'customerId', 'collectorId', 'orgUnitId', 'signedAt', 'externalId'],
  schema: Contract,
  version: 1,
  merge: 'record'
})
export const contractParents = CONTRACT_PARENTS
