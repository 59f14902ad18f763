import type { Activity, Collection, Contact, Contract, Customer, Deal, Instalment, Milestone, OrgUnit, Product, SalesProcess, StageHistory, UsageReading, User } from '../../model'
import { postSaleEntities, type PostSaleEntity, type PostSaleFieldKey } from './post-sale-fields'
import type { PostSaleContext } from './post-sale'

export type ImportEntity = 'customers' | 'contacts' | 'deals' | 'activities' | 'teams' | 'products' | PostSaleEntity
export const importEntities: ImportEntity[] = ['deals', 'customers', 'contacts', 'activities', 'teams', 'products', ...postSaleEntities]

/**
 * The order files that belong together are imported in: the org (teams) first, so owners
 * resolve to their team; the catalogue and accounts before the deals that name them; the
 * post-sale files after the deals their contracts belong to (contracts before their plans and collections).
 */
export const importOrder: ImportEntity[] = ['teams', 'products', 'customers', 'contacts', 'deals', 'activities', ...postSaleEntities]

/** A target field of an entity; the i18n label is `fields.<key>`. */
export type FieldKey =
  | 'externalId'
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'account'
  | 'accountExternalId'
  | 'owner'
  | 'team'
  | 'industry'
  | 'size'
  | 'channel'
  | 'tier'
  | 'city'
  | 'address'
  | 'createdAt'
  | 'title'
  | 'seniority'
  | 'phone'
  | 'email'
  | 'decisionRole'
  | 'amount'
  | 'currency'
  | 'stage'
  | 'probability'
  | 'closeDate'
  | 'stageDate'
  | 'product'
  | 'nextStep'
  | 'lossReason'
  | 'forecastCategory'
  | 'description'
  | 'kind'
  | 'at'
  | 'deal'
  | 'dealExternalId'
  | 'subject'
  | 'body'
  | 'contact'
  | 'status'
  | 'duration'
  | 'closedAt'
  | 'lostAtStage'
  | 'manager'
  | 'region'
  | 'parent'
  | 'series'
  | 'listPrice'
  | PostSaleFieldKey

/** Which target field each file column feeds; `null` = the column is ignored. */
export interface ImportMapping {
  entity: ImportEntity
  columns: (FieldKey | null)[]
}

/** A message about a row or the file. `code` is an i18n key under `errors.`. */
export interface ImportMessage {
  code: string
  params?: Record<string, string | number>
  /** Errors keep the row out; warnings only ask the user to look. */
  severity?: 'error' | 'warning'
}

export type RowStatus = 'ok' | 'warning' | 'error'

export interface RowResult {
  /** 1-based row number as the file shows it (title rows and the header counted). */
  rowNumber: number
  status: RowStatus
  messages: ImportMessage[]
  /** The row's main record when it will be written (absent for errors and superseded duplicates). */
  record?: Customer | Contact | Deal | Activity | User | Product | Contract | Instalment | Collection | UsageReading
  action?: 'create' | 'update'
}

/** What already exists in the workspace, read once before validation. */
export interface ImportContext {
  /** Pinned by the caller: the rules never read the clock. */
  now: number
  /** Days without a time become local noon here, so a date never slips a day. Default Asia/Shanghai. */
  timeZone?: string
  /** `role` tells whether the workspace has reps yet (see `defaultCreateMissingOwners`). */
  users: (Pick<User, 'id' | 'name' | 'orgUnitId' | 'email' | 'active'> & Partial<Pick<User, 'role'>>)[]
  orgUnits: (Pick<OrgUnit, 'id' | 'name' | 'kind'> & Partial<Pick<OrgUnit, 'parentId'>>)[]
  customers: Customer[]
  contacts: Contact[]
  deals: Deal[]
  processes: SalesProcess[]
  /** The product catalogue (a products file imported earlier); deal products resolve to its spelling. */
  products?: Product[]
  /** Existing activities by external id, for idempotent re-imports of append-only rows. */
  activityIdsByExternalId: Map<string, string>
  /** Team for customers imported without an owner or team (the importing manager's team), and for reps the import creates. */
  defaultOrgUnitId?: string
  /** Id source; tests pass a counter. */
  newId?: () => string
  /** Contracts, plans, milestones and collections already there (post-sale imports, see post-sale.ts). */
  postSale?: PostSaleContext
}

