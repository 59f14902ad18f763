import type { ModelTable } from '../model'
import { ROLES, type UserRole } from '../model/user'

/**
 * Who may change what: ONE table, read by the app (what it shows and enables) and by the hub
 * (what it accepts). A permission is a domain action a sales manager would name; each lists the
 * roles that hold it. Writes map to permissions by table and, where one field is more sensitive
 * than its row (a manager's forecast call on a deal, a team's visit split), by field.
 */

export type Permission =
  /** Regions: the top of the org tree. */
  | 'org.regions'
  /** Teams inside one's own regions. */
  | 'org.teams'
  /** People: add, edit, set roles (below one's own), invite to the hub. */
  | 'people.manage'
  | 'process.edit'
  /** Workspace-wide analytics settings (deal-size bands, unit costs of selling effort): every region's figures read them. */
  | 'analytics.settings'
  | 'scorecardTemplate.edit'
  | 'keywordTracker.edit'
  | 'poolRules.edit'
  | 'territory.edit'
  | 'targets.set'
  | 'visitSplit.edit'
  | 'audit.review'
  /** The manager's own forecast category on a deal (next to the rep's). */
  | 'forecast.call'
  | 'forecast.snapshot'
  /** Scorecards and coaching sessions on calls. */
  | 'calls.score'
  /** A CRM export into the workspace (it creates customers, deals and people). */
  | 'data.import'
  /** Customers, deals, contacts, follow-ups, strategy sheets, comments, recordings, contracts and collections: everyone in scope. */
  | 'records.edit'
  /** Contracts, plans, milestones, collections and invoices of deals someone else owns (a rep: only their own deals'). */
  | 'postSale.others'
  /** Candidates for sales roles and the interview scorecard template (issue 21). */
  | 'hiring.manage'
  /** One's own interview scores of a candidate (never someone else's). */
  | 'hiring.score'

export const PERMISSIONS: Readonly<Record<Permission, readonly UserRole[]>> = {
  'org.regions': ['admin'],
  'org.teams': ['admin', 'director', 'regional_manager'],
  'people.manage': ['admin', 'director', 'regional_manager'],
  'process.edit': ['admin', 'director'],
  'analytics.settings': ['admin', 'director'],
  'scorecardTemplate.edit': ['admin', 'director', 'regional_manager', 'coach'],
  'keywordTracker.edit': ['admin', 'director', 'regional_manager', 'team_lead', 'coach'],
  'poolRules.edit': ['admin', 'director', 'regional_manager'],
  'territory.edit': ['admin', 'director', 'regional_manager'],
  'targets.set': ['admin', 'director', 'regional_manager', 'team_lead'],
  'visitSplit.edit': ['admin', 'director', 'regional_manager', 'team_lead'],
  'audit.review': ['admin', 'director', 'regional_manager', 'team_lead'],
  'forecast.call': ['admin', 'director', 'regional_manager', 'team_lead'],
  'forecast.snapshot': ['admin', 'director', 'regional_manager', 'team_lead'],
  'calls.score': ['admin', 'director', 'regional_manager', 'team_lead', 'coach'],
  'data.import': ['admin', 'director', 'regional_manager'],
  'records.edit': ['admin', 'director', 'regional_manager', 'team_lead', 'coach', 'rep'],
  'postSale.others': ['admin', 'director', 'regional_manager', 'team_lead', 'coach'],
  'hiring.manage': ['admin', 'director', 'regional_manager', 'team_lead'],
  'hiring.score': ['admin', 'director', 'regional_manager', 'team_lead', 'coach']
}

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[]

export function can(role: UserRole | undefined, permission: Permission): boolean {
  return role !== undefined && PERMISSIONS[permission].includes(role)
}

/** The roles holding a permission, in the table's order (for "only admins and directors may…"). */
export function rolesWith(permission: Permission): readonly UserRole[] {
  return PERMISSIONS[permission]
}

