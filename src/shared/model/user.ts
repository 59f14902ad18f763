import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

export const UserRole = z.enum(['rep', 'manager', 'director', 'coach', 'admin'])
export type UserRole = z.infer<typeof UserRole>

export const User = RecordBase.extend({
  name: z.string().min(1).max(80),
  role: UserRole,
  /** The team (for reps, managers) or region (for directors, coaches) the person belongs to. */
  orgUnitId: Id,
  title: z.string().max(80).optional(),
  email: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  active: z.boolean(),
  hiredAt: EpochMs.optional(),
  /** A rep who left keeps their history; their customers go to the pool by rule. */
  leftAt: EpochMs.optional()
})
export type User = z.infer<typeof User>
export const userKind = defineKind({ table: 'users', schema: User, version: 1, merge: 'record' })
