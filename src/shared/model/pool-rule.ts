import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'

/** Public pool (公海) rules of a team or region. */
export const PoolRule = RecordBase.extend({
  orgUnitId: Id,
  reclaimAfterDays: z.number().int().min(1).max(365),
  extensionPerTouchDays: z.number().int().min(0).max(90),
  maxHoldDays: z.number().int().min(1).max(3650),
  holdingCap: z.number().int().min(1).max(10_000),
  dailyClaimCap: z.number().int().min(0).max(1000),
  cooldownDays: z.number().int().min(0).max(365)
})
export type PoolRule = z.infer<typeof PoolRule>
export const poolRuleKind = defineKind({
  table: 'poolRules',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['orgUnitId'],
  schema: PoolRule,
  version: 1,
  merge: 'record'
})
