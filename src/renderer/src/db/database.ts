import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie'
import type {
  Activity,
  AnalyticsSettings,
  AuditFlag,
  Collection,
  Comment,
  Contact,
  Contract,
  Customer,
  Deal,
  ForecastSnapshot,
  Instalment,
  Invoice,
  KeywordTracker,
  Product,
  CurrencyRate,
  WorkspaceSettings,
  Milestone,
  UsageReading,
  OrgUnit,
  PoolRule,
  Recording,
  SalesProcess,
  Scorecard,
  ScorecardTemplate,
  StageHistory,
  StrategySheet,
  Target,
  TerritoryRule,
  Transcript,
  TranscriptSegment,
  User,
  Candidate,
  CoachingPlan,
  InterviewScore,
  InterviewTemplate,
  CallLibraryMark,
  TaskCompletion,
  CommentRevision
} from '@shared/model'
import { modelKinds, modelTables } from '@shared/model'
import { upgradeTerritoryRule } from '@shared/model/territory-rule'
import { migrateRole } from '@shared/model/user'
import { moveLegacyMarks } from './legacy-marks'
import type { OutboxEntry } from '@shared/sync/op'

/** Latest clock per field of one row; lets a later sync decide which incoming ops win. */
export interface FieldClocks {
  key: string
  clocks: Record<string, string>
  /**
   * The clock of every field of the row not listed in `clocks`: written by bulk inserts before
   * they kept one record per insert (db/clocks.ts), still read so those rows keep their clocks.
   */
  all?: string
}

/** One Yjs update of a strategy sheet's document; replayed in order to load it. */
export interface SheetUpdateRow {
  seq?: number
  sheetId: string
  update: Uint8Array
}

/** A named point in a sheet's history: who took it, when, and the full document state. */
export interface SheetSnapshotRow {
  seq?: number
  sheetId: string
  at: number
  userId: string
  state: Uint8Array
}

export interface MetaEntry {
  key: string
  value: unknown
}

/** Tables of this laptop alone, no record kind: the outbox, field clocks, settings, sheets' Yjs logs. */
export const LOCAL_STORES: Readonly<Record<string, string>> = {
  outbox: '++seq, table, size',
  clocks: 'key',
  meta: 'key',
  sheetUpdates: '++seq, sheetId',
  sheetSnapshots: '++seq, sheetId'
}

/** Every record kind's Dexie schema, from the indexes its model file declares (`indexes`). */
export function kindStores(): Record<string, string> {
  return Object.fromEntries(modelTables.map((t) => [t, ['id', ...modelKinds[t].indexes].join(', ')]))
}

/** What versions 15 and 17 declared (derived from the model files then), written out as published. */
const STORES_AT_17: Readonly<Record<string, string>> = {
  orgUnits: 'id, parentId, kind, externalId',
  users: 'id, orgUnitId, role, externalId',
  customers: 'id, ownerId, orgUnitId, name, industry, externalId',
  contacts: 'id, customerId, externalId',
  salesProcesses: 'id',
  deals: 'id, customerId, ownerId, orgUnitId, [processId+stageId], status, expectedCloseAt, externalId',
  stageHistory: 'id, dealId, at',
  activities: 'id, [customerId+at], [dealId+at], [userId+at], at, kind, recordingId, externalId',
  recordings: 'id, &sha256, customerId, dealId, activityId',
  transcriptSegments: 'id, recordingId',
  comments: 'id, [targetTable+targetId], authorId',
  scorecardTemplates: 'id',
  scorecards: 'id, recordingId, repId',
  strategySheets: 'id, dealId',
  targets: 'id, [scopeKind+scopeId], periodStart',
  poolRules: 'id, orgUnitId',
  territoryRules: 'id, orgUnitId',
  auditFlags: 'id, activityId, userId, status',
  forecastSnapshots: 'id, [scopeKind+scopeId], periodStart',
  transcripts: 'id, recordingId',
  keywordTrackers: 'id, word',
  products: 'id, name, externalId',
  currencyRates: 'id, currency',
  workspaceSettings: 'id',
  analyticsSettings: 'id',
  contracts: 'id, dealId, customerId, collectorId, orgUnitId, signedAt, externalId',
  instalments: 'id, contractId, dueDate, externalId',
  milestones: 'id, contractId, externalId',
  collections: 'id, contractId, receivedAt, externalId',
  invoices: 'id, contractId, issuedAt, externalId',
  usageReadings: 'id, contractId, date, externalId',
  interviewTemplates: 'id',
  candidates: 'id, orgUnitId, stage, externalId',
  interviewScores: 'id, candidateId, interviewerId',
  coachingPlans: 'id, repId, orgUnitId',
  outbox: '++seq, table, size',
  clocks: 'key',
  meta: 'key',
  sheetUpdates: '++seq, sheetId',
  sheetSnapshots: '++seq, sheetId'
}

