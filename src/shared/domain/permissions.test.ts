import { describe, expect, it } from 'vitest'
import { modelTables } from '../model'
import { ROLES } from '../model/user'
import { can, canGiveRole, FIELD_PERMISSIONS, missingPermission, PERMISSION_NAMES, PERMISSIONS, permissionsForWrite, refusalReason, rolesGivenBy, TABLE_PERMISSIONS } from './permissions'

describe('the permission table (data the app and the hub both read)', () => {
  it('names only the six roles, and every synced table needs some permission', () => {
    for (const p of PERMISSION_NAMES) for (const r of PERMISSIONS[p]) expect(ROLES).toContain(r)
    for (const t of modelTables) expect(PERMISSION_NAMES).toContain(TABLE_PERMISSIONS[t])
    for (const [table, fields] of Object.entries(FIELD_PERMISSIONS)) {
      expect(modelTables).toContain(table)
      for (const p of Object.values(fields!)) expect(PERMISSION_NAMES).toContain(p)
    }
  })

  it('an admin may do everything; everyone edits the records of their regions', () => {
    for (const p of PERMISSION_NAMES) expect(can('admin', p)).toBe(true)
    for (const r of ROLES) expect(can(r, 'records.edit')).toBe(true)
  })

  it('reads like the product: processes by admins and directors, scorecard templates also by coaches, rhythm by team leads', () => {
    expect(ROLES.filter((r) => can(r, 'process.edit'))).toEqual(['admin', 'director'])
    expect(can('coach', 'scorecardTemplate.edit')).toBe(true)
    expect(can('team_lead', 'scorecardTemplate.edit')).toBe(false)
    expect(can('team_lead', 'visitSplit.edit')).toBe(true)
    expect(can('team_lead', 'poolRules.edit')).toBe(false)
    expect(can('rep', 'audit.review')).toBe(false)
    expect(can(undefined, 'records.edit')).toBe(false)
  })

  it('a guarded field needs its own permission, the rest of the row the row’s', () => {
    expect(permissionsForWrite('deals', ['name', 'amount'])).toEqual(['records.edit'])
    expect(permissionsForWrite('deals', ['managerForecastCategory'])).toEqual(['forecast.call'])
    expect(permissionsForWrite('deals', ['amount', 'managerForecastCategory']).sort()).toEqual(['forecast.call', 'records.edit'])
    expect(missingPermission('rep', 'deals', ['managerForecastCategory'])).toBe('forecast.call')
    expect(missingPermission('team_lead', 'orgUnits', ['visitSplit'])).toBeUndefined()
    expect(missingPermission('team_lead', 'orgUnits', ['name'])).toBe('org.teams')
    expect(missingPermission('regional_manager', 'orgUnits', ['kind', 'name', 'parentId'], { regionCreated: true })).toBe('org.regions')
  })

  it('roles are given only below one’s own, except by an admin', () => {
    expect(rolesGivenBy('admin')).toEqual([...ROLES])
    expect(rolesGivenBy('regional_manager')).toEqual(['team_lead', 'coach', 'rep'])
    expect(rolesGivenBy('director')).toEqual(['regional_manager', 'team_lead', 'coach', 'rep'])
    expect(rolesGivenBy('team_lead')).toEqual([])
    expect(canGiveRole('regional_manager', 'regional_manager')).toBe(false)
  })

  it('a refusal says the permission in words', () => {
    expect(refusalReason({ permission: 'process.edit', role: 'rep', allowed: PERMISSIONS['process.edit'] })).toBe(
      'a rep may not change sales processes; only admin, director may'
    )
  })
})