/** Decisions the user makes in the wizard. */
export interface ImportChoices {
  /** The sales process deals go into. Default: the first process. */
  processId?: string
  /** File stage (as written, trimmed) → stage id of the process; `null` = not mapped. */
  stageMap?: Record<string, string | null>
  /** Deals whose account is unknown create the customer (default true). */
  createMissingCustomers?: boolean
  /**
   * An owner name that matches no user creates one rep (per distinct name) instead of failing
   * the row. Default: on when the workspace has no reps yet (a fresh workspace importing its
   * first CRM export), off otherwise, where an unknown name is more likely a typo.
   */
  createMissingOwners?: boolean
  /** Spelling variants of one account or product are written under the canonical name (default true). */
  mergeSpellingVariants?: boolean
  /** How to read 03/01/2026 when the file does not decide it. */
  dateOrder?: 'dmy' | 'mdy'
  /** The file's currency: amounts without a symbol or code are in it. Default: the process's, else CNY. */
  defaultCurrency?: string
  /**
   * How a deal's name is built when the file has no name column (or a row's name is blank):
   * `{field}` placeholders ("{account} · {product}"); parts whose field is empty drop out with
   * their separator. Default: `defaultNamePattern(mapping)`.
   */
  namePattern?: string
  /** Teams file without a team column: the team a manager leads is named by this ("{manager} team"). */
  teamNamePattern?: string
}

export interface VariantGroup {
  field: 'account' | 'product'
  canonical: string
  variants: { value: string; count: number }[]
}

export interface ImportSummary {
  entity: ImportEntity
  total: number
  ok: number
  warning: number
  error: number
  /** Rows that will create / update a record of the entity. */
  creates: number
  updates: number
  /** Customers the import creates from deal rows. */
  customersCreated: number
  /** Reps the import creates for unknown owners (`createMissingOwners`), or a teams file's new people. */
  repsCreated: number
  /** Regions and teams a teams file creates. */
  orgUnitsCreated: number
  /** Deals written without a customer / without an expected close date (open ones). */
  dealsWithoutCustomer: number
  dealsWithoutCloseDate: number
  /** Closed deals written with the "stage path unknown" marker. */
  closedWithoutHistory: number
  /** Distinct owner names that match no user, whether or not reps are created for them. */
  unknownOwners: number
  /** Rows per message code, for the preview's filter chips. */
  byCode: Record<string, number>
  /** Notices about the whole file (date order assumed, required field unmapped…). */
  fileMessages: ImportMessage[]
  variantGroups: VariantGroup[]
}

/** Everything the commit writes: full model rows, ids already resolved. */
export interface ImportPlan {
  entity: ImportEntity
  /** Regions and teams (a teams file); written first, since people belong to them. */
  orgUnits: OrgUnit[]
  /** Reps created for unknown owners, or a teams file's people; written before the rows pointing at them. */
  users: User[]
  customers: Customer[]
  contacts: Contact[]
  deals: Deal[]
  stageHistory: StageHistory[]
  activities: Activity[]
  products: Product[]
  /** Post-sale imports (post-sale.ts): contracts, plan lines, milestones their conditions name, collections. */
  contracts?: Contract[]
  instalments?: Instalment[]
  milestones?: Milestone[]
  collections?: Collection[]
  usageReadings?: UsageReading[]
  /** Rows with errors: the commit refuses unless the user chose to skip them. */
  errorRows: number
  /** Rows not written (errors and superseded duplicates). */
  skippedRows: number
}

export interface ImportValidation {
  rows: RowResult[]
  summary: ImportSummary
  plan: ImportPlan
}