/**
 * Every schema version this database has ever had, oldest first. Never edit a published
 * entry: add a new one (with an `upgrade` when rows must change) and a migration test.
 * The newest entry's stores are derived from the model files (`kindStores`): to add a kind or
 * an index, declare it there and give the derived stores a new version: move
 * `...kindStores()` to the new entry and write the previous entry's stores out as the literal
 * text they had (db/migrations.test.ts pins what each version declared).
 */
export const schemaHistory: { version: number; stores: Record<string, string>; upgrade?: (tx: Transaction) => Promise<void> }[] = [
  {
    version: 1,
    stores: {
      orgUnits: 'id, parentId, kind, externalId',
      users: 'id, orgUnitId, role, externalId',
      customers: 'id, ownerId, orgUnitId, name, industry, externalId',
      contacts: 'id, customerId, externalId',
      salesProcesses: 'id',
      deals: 'id, customerId, ownerId, orgUnitId, [processId+stageId], status, expectedCloseAt, externalId',
      stageHistory: 'id, dealId, at',
      activities: 'id, [customerId+at], [dealId+at], [userId+at], at, kind, recordingId, externalId',
      recordings: 'id, &sha256, customerId, dealId, activityId',
      transcriptSegments: 'id, recordingId',
      comments: 'id, [targetTable+targetId], authorId',
      scorecardTemplates: 'id',
      scorecards: 'id, recordingId, repId',
      strategySheets: 'id, dealId',
      targets: 'id, [scopeKind+scopeId], periodStart',
      poolRules: 'id, orgUnitId',
      territoryRules: 'id, orgUnitId',
      auditFlags: 'id, activityId, userId, status',
      forecastSnapshots: 'id, [scopeKind+scopeId], periodStart',
      outbox: '++seq, table',
      clocks: 'key',
      meta: 'key'
    }
  },
  {
    // Strategy sheets' Yjs updates (the CRDT's own append-only log) and their named snapshots.
    version: 2,
    stores: {
      sheetUpdates: '++seq, sheetId',
      sheetSnapshots: '++seq, sheetId'
    }
  },
  {
    // Calls: which segments are a recording's current transcript (replaceable), and the
    // keyword trackers as synced records instead of a local setting in `meta`.
    version: 3,
    stores: {
      transcripts: 'id, recordingId',
      keywordTrackers: 'id, word'
    }
  },
  {
    // Roles v2 (users kind version 2): v1's one `manager` role becomes the region's manager when
    // placed on a region and the team lead when placed on a team (see migrateRole).
    version: 4,
    stores: {},
    upgrade: async (tx) => {
      const kinds = new Map<string, 'region' | 'team'>()
      await tx.table('orgUnits').each((u: { id: string; kind: 'region' | 'team' }) => kinds.set(u.id, u.kind))
      await tx
        .table('users')
        .toCollection()
        .modify((u: { role: string; orgUnitId: string }) => {
          const role = migrateRole(u.role, kinds.get(u.orgUnitId))
          if (role) u.role = role
        })
    }
  },
  {
    // After the signature: contracts and what hangs off them (payment plan, milestones,
    // collections 回款, invoices). Children are read by contract; contracts by deal, customer
    // and collector; collections by day for the month and DSO views.
    version: 5,
    stores: {
      contracts: 'id, dealId, customerId, collectorId, orgUnitId, signedAt, externalId',
      instalments: 'id, contractId, dueDate, externalId',
      milestones: 'id, contractId, externalId',
      collections: 'id, contractId, receivedAt, externalId',
      invoices: 'id, contractId, issuedAt, externalId'
    }
  },
  {
    // Real CRM histories (issue 17): the product catalogue from a products file, the exchange
    // rates the manager enters so totals over several currencies can convert, and the team's
    // shared settings (the currency totals are shown in). Deals
    // without a customer or a close date need no change: IndexedDB leaves them out of those
    // indexes, which is what the views want.
    version: 6,
    stores: {
      products: 'id, name, externalId',
      currencyRates: 'id, currency',
      workspaceSettings: 'id'
    }
  },
  {
    // Analytics settings (deal-size bands, unit costs of selling effort): one synced row for the workspace.
    version: 7,
    stores: {
      analyticsSettings: 'id'
    }
  },
  {
    // Hiring (issue 21): candidates by team and stage, interviewers' scores by candidate (and by
    // interviewer, for "my interviews"), the interview scorecard, and hired reps' coaching plans.
    version: 11,
    stores: {
      interviewTemplates: 'id',
      candidates: 'id, orgUnitId, stage, externalId',
      interviewScores: 'id, candidateId, interviewerId',
      coachingPlans: 'id, repId, orgUnitId'
    }
  },
  {
    // Usage readings of contracts (issue 22's renewals by usage): read by contract for its
    // page and the renewal rules, by externalId for re-imports.
    version: 13,
    stores: {
      usageReadings: 'id, contractId, date, externalId'
    }
  },
  {
    // Territory rules v2 (issue 21): provinces, districts, sizes and named accounts, empty on
    // the rules written before them (an empty list restricts nothing).
    version: 14,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table('territoryRules')
        .toCollection()
        .modify((r: Record<string, unknown>) => {
          Object.assign(r, upgradeTerritoryRule(r, 1, true))
        })
    }
  },
  {
    // One home per record kind (issue 16): from here on every kind's indexes come from its
    // model file; this version changes none of them. (The outbox as it was then; v17 adds `size`.)
    version: 15,
    stores: { ...STORES_AT_17, outbox: '++seq, table' }
  },
  {
    // Outbox batch rows (issue 17's import speed): many ops of one write in one row, their count
    // in `size`, indexed so the pending count adds sizes from keys without reading the ops.
    // Single-op rows have no `size` and stay out of the index.
    version: 17,
    stores: STORES_AT_17
  },
  {
    // Library marks, task completions and comment edits become kinds of their own (issue 16):
    // the `comments` rows that stood for them on pseudo target tables move into them, with
    // their clocks (db/legacy-marks.ts). The newest entry: every kind's indexes from its model
    // file, the local stores as they are now.
    version: 19,
    stores: { ...kindStores(), ...LOCAL_STORES },
    upgrade: moveLegacyMarks
  }
]

