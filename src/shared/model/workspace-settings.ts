import { z } from 'zod'
import { Id, Currency, defineKind } from './common'

/**
 * Settings the whole team shares (synced, org-wide). One row, id `WORKSPACE_SETTINGS_ID`; each
 * setting is its own optional field, so two managers changing different settings never clash.
 */
export const WorkspaceSettings = z.object({
  id: Id,
  deleted: z.boolean().optional(),
  /**
   * The currency totals are shown in when deals come in several currencies; exchange rates are
   * entered against it. Absent: the default sales process's currency.
   */
  totalsCurrency: Currency.optional(),
  /**
   * What makes a customer new for targets and honours (domain/new-customers.ts): its first won
   * deal or its first completed visit. Absent: the first won deal.
   */
  newCustomerBasis: z.enum(['won_deal', 'visit']).optional()
})
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>
export const workspaceSettingsKind = defineKind({
  table: 'workspaceSettings',
  placement: { kind: 'global' },
  indexes: [],
  schema: WorkspaceSettings,
  version: 2,
  merge: 'record'
})

export const WORKSPACE_SETTINGS_ID = 'workspace'
