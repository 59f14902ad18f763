import type { orgContract } from '../../shared/ipc/org'
import type { syncContract } from '../../shared/ipc/sync'
import { CockpitError } from '../../shared/ipc/define'
import { Invitation, OrgUnitAnswer, PersonAnswer, PersonCreated } from '../../shared/hub-api/org'
import { required, type SliceHandlers } from '../ipc/slice'
import type { SyncBridge } from './bridge'

/** `sync.*`: the page's hub connection, its push/pull transport and strategy sheets' live traffic. */
export function syncHandlers(bridge: SyncBridge | undefined): SliceHandlers<typeof syncContract> {
  const sync = required(bridge, 'sync.unavailable', 'sync bridge')
  return {
    'sync.connect': (req) => sync().connect(req),
    'sync.acceptInvite': (req) => sync().acceptInvite(req),
    'sync.disconnect': () => sync().disconnect(),
    'sync.status': () => sync().status,
    'sync.push': (req) => sync().push(req.ops, req.remaining),
    'sync.pull': (req) => sync().pull(req.cursors, req.conflictsAfter),
    // A sheet's live traffic answers to the page that opened it, so these need the sender.
    'sync.sheetOpen': (req, ctx) => {
      const sender = ctx.sender
      if (!sender) throw new CockpitError('sync.no-sender', 'a sheet can only be opened from a page')
      return { live: sync().sheets.open(req.sheetId, req.clientId, req.sv, { send: (e) => sender.send('sync.sheet', e), alive: () => !sender.isDestroyed() }) }
    },
    'sync.sheetSend': (req) => ({ sent: sync().sheets.send(req.sheetId, req.kind, req.data) }),
    'sync.sheetClose': (req) => {
      sync().sheets.close(req.sheetId, req.clientId)
      return {}
    }
  }
}

/** `org.*`: Settings → Organisation on a hub workspace, relayed to the hub's org routes. */
export function orgHandlers(bridge: SyncBridge | undefined): SliceHandlers<typeof orgContract> {
  const sync = required(bridge, 'sync.unavailable', 'sync bridge')
  return {
    'org.createUnit': (req) => sync().orgChange('POST', '/org/units', req, OrgUnitAnswer),
    'org.renameUnit': ({ id, ...body }) => sync().orgChange('PATCH', `/org/units/${encodeURIComponent(id)}`, body, OrgUnitAnswer),
    'org.createPerson': (req) => sync().orgChange('POST', '/org/people', req, PersonCreated),
    'org.updatePerson': ({ id, patch }) => sync().orgChange('PATCH', `/org/people/${encodeURIComponent(id)}`, patch, PersonAnswer),
    'org.invitePerson': ({ id }) => sync().orgChange('POST', `/org/people/${encodeURIComponent(id)}/invite`, {}, Invitation)
  }
}