export class CockpitDb extends Dexie {
  orgUnits!: EntityTable<OrgUnit, 'id'>
  users!: EntityTable<User, 'id'>
  customers!: EntityTable<Customer, 'id'>
  contacts!: EntityTable<Contact, 'id'>
  salesProcesses!: EntityTable<SalesProcess, 'id'>
  deals!: EntityTable<Deal, 'id'>
  stageHistory!: EntityTable<StageHistory, 'id'>
  activities!: EntityTable<Activity, 'id'>
  recordings!: EntityTable<Recording, 'id'>
  transcriptSegments!: EntityTable<TranscriptSegment, 'id'>
  comments!: EntityTable<Comment, 'id'>
  scorecardTemplates!: EntityTable<ScorecardTemplate, 'id'>
  scorecards!: EntityTable<Scorecard, 'id'>
  strategySheets!: EntityTable<StrategySheet, 'id'>
  targets!: EntityTable<Target, 'id'>
  poolRules!: EntityTable<PoolRule, 'id'>
  territoryRules!: EntityTable<TerritoryRule, 'id'>
  auditFlags!: EntityTable<AuditFlag, 'id'>
  forecastSnapshots!: EntityTable<ForecastSnapshot, 'id'>
  outbox!: Table<OutboxEntry, number>
  clocks!: EntityTable<FieldClocks, 'key'>
  meta!: EntityTable<MetaEntry, 'key'>
  sheetUpdates!: Table<SheetUpdateRow, number>
  sheetSnapshots!: Table<SheetSnapshotRow, number>
  transcripts!: EntityTable<Transcript, 'id'>
  keywordTrackers!: EntityTable<KeywordTracker, 'id'>
  products!: EntityTable<Product, 'id'>
  currencyRates!: EntityTable<CurrencyRate, 'id'>
  workspaceSettings!: EntityTable<WorkspaceSettings, 'id'>
  analyticsSettings!: EntityTable<AnalyticsSettings, 'id'>
  contracts!: EntityTable<Contract, 'id'>
  instalments!: EntityTable<Instalment, 'id'>
  milestones!: EntityTable<Milestone, 'id'>
  collections!: EntityTable<Collection, 'id'>
  invoices!: EntityTable<Invoice, 'id'>
  usageReadings!: EntityTable<UsageReading, 'id'>
  interviewTemplates!: EntityTable<InterviewTemplate, 'id'>
  candidates!: EntityTable<Candidate, 'id'>
  interviewScores!: EntityTable<InterviewScore, 'id'>
  coachingPlans!: EntityTable<CoachingPlan, 'id'>
  libraryMarks!: EntityTable<CallLibraryMark, 'id'>
  taskCompletions!: EntityTable<TaskCompletion, 'id'>
  commentRevisions!: EntityTable<CommentRevision, 'id'>

  constructor(name = 'sales-cockpit') {
    super(name)
    for (const step of schemaHistory) {
      const v = this.version(step.version).stores(step.stores)
      if (step.upgrade) v.upgrade(step.upgrade)
    }
  }
}

let current: CockpitDb | null = null

/** The open database. Tests swap it with `useDb(new CockpitDb('test-…'))`. */
export function getDb(): CockpitDb {
  if (!current) current = new CockpitDb()
  return current
}

export function useDb(db: CockpitDb): void {
  current = db
}
