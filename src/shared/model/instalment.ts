import { z } from 'zod'
import { RecordBase, Id, MinorUnits, LocalDate, defineKind } from './common'
import { CONTRACT_CHILD_PARENTS } from './post-sale'

/**
 * One line of a contract's payment plan (回款计划): an amount or a share of the contract, due
 * on a date or a number of days after a delivery milestone is reached (e.g. "60 % within 30
 * days of acceptance"). In the contract's currency. Exactly one of `amount` / `percentBp` and
 * one of `dueDate` / `milestoneId` is set; the write path checks it (`checkPlan`).
 */
export const Instalment = RecordBase.extend({
  contractId: Id,
  /** Order in the plan, from 1. */
  seq: z.number().int().min(1).max(100),
  /** 首付款, 到货款, 验收款, 质保金… */
  label: z.string().max(80).optional(),
  amount: MinorUnits.optional(),
  /** Share of the contract amount in basis points (3000 = 30 %). */
  percentBp: z.number().int().min(1).max(10_000).optional(),
  /** The day it is due, in the team's calendar. */
  dueDate: LocalDate.optional(),
  /** The milestone (usually acceptance 验收) that must be reached before it falls due. */
  milestoneId: Id.optional(),
  /** Days after the milestone's actual date that it falls due. */
  daysAfter: z.number().int().min(0).max(730).optional(),
  note: z.string().max(500).optional()
})
export type Instalment = z.infer<typeof Instalment>
export const instalmentKind = defineKind({
  table: 'instalments',
  placement: { kind: 'ref', refs: CONTRACT_CHILD_PARENTS },
  indexes: ['contractId', 'dueDate', 'externalId'],
  schema: Instalment,
  version: 1,
  merge: 'record'
})
export const instalmentParents = CONTRACT_CHILD_PARENTS
