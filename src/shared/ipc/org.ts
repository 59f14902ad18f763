import { z } from 'zod'
import { Invitation, OrgUnitAnswer, OrgUnitCreate, OrgUnitUpdate, PersonAnswer, PersonCreate, PersonCreated, PersonUpdate } from '../hub-api/org'
import type { ContractSlice } from './define'

/**
 * Settings → Organisation on a hub workspace: the page asks main, main asks the hub (its org
 * routes, src/hub/org-admin.ts). The same schemas as the hub's wire contract.
 */
const Id = z.string().min(1).max(64)

export const orgContract = {
  'org.createUnit': { request: OrgUnitCreate, response: OrgUnitAnswer },
  'org.renameUnit': { request: z.object({ id: Id }).extend(OrgUnitUpdate.shape).strict(), response: OrgUnitAnswer },
  'org.createPerson': { request: PersonCreate, response: PersonCreated },
  'org.updatePerson': { request: z.object({ id: Id, patch: PersonUpdate }).strict(), response: PersonAnswer },
  'org.invitePerson': { request: z.object({ id: Id }).strict(), response: Invitation }
} satisfies ContractSlice
