import type { Placement } from './common'
import { modelKinds, modelTables, type ModelTable } from './index'

/**
 * Which region stream a row belongs to, by table: each kind declares its `placement` in its
 * model file; this is the table the hub places pushes by (hub/records.ts) and the laptop purges
 * a lost region by (renderer/sync/purge.ts) — one table, two consumers. A row whose parent
 * moves to another region moves with it (`dependentsOf`).
 */
export type RegionRule = Placement

export const REGION_RULES: Readonly<Record<ModelTable, RegionRule>> = Object.fromEntries(
  modelTables.map((t) => [t, modelKinds[t].placement as RegionRule])
) as Record<ModelTable, RegionRule>

/** The fields that decide a table's region, so a partial op can be resolved from stored cells. */
export function placingFields(table: ModelTable): string[] {
  const rule = REGION_RULES[table]
  switch (rule.kind) {
    case 'unit':
      return [rule.field]
    case 'orgUnit':
      return ['kind', 'parentId']
    case 'ref':
      return rule.refs.map(([f]) => f)
    case 'target':
      return ['targetTable', 'targetId']
    case 'scoped':
      return ['scopeKind', 'scopeId']
    case 'global':
      return []
  }
}

/**
 * The tables whose rows must be judged before this table's can be (its parents), so the laptop
 * decides a contact after its customer. A `target` row may hang off any table.
 */
export function parentTables(table: ModelTable): ModelTable[] {
  const rule = REGION_RULES[table]
  switch (rule.kind) {
    case 'unit':
    case 'orgUnit':
      return table === 'orgUnits' ? [] : ['orgUnits']
    case 'ref':
      return rule.refs.map(([, t]) => t as ModelTable)
    case 'target':
      // Not the kinds that hang off a target row themselves (a comment's revision): those come after.
      return modelTables.filter((t) => REGION_RULES[t].kind !== 'target' && !hangsOffTarget(t, 0))
    case 'scoped':
      return ['orgUnits', 'users']
    case 'global':
      return []
  }
}

/** Is a row of this table placed, through its parents, by a `target` row (a comment)? */
function hangsOffTarget(table: ModelTable, depth: number): boolean {
  const rule = REGION_RULES[table]
  if (rule.kind !== 'ref' || depth > 8) return false
  return rule.refs.some(([, t]) => REGION_RULES[t as ModelTable]?.kind === 'target' || hangsOffTarget(t as ModelTable, depth + 1))
}

/**
 * The rows that may hang off a row of `parent`: a table and the field that would name the
 * parent's id. A candidate is only a candidate (a recording naming a customer but placed by its
 * deal does not follow the customer): its placement is worked out again by the rules above.
 */
export function dependentsOf(parent: ModelTable): { table: ModelTable; field: string }[] {
  const out: { table: ModelTable; field: string }[] = []
  for (const table of modelTables) {
    const rule = REGION_RULES[table]
    if (rule.kind === 'ref') for (const [field, tbl] of rule.refs) if (tbl === parent) out.push({ table, field })
    // Comments on any record.
    if (rule.kind === 'target') out.push({ table, field: 'targetId' })
    if (parent === 'orgUnits' && rule.kind === 'unit') out.push({ table, field: rule.field })
    if (parent === 'orgUnits' && rule.kind === 'orgUnit') out.push({ table, field: 'parentId' })
    if ((parent === 'orgUnits' || parent === 'users') && rule.kind === 'scoped') out.push({ table, field: 'scopeId' })
  }
  return out
}