/** Which permission a write to a table needs; `fields` refine it where one field is guarded on its own. */
export const TABLE_PERMISSIONS: Readonly<Record<ModelTable, Permission>> = {
  orgUnits: 'org.teams',
  users: 'people.manage',
  customers: 'records.edit',
  contacts: 'records.edit',
  salesProcesses: 'process.edit',
  deals: 'records.edit',
  stageHistory: 'records.edit',
  activities: 'records.edit',
  recordings: 'records.edit',
  transcriptSegments: 'records.edit',
  comments: 'records.edit',
  scorecardTemplates: 'scorecardTemplate.edit',
  scorecards: 'calls.score',
  strategySheets: 'records.edit',
  targets: 'targets.set',
  poolRules: 'poolRules.edit',
  territoryRules: 'territory.edit',
  auditFlags: 'audit.review',
  forecastSnapshots: 'forecast.snapshot',
  transcripts: 'records.edit',
  keywordTrackers: 'keywordTracker.edit',
  // Real CRM histories (issue 17): the catalogue an import brings, and the rates and totals
  // currency that make its several currencies add up; whoever may import may set them.
  products: 'data.import',
  currencyRates: 'data.import',
  workspaceSettings: 'data.import',
  analyticsSettings: 'analytics.settings',
  // After the signature the deal's people keep its money in order (the rep records the 回款 of
  // their own deal, as they log its follow-ups): contracts and what hangs off them are records.
  contracts: 'records.edit',
  instalments: 'records.edit',
  milestones: 'records.edit',
  collections: 'records.edit',
  invoices: 'records.edit',
  // Usage readings are the contract's too: whoever keeps the contract records how it is used.
  usageReadings: 'records.edit',
  // Hiring (issue 21): whoever leads a team hires for it; interviewers score; a hired rep's
  // coaching plan is coaching, like logging a 16-character session.
  interviewTemplates: 'hiring.manage',
  candidates: 'hiring.manage',
  interviewScores: 'hiring.score',
  coachingPlans: 'calls.score',
  // Marks on a record (a call shelved, a task done, one's comment edited): as the comments they were.
  libraryMarks: 'records.edit',
  taskCompletions: 'records.edit',
  commentRevisions: 'records.edit'
}

/** Fields guarded apart from their row: changing only these needs this permission instead of the row's. */
export const FIELD_PERMISSIONS: Readonly<Partial<Record<ModelTable, Readonly<Record<string, Permission>>>>> = {
  deals: { managerForecastCategory: 'forecast.call' },
  orgUnits: { visitSplit: 'visitSplit.edit' }
}

/**
 * The permissions one write needs: the row's, for any field not guarded on its own, plus each
 * guarded field's. `regionCreated`: the write makes a new region (the top of the tree).
 */
export function permissionsForWrite(table: ModelTable, fields: readonly string[], opts: { regionCreated?: boolean } = {}): Permission[] {
  const guarded = FIELD_PERMISSIONS[table] ?? {}
  const out = new Set<Permission>()
  for (const f of fields) out.add(guarded[f] ?? TABLE_PERMISSIONS[table])
  if (fields.length === 0) out.add(TABLE_PERMISSIONS[table])
  if (opts.regionCreated) out.add('org.regions')
  return [...out]
}

/** The first permission the role lacks for this write, or undefined when it may. */
export function missingPermission(role: UserRole | undefined, table: ModelTable, fields: readonly string[], opts: { regionCreated?: boolean } = {}): Permission | undefined {
  return permissionsForWrite(table, fields, opts).find((p) => !can(role, p))
}

/**
 * Seniority, for giving roles: someone who manages people may give only roles below their own
 * (an admin any role). A coach sits beside team leads: a regional manager may add either.
 */
export const ROLE_RANK: Readonly<Record<UserRole, number>> = {
  admin: 5,
  director: 4,
  regional_manager: 3,
  team_lead: 2,
  coach: 2,
  rep: 1
}

export function canGiveRole(actor: UserRole | undefined, role: UserRole): boolean {
  if (!can(actor, 'people.manage')) return false
  return actor === 'admin' || ROLE_RANK[role] < ROLE_RANK[actor!]
}

/** The roles an actor may give, most senior first (what the role picker offers). */
export function rolesGivenBy(actor: UserRole | undefined): UserRole[] {
  return ROLES.filter((r) => canGiveRole(actor, r))
}

/** Roles that belong at a region rather than a team (where a new person of that role is placed by default). */
export function regionLevelRole(role: UserRole): boolean {
  return role === 'admin' || role === 'director' || role === 'regional_manager' || role === 'coach'
}

