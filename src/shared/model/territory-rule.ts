import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'
import { CustomerSize } from './customer'

const Names = z.array(z.string().max(60)).max(200)

/**
 * Matches customers to a team, or to one rep of it, by geography (province, city, district from
 * the address or the coordinates), industry, size, or by name (named accounts); lower priority
 * numbers win. v2 added provinces, districts, sizes, named accounts, a name and a rep; v1 rows
 * and ops are brought up with empty lists (`upgradeTerritoryRule`).
 */
export const TerritoryRule = RecordBase.extend({
  name: z.string().max(80).optional(),
  orgUnitId: Id,
  /** A rep of `orgUnitId` who receives the pool customers the rule matches, within their pool cap. */
  ownerId: Id.optional(),
  priority: z.number().int().min(0).max(10_000),
  provinces: Names,
  cities: Names,
  districts: Names,
  industries: Names,
  sizes: z.array(CustomerSize).max(5),
  /** Named accounts: these customers, whatever their address. */
  customerIds: z.array(Id).max(5000)
})
export type TerritoryRule = z.infer<typeof TerritoryRule>

/** v1 → v2: the dimensions v1 did not have are empty (they match nothing and restrict nothing). */
export function upgradeTerritoryRule<T extends Record<string, unknown>>(fields: T, from: number, whole = false): T {
  if (from >= 2) return fields
  const out: Record<string, unknown> = { ...fields }
  // A partial op (a v1 laptop changing only the priority) must not blank the v2 lists.
  if (whole)
    for (const k of ['provinces', 'districts', 'sizes', 'customerIds', 'cities', 'industries'])
      if (!Array.isArray(out[k])) out[k] = []
  return out as T
}

export const territoryRuleKind = defineKind({
  table: 'territoryRules',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['orgUnitId'],
  schema: TerritoryRule,
  version: 2,
  merge: 'record',
  upgradeFields: (fields, from) =>
    upgradeTerritoryRule(
      fields,
      from,
      ['orgUnitId', 'priority', 'cities', 'industries'].every((k) => k in fields)
    )
})
