import type { TFunction } from 'i18next'
import { PERMISSION_NAMES, rolesWith, type Permission } from '@shared/domain/permissions'
import { ROLES, type UserRole } from '@shared/model/user'

/**
 * The permission table in words, in the reader's language: the same data the hub refuses by,
 * so "only admins and directors may change sales processes" reads alike in the UI and in a
 * refused edit's reason.
 */

export function roleLabel(t: TFunction, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`session:roles.${role}`) : role
}

export function isPermission(p: unknown): p is Permission {
  return typeof p === 'string' && (PERMISSION_NAMES as string[]).includes(p)
}

export function allowedRoles(t: TFunction, permission: Permission): string {
  return rolesWith(permission)
    .map((r) => roleLabel(t, r))
    .join(t('session:listSeparator'))
}

/** "As Sales rep you may not change sales processes; only Admin, Director may." */
export function refusalText(t: TFunction, permission: Permission, role?: UserRole | string): string {
  const action = t(`session:permissions.${permission}`)
  const allowed = allowedRoles(t, permission)
  return role ? t('session:refusal', { role: roleLabel(t, role), action, allowed }) : t('session:refusalShort', { action, allowed })
}
