import { z } from 'zod'
import { RecordBase, Id, LocalDate, defineKind } from './common'

/** Dual targets (双目标): the company's objective and the rep's own stretch, side by side. */
export const Target = RecordBase.extend({
  scopeKind: z.enum(['user', 'orgUnit']),
  scopeId: Id,
  period: z.enum(['month', 'week', 'day']),
  /** First day of the period in the user's calendar (weeks start on Monday). */
  periodStart: LocalDate,
  metric: z.enum(['won_amount', 'visits', 'new_customers']),
  /** won_amount in minor units (fen), visits and new_customers as counts. */
  objective: z.number().min(0),
  stretch: z.number().min(0).optional()
})
export type Target = z.infer<typeof Target>
export const targetKind = defineKind({
  table: 'targets',
  placement: { kind: 'scoped' },
  indexes: ['[scopeKind+scopeId]', 'periodStart'],
  schema: Target,
  version: 1,
  merge: 'record'
})
