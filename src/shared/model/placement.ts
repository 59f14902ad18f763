import type { ModelTable } from './index'
import { CONTRACT_CHILD_PARENTS, CONTRACT_PARENTS, type ParentRefs } from './post-sale'

function refsOf(parents: ParentRefs): [field: string, table: ModelTable][] {
  return parents.map(([field, table]) => [field, table as ModelTable])
}

/**
 * Which region stream a row belongs to. Rows that carry an org unit say so directly; the rest
 * follow the row they hang off (a contact its customer, a transcript segment its recording) — on
 * the hub as the hub stored that row, never as the pusher describes it. The hub places ops by
 * these rules, and a row whose parent moves to another region moves with it (`dependentsOf`).
 */
export type RegionRule =
  | { kind: 'unit'; field: string }
  | { kind: 'orgUnit' }
  /** The first of these fields that is set places the row (a recording: its deal, else its customer, else its activity). */
  | { kind: 'ref'; refs: [field: string, table: ModelTable][] }
  | { kind: 'comment' }
  | { kind: 'scoped' }
  | { kind: 'global' }

export const REGION_RULES: Record<ModelTable, RegionRule> = {
  orgUnits: { kind: 'orgUnit' },
  users: { kind: 'unit', field: 'orgUnitId' },
  customers: { kind: 'unit', field: 'orgUnitId' },
  deals: { kind: 'unit', field: 'orgUnitId' },
  poolRules: { kind: 'unit', field: 'orgUnitId' },
  territoryRules: { kind: 'unit', field: 'orgUnitId' },
  contacts: { kind: 'ref', refs: [['customerId', 'customers']] },
  activities: { kind: 'ref', refs: [['customerId', 'customers']] },
  stageHistory: { kind: 'ref', refs: [['dealId', 'deals']] },
  strategySheets: { kind: 'ref', refs: [['dealId', 'deals']] },
  recordings: { kind: 'ref', refs: [['dealId', 'deals'], ['customerId', 'customers'], ['activityId', 'activities']] },
  transcriptSegments: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  transcripts: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  scorecards: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  auditFlags: { kind: 'ref', refs: [['activityId', 'activities']] },
  comments: { kind: 'comment' },
  targets: { kind: 'scoped' },
  forecastSnapshots: { kind: 'scoped' },
  salesProcesses: { kind: 'global' },
  scorecardTemplates: { kind: 'global' },
  keywordTrackers: { kind: 'global' },
  products: { kind: 'global' },
  currencyRates: { kind: 'global' },
  workspaceSettings: { kind: 'global' },
  analyticsSettings: { kind: 'global' },
  // Post-sale kinds declare their parents in their model files (shared with the laptop's purge).
  contracts: { kind: 'ref', refs: refsOf(CONTRACT_PARENTS) },
  instalments: { kind: 'ref', refs: refsOf(CONTRACT_CHILD_PARENTS) },
  milestones: { kind: 'ref', refs: refsOf(CONTRACT_CHILD_PARENTS) },
  collections: { kind: 'ref', refs: refsOf(CONTRACT_CHILD_PARENTS) },
  invoices: { kind: 'ref', refs: refsOf(CONTRACT_CHILD_PARENTS) },
  usageReadings: { kind: 'ref', refs: refsOf(CONTRACT_CHILD_PARENTS) },
  // Hiring: a candidate belongs to the team they are hired for, their scores follow them; a
  // coaching plan to the rep's team; the interview scorecard is the workspace's.
  interviewTemplates: { kind: 'global' },
  candidates: { kind: 'unit', field: 'orgUnitId' },
  interviewScores: { kind: 'ref', refs: [['candidateId', 'candidates']] },
  coachingPlans: { kind: 'unit', field: 'orgUnitId' }
}

/** The fields that decide a table's region, so a partial op can be resolved from stored cells. */
export function placingFields(table: ModelTable): string[] {
  const rule = REGION_RULES[table]
  switch (rule.kind) {
    case 'unit':
      return [rule.field]
    case 'orgUnit':
      return ['kind', 'parentId']
    case 'ref':
      return rule.refs.map(([f]) => f)
    case 'comment':
      return ['targetTable', 'targetId']
    case 'scoped':
      return ['scopeKind', 'scopeId']
    case 'global':
      return []
  }
}

/**
 * The rows that may hang off a row of `parent`: a table and the field that would name the
 * parent's id. A candidate is only a candidate (a recording naming a customer but placed by its
 * deal does not follow the customer): its placement is worked out again by the rules above.
 */
export function dependentsOf(parent: ModelTable): { table: ModelTable; field: string }[] {
  const out: { table: ModelTable; field: string }[] = []
  for (const table of Object.keys(REGION_RULES) as ModelTable[]) {
    const rule = REGION_RULES[table]
    if (rule.kind === 'ref') for (const [field, tbl] of rule.refs) if (tbl === parent) out.push({ table, field })
    // Comments and marks (commentPlacementTable) on any record.
    if (rule.kind === 'comment') out.push({ table, field: 'targetId' })
    if (parent === 'orgUnits' && rule.kind === 'unit') out.push({ table, field: rule.field })
    if (parent === 'orgUnits' && rule.kind === 'orgUnit') out.push({ table, field: 'parentId' })
    if ((parent === 'orgUnits' || parent === 'users') && rule.kind === 'scoped') out.push({ table, field: 'scopeId' })
  }
  return out
}
