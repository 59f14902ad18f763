import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

/**
 * The record that says a big deal has a strategy sheet. The sheet's content is a Yjs document
 * (merged as a CRDT), stored beside it; this row carries what lists need without opening it.
 */
export const StrategySheet = RecordBase.extend({
  dealId: Id,
  createdAt: EpochMs,
  createdBy: Id
})
export type StrategySheet = z.infer<typeof StrategySheet>
// Two laptops opening a new sheet at once both create this row: which of them was "first" is no one's edit.
export const strategySheetKind = defineKind({
  table: 'strategySheets',
  placement: { kind: 'ref', refs: [['dealId', 'deals']] },
  indexes: ['dealId'],
  schema: StrategySheet,
  version: 1,
  merge: 'record',
  unattendedFields: ['createdAt', 'createdBy']
})
