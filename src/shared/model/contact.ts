import { z } from 'zod'
import { RecordBase, Id, defineKind } from './common'

/**
 * Seniority matters for visit audits: recording a vice-president as the president is one of
 * the fake-visit patterns risk control looks for.
 * 1 staff · 2 manager · 3 director · 4 vice-president · 5 president / owner
 */
export const Seniority = z.number().int().min(1).max(5)

export const Contact = RecordBase.extend({
  customerId: Id,
  name: z.string().min(1).max(80),
  title: z.string().max(80),
  seniority: Seniority,
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
  /** Decision role as far as we know it; the strategy sheet refines it per deal. */
  decisionRole: z.enum(['economic', 'user', 'technical', 'coach', 'unknown']).optional()
})
export type Contact = z.infer<typeof Contact>
export const contactKind = defineKind({
  table: 'contacts',
  placement: { kind: 'ref', refs: [['customerId', 'customers']] },
  indexes: ['customerId', 'externalId'],
  schema: Contact,
  version: 1,
  merge: 'record'
})
