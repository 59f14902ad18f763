import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'

/** A node of the org tree: a region (大区) holds teams (团队); reps belong to teams. */
export const OrgUnit = RecordBase.extend({
  kind: z.enum(['region', 'team']),
  name: z.string().min(1).max(120),
  parentId: Id.nullable(),
  city: z.string().max(60).optional()
})
export type OrgUnit = z.infer<typeof OrgUnit>
export const orgUnitKind = defineKind({ table: 'orgUnits', schema: OrgUnit, version: 1, merge: 'record' })
