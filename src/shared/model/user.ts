import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

/**
 * The six roles, most senior first. What each may change is the permission table in
 * `domain/permissions.ts`, read by the app and the hub alike.
 */
export const ROLES = ['admin', 'director', 'regional_manager', 'team_lead', 'coach', 'rep'] as const
export const UserRole = z.enum(ROLES)
export type UserRole = z.infer<typeof UserRole>

/**
 * Version 1 had one `manager` role for whoever led a team or a region. A manager placed on a
 * region is that region's manager; on a team (or where the unit is unknown) its team lead.
 */
export function migrateRole(role: string, unitKind?: 'region' | 'team'): UserRole | undefined {
  if (role === 'manager') return unitKind === 'region' ? 'regional_manager' : 'team_lead'
  const parsed = UserRole.safeParse(role)
  return parsed.success ? parsed.data : undefined
}

export const User = RecordBase.extend({
  name: z.string().min(1).max(80),
  role: UserRole,
  /** The team (for reps, team leads) or region (for directors, regional managers, coaches) the person belongs to. */
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

/**
 * v2: roles admin/director/regional_manager/team_lead/coach/rep (v1's `manager` migrates by
 * `migrateRole`). Ops of v1 are upgraded on arrival by `upgradeFields`.
 */
export const userKind = defineKind({
  table: 'users',
  placement: { kind: 'unit', field: 'orgUnitId', hubAccount: true },
  indexes: ['orgUnitId', 'role', 'externalId'],
  schema: User,
  version: 2,
  merge: 'record',
  upgradeFields: (fields, from) => {
    if (from < 2 && typeof fields.role === 'string') return { ...fields, role: migrateRole(fields.role) ?? fields.role }
    return fields
  }
})
