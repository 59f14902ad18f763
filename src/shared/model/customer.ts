import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

export const CustomerSize = z.enum(['micro', 'small', 'medium', 'large', 'enterprise'])
export type CustomerSize = z.infer<typeof CustomerSize>
export const CustomerTier = z.enum(['normal', 'key', 'strategic'])

export const Customer = RecordBase.extend({
  name: z.string().min(1).max(200),
  industry: z.string().max(60),
  size: CustomerSize,
  /** Source channel the customer came from (展会, 转介绍, 官网, 电销…). */
  channel: z.string().max(60),
  /** null while the customer sits in the public pool (公海). */
  ownerId: Id.nullable(),
  /** The team the customer belongs to (territory); the pool is per team. */
  orgUnitId: Id,
  tier: CustomerTier,
  city: z.string().max(60).optional(),
  address: z.string().max(300).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  createdAt: EpochMs,
  /** When the customer last entered the pool; drives the claim cool-down. */
  poolSince: EpochMs.optional(),
  previousOwnerId: Id.optional(),
  /** The parent company (an accounts file's "subsidiary of"), when it is a customer too. */
  parentCustomerId: Id.optional()
})
export type Customer = z.infer<typeof Customer>
export const customerKind = defineKind({
  table: 'customers',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['ownerId', 'orgUnitId', 'name', 'industry', 'externalId'],
  schema: Customer,
  version: 2,
  merge: 'record'
})
