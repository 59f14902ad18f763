import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'

/** Matches customers to a team by geography and industry; lower priority numbers win. */
export const TerritoryRule = RecordBase.extend({
  orgUnitId: Id,
  priority: z.number().int().min(0).max(10_000),
  cities: z.array(z.string().max(60)).max(200),
  industries: z.array(z.string().max(60)).max(200)
})
export type TerritoryRule = z.infer<typeof TerritoryRule>
export const territoryRuleKind = defineKind({ table: 'territoryRules', schema: TerritoryRule, version: 1, merge: 'record' })
