import type { Activity, Collection, Contact, Contract, Customer, Deal, Instalment, Milestone, OrgUnit, SalesProcess, StageHistory, User } from '../../model'
import { postSaleEntities, type PostSaleEntity, type PostSaleFieldKey } from './post-sale-fields'
import type { PostSaleContext } from './post-sale'

export type ImportEntity = 'customers' | 'contacts' | 'deals' | 'activities' | PostSaleEntity
export const importEntities: ImportEntity[] = ['deals', 'customers', 'contacts', 'activities', ...postSaleEntities]

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
  record?: Customer | Contact | Deal | Activity | Contract | Instalment | Collection
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
  orgUnits: Pick<OrgUnit, 'id' | 'name' | 'kind'>[]
  customers: Customer[]
  contacts: Contact[]
  deals: Deal[]
  processes: SalesProcess[]
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
  /** Currency for amounts without a symbol or code. Default: the process's, else CNY. */
  defaultCurrency?: string
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
  /** Reps the import creates for unknown owners (`createMissingOwners`). */
  repsCreated: number
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
  /** Reps created for unknown owners; written first, since every other row may point at them. */
  users: User[]
  customers: Customer[]
  contacts: Contact[]
  deals: Deal[]
  stageHistory: StageHistory[]
  activities: Activity[]
  /** Post-sale imports (post-sale.ts): contracts, plan lines, milestones their conditions name, collections. */
  contracts?: Contract[]
  instalments?: Instalment[]
  milestones?: Milestone[]
  collections?: Collection[]
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
