import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '@shared/ipc/sync'
import { createI18n } from '../../app/i18n'
import { badgeWords } from './SyncStatusBadge'
import { parseInvitation } from './organisation/org-backend'

const t = createI18n('en-US').getFixedT('en-US', 'sync')
const zh = createI18n('zh-CN').getFixedT('zh-CN', 'sync')
const status = (state: SyncStatus['state']): SyncStatus => ({ state, pending: 0, heads: {} })

describe('the header tells the truth about the hub', () => {
  it('"Up to date" only when nothing waits and nothing was refused', () => {
    expect(badgeWords(t, 'en-US', { status: status('upToDate'), outbox: 0, refused: 0, downloading: undefined }).label).toBe('Up to date')
    expect(badgeWords(t, 'en-US', { status: status('upToDate'), outbox: 2, refused: 0, downloading: undefined }).label).toBe('Sending 2 changes…')
    const refused = badgeWords(t, 'en-US', { status: status('upToDate'), outbox: 0, refused: 3, downloading: undefined })
    expect(refused).toMatchObject({ label: '3 edits refused', color: 'orange', toRefused: true })
  })

  it('offline, it counts what waits to be sent', () => {
    expect(badgeWords(zh, 'zh-CN', { status: status('offline'), outbox: 4, refused: 0, downloading: undefined }).label).toBe('离线 · 4 处待发送')
    expect(badgeWords(t, 'en-US', { status: status('offline'), outbox: 0, refused: 0, downloading: undefined }).label).toBe('Offline')
  })
})

describe('an invitation pasted whole', () => {
  it('gives the hub address and the code, in either language; a bare code stays a code', () => {
    const zhMessage = '王芳，邀请你加入我们在销售驾驶舱中的团队服务器。\n服务器地址：http://10.0.0.5:4780\n邀请码：mpI9mDl2z1cuvZqUD3bHVqRq9DpPj8jL\n打开销售驾驶舱 → 连接团队服务器 → 我有邀请，粘贴这条消息即可。'
    expect(parseInvitation(zhMessage)).toEqual({ hubUrl: 'http://10.0.0.5:4780', token: 'mpI9mDl2z1cuvZqUD3bHVqRq9DpPj8jL' })
    expect(parseInvitation('Hub address: https://hub.example.com/cockpit.\nInvitation code: AbC_123-xyzAbC_123-xyzAbC_123-xy')).toEqual({
      hubUrl: 'https://hub.example.com/cockpit',
      token: 'AbC_123-xyzAbC_123-xyzAbC_123-xy'
    })
    expect(parseInvitation('mpI9mDl2z1cuvZqUD3bHVqRq9DpPj8jL')).toEqual({ token: 'mpI9mDl2z1cuvZqUD3bHVqRq9DpPj8jL' })
  })
})