/** Why a write was refused, as data both sides word the same way (the app translates it). */
export interface PermissionRefusal {
  code: 'sync.forbidden'
  permission: Permission
  role: UserRole
  allowed: readonly UserRole[]
}

export function refusal(role: UserRole, permission: Permission): PermissionRefusal {
  return { code: 'sync.forbidden', permission, role, allowed: rolesWith(permission) }
}

/** An English sentence for logs and the hub's answer; the app words it in the reader's language from the same data. */
export function refusalReason(r: Pick<PermissionRefusal, 'permission' | 'role' | 'allowed'>): string {
  return `a ${r.role.replace('_', ' ')} may not ${PERMISSION_VERBS[r.permission]}; only ${r.allowed.map((x) => x.replace('_', ' ')).join(', ')} may`
}

const PERMISSION_VERBS: Readonly<Record<Permission, string>> = {
  'org.regions': 'create or change regions',
  'org.teams': 'create or change teams',
  'people.manage': 'add or change people and their roles',
  'process.edit': 'change sales processes',
  'analytics.settings': 'change analytics settings',
  'scorecardTemplate.edit': 'change scorecard templates',
  'keywordTracker.edit': 'change keyword trackers',
  'poolRules.edit': 'change public pool rules',
  'territory.edit': 'change territory rules',
  'targets.set': 'set targets',
  'visitSplit.edit': "change a team's visit split",
  'audit.review': 'give audit verdicts',
  'forecast.call': "set the manager's forecast call",
  'forecast.snapshot': 'take forecast snapshots',
  'calls.score': 'score calls or log coaching',
  'data.import': 'import CRM data',
  'records.edit': 'edit records',
  'postSale.others': "edit the contracts and collections of someone else's deals",
  'hiring.manage': 'manage candidates or the interview scorecard',
  'hiring.score': "score candidates, or change someone else's interview score"
}

/** The post-sale tables (issue 22): who may write them depends on whose deal they hang off. */
export const POST_SALE_TABLES: ReadonlySet<string> = new Set(['contracts', 'instalments', 'milestones', 'collections', 'invoices', 'usageReadings'])

/** Reads a stored row (the laptop's IndexedDB, or the hub's cells), for the owner rule below. */
export type RowReader = (table: 'contracts' | 'deals' | 'customers', id: string) => Promise<Record<string, unknown> | undefined>

/**
 * Whose deal a post-sale row hangs off: the contract's deal's owner, or — a contract imported
 * without a deal — its customer's owner. `row`: the row as it will be (stored values with the
 * write's fields over them). Undefined when the chain cannot be followed.
 */
export async function postSaleOwner(table: string, row: Record<string, unknown>, read: RowReader): Promise<string | undefined> {
  const contract = table === 'contracts' ? row : typeof row.contractId === 'string' ? await read('contracts', row.contractId) : undefined
  if (!contract) return undefined
  const parent = typeof contract.dealId === 'string' ? await read('deals', contract.dealId) : typeof contract.customerId === 'string' ? await read('customers', contract.customerId) : undefined
  return typeof parent?.ownerId === 'string' ? parent.ownerId : undefined
}

/**
 * The one rule, app and hub alike: a role without 'postSale.others' (a rep) may write contracts
 * and what hangs off them only for deals they own; team lead and up write any in their scope
 * (scope is checked apart). Returns the missing permission, or undefined when the write may go.
 */
export async function postSaleRefusal(role: UserRole | undefined, userId: string, table: string, row: Record<string, unknown>, read: RowReader): Promise<Permission | undefined> {
  if (!POST_SALE_TABLES.has(table) || can(role, 'postSale.others')) return undefined
  return (await postSaleOwner(table, row, read)) === userId ? undefined : 'postSale.others'
}

/**
 * An interview score is its interviewer's alone (app and hub alike): nobody writes a score in
 * another's name or changes someone else's, whatever their rank, so "scored independently"
 * means what it says. `before`: the stored row (empty for a new one); `after`: with the write's fields over it.
 */
export function interviewScoreRefusal(userId: string, table: string, before: Record<string, unknown>, after: Record<string, unknown>): Permission | undefined {
  if (table !== 'interviewScores') return undefined
  if (after.interviewerId !== userId) return 'hiring.score'
  if (before.interviewerId !== undefined && before.interviewerId !== userId) return 'hiring.score'
  return undefined
}
