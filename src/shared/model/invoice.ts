import { z } from 'zod'
import { RecordBase, Id, EpochMs, MinorUnits, Currency, defineKind } from './common'
import { CONTRACT_CHILD_PARENTS } from './post-sale'

/** 增值税专用发票 / 普通发票 / anything else. */
export const InvoiceKind = z.enum(['vat_special', 'vat_normal', 'other'])
export type InvoiceKind = z.infer<typeof InvoiceKind>

/** An invoice issued against a contract (开票), usually ahead of an instalment's payment. */
export const Invoice = RecordBase.extend({
  contractId: Id,
  number: z.string().min(1).max(80),
  amount: MinorUnits.refine((n) => n > 0, 'must be positive'),
  currency: Currency,
  issuedAt: EpochMs,
  kind: InvoiceKind,
  instalmentId: Id.optional(),
  note: z.string().max(500).optional(),
  createdBy: Id
})
export type Invoice = z.infer<typeof Invoice>
export const invoiceKind = defineKind({
  table: 'invoices',
  placement: { kind: 'ref', refs: CONTRACT_CHILD_PARENTS },
  indexes: ['contractId', 'issuedAt', 'externalId'],
  schema: Invoice,
  version: 1,
  merge: 'record'
})
export const invoiceParents = CONTRACT_CHILD_PARENTS
