import { describe, expect, it } from 'vitest'
import { localProfileRow, maySync, meOf, sameHub } from './session'

describe('who is at the keyboard', () => {
  it('a workspace syncs only as the account on the hub it was made for', () => {
    const mine = { kind: 'hub' as const, userId: 'u1', hubUrl: 'http://hub.example.com:4780', email: 'a@example.com' }
    expect(maySync(mine, { userId: 'u1', hubUrl: 'http://HUB.example.com:4780/' })).toBe(true)
    // Signed in as someone else, or to another hub, or not yet at all: no sync.
    expect(maySync(mine, { userId: 'u2', hubUrl: 'http://hub.example.com:4780' })).toBe(false)
    expect(maySync(mine, { userId: 'u1', hubUrl: 'http://other.example.com:4780' })).toBe(false)
    expect(maySync(mine, { hubUrl: 'http://hub.example.com:4780' })).toBe(false)
    // An offline workspace never syncs, whoever main is signed in as.
    expect(maySync({ kind: 'local', userId: 'u1' }, { userId: 'u1', hubUrl: 'http://hub.example.com:4780' })).toBe(false)
    expect(maySync(undefined, { userId: 'u1', hubUrl: 'http://hub.example.com:4780' })).toBe(false)
    expect(sameHub('http://127.0.0.1:4780', 'http://127.0.0.1:4781')).toBe(false)
  })

  it('me answers from the permission table', () => {
    const rep = meOf({ kind: 'local', userId: 'r' }, { id: 'r', name: '李晓', role: 'rep', orgUnitId: 't' })
    expect(rep.can('records.edit')).toBe(true)
    expect(rep.can('process.edit')).toBe(false)
    expect(rep.mayWrite('deals', ['amount'])).toBe(true)
    expect(rep.mayWrite('deals', ['managerForecastCategory'])).toBe(false)
    expect(rep.canGiveRole('rep')).toBe(false)
    const rm = meOf({ kind: 'local', userId: 'm' }, { id: 'm', name: '王芳', role: 'regional_manager', orgUnitId: 'r' })
    expect(rm.canGiveRole('team_lead')).toBe(true)
    expect(rm.canGiveRole('regional_manager')).toBe(false)
  })

  it('a local profile sits on the region for region-level roles and on the team otherwise', () => {
    const org = { regionId: 'r', teamId: 't' }
    expect(localProfileRow({ name: ' 王芳 ', role: 'regional_manager' }, org, 1)).toMatchObject({ name: '王芳', orgUnitId: 'r', active: true })
    expect(localProfileRow({ name: '李强', role: 'team_lead' }, org, 1).orgUnitId).toBe('t')
  })
})
