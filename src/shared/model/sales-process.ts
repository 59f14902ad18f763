import { z } from 'zod'
import { RecordBase, MinorUnits, Currency, defineKind } from './common'

export const ExitCriterion = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(200)
})

export const Stage = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(60),
  /** `won` / `lost` are terminal stages; every process has exactly one of each. */
  kind: z.enum(['open', 'won', 'lost']),
  /** Default win probability when a deal is in this stage (阶段跃进概率), 0–100. */
  probability: z.number().min(0).max(100),
  /** Expected days in stage; beyond it a deal is stalled. */
  expectedDays: z.number().int().min(0).max(3650),
  /** Fewer days than this and the move is rushed (草率). */
  minDays: z.number().int().min(0).max(3650),
  /** Milestones (阶段里程碑 / 分隔标志) that must hold before a deal may enter this stage. */
  exitCriteria: z.array(ExitCriterion).max(30),
  steps: z.array(z.string().max(200)).max(30),
  methods: z.array(z.string().max(200)).max(30)
})
export type Stage = z.infer<typeof Stage>

export const AbandonRules = z.object({
  /** Age in stage beyond this multiple of the stage median → candidate. */
  ageVsMedian: z.number().min(1).max(20),
  maxPushes: z.number().int().min(1).max(50),
  requireEconomicBuyer: z.boolean()
})

export const SalesProcess = RecordBase.extend({
  name: z.string().min(1).max(80),
  /** Which kind of sale the process is for, e.g. new customer vs. key account. */
  segment: z.enum(['new', 'existing', 'key_account', 'other']),
  /** Edits bump the version; deals keep the stage ids they had. */
  revision: z.number().int().min(1),
  stages: z
    .array(Stage)
    .min(3)
    .max(20)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'duplicate stage ids')
    .refine((s) => new Set(s.map((x) => x.name)).size === s.length, 'duplicate stage names'),
  abandonRules: AbandonRules,
  /** Deals at or above this amount are big deals (大单) and get a war room. */
  bigDealThreshold: MinorUnits,
  currency: Currency,
  lossReasons: z.array(z.string().max(80)).max(40)
})
export type SalesProcess = z.infer<typeof SalesProcess>
export const salesProcessKind = defineKind({
  table: 'salesProcesses',
  placement: { kind: 'global' },
  indexes: [],
  schema: SalesProcess,
  version: 1,
  merge: 'record'
})
