import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'

/**
 * A team's daily eight-visit split (new customers / follow-ups / closing). Whole visits, 1–30 a
 * day in all; the message is an i18n key so the refusal reads in the user's language.
 */
export const VisitSplit = z
  .object({
    newCustomer: z.number().int().min(0),
    followUp: z.number().int().min(0),
    closing: z.number().int().min(0)
  })
  .refine((s) => s.newCustomer + s.followUp + s.closing >= 1 && s.newCustomer + s.followUp + s.closing <= 30, {
    message: 'rhythm:split.invalidTotal'
  })
export type VisitSplit = z.infer<typeof VisitSplit>

/** A node of the org tree: a region (大区) holds teams (团队); reps belong to teams. */
export const OrgUnit = RecordBase.extend({
  kind: z.enum(['region', 'team']),
  name: z.string().min(1).max(120),
  parentId: Id.nullable(),
  city: z.string().max(60).optional(),
  /** Optional so rows written before the setting existed stay valid; absent means "inherit". */
  visitSplit: VisitSplit.optional()
})
export type OrgUnit = z.infer<typeof OrgUnit>
export const orgUnitKind = defineKind({
  table: 'orgUnits',
  placement: { kind: 'orgUnit' },
  indexes: ['parentId', 'kind', 'externalId'],
  schema: OrgUnit,
  version: 1,
  merge: 'record'
})
