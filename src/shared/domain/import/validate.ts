import { type SalesProcess } from '../../model'
import { newId as defaultNewId } from '../../ids'
import { missingRequiredFields } from './fields'
import type { ImportChoices, ImportContext, ImportMapping, ImportMessage, ImportPlan, ImportSummary, ImportValidation, RowResult } from './types'
import { isPostSaleEntity } from './post-sale-fields'
import { validatePostSaleImport } from './post-sale'
import { type TableInput, Reader, userIndex, type Draft, type Made, type Builder, type Drafter, type Env, repCreator } from './validate-row'
import { dealDrafts } from './validate-deals'
import { customerDrafts } from './validate-customers'
import { contactDrafts } from './validate-contacts'
import { activityDrafts } from './validate-activities'
import { teamDrafts } from './validate-teams'
import { productDrafts } from './validate-products'

// The import's public rules, whichever file a kind's rows are checked in.
export type { TableInput } from './validate-row'
export { defaultCreateMissingOwners } from './validate-row'
export { NAME_PATTERN_FIELDS, defaultNamePattern, previewDealNames } from './deal-names'
export { collectFileStages, forecastCategoryFor } from './validate-deals'

export function chooseProcess(context: ImportContext, choices: ImportChoices): SalesProcess | undefined {
  const live = context.processes.filter((p) => !p.deleted)
  return live.find((p) => p.id === choices.processId) ?? live[0]
}

// ─── the entry point ────────────────────────────────────────────────────────────────────────

/** Where a validation run is: reading rows (`check`), then building records (`build`). */
export interface ValidationProgress {
  phase: 'check' | 'build'
  done: number
  total: number
}

/** Rows between two progress reports (and between two chances for the page to paint). */
export const VALIDATION_STEP = 1000

/**
 * Checks every row of a mapped file against the workspace and builds what the commit writes.
 * Pure: reads only its arguments (ids from `context.newId`).
 */
export function validateImport(
  table: TableInput,
  mapping: ImportMapping,
  context: ImportContext,
  choices: ImportChoices = {}
): ImportValidation {
  const run = validateSteps(table, mapping, context, choices)
  for (;;) {
    const r = run.next()
    if (r.done) return r.value
  }
}

/**
 * `validateImport` one step at a time: yields its progress every `VALIDATION_STEP` rows, so a
 * caller can report it and let the page paint on a 100,000-row file. Same result, same rules.
 */
export function* validateSteps(
  table: TableInput,
  mapping: ImportMapping,
  context: ImportContext,
  choices: ImportChoices = {}
): Generator<ValidationProgress, ImportValidation, void> {
  const entity = mapping.entity
  if (isPostSaleEntity(entity)) return validatePostSaleImport(table, mapping, context, choices)
  const fileMessages: ImportMessage[] = []
  const process = entity === 'deals' ? chooseProcess(context, choices) : undefined
  const defaultCurrency = choices.defaultCurrency ?? process?.currency ?? 'CNY'
  const reader = new Reader(table, mapping, choices, context.timeZone, defaultCurrency)

  for (const f of missingRequiredFields(mapping)) {
    fileMessages.push({ code: 'import.field-unmapped', params: { field: f }, severity: 'error' })
  }
  if (entity === 'deals' && !process) fileMessages.push({ code: 'import.no-process', severity: 'error' })
  if (reader.dateOrderAssumed) fileMessages.push({ code: 'import.date-order-assumed', params: { order: reader.dateOrder }, severity: 'warning' })

  const newId = context.newId ?? defaultNewId
  const env: Env = {
    table,
    mapping,
    reader,
    context,
    choices,
    users: userIndex(context.users),
    unknownOwners: new Set(),
    createRep: repCreator(context, choices, newId),
    newId,
    variantGroups: [],
    orgUnitsCreated: 0
  }
  let drafter: Drafter
  switch (entity) {
    case 'deals':
      drafter = dealDrafts(env, process)
      break
    case 'customers':
      drafter = customerDrafts(env)
      break
    case 'contacts':
      drafter = contactDrafts(env)
      break
    case 'activities':
      drafter = activityDrafts(env)
      break
    case 'teams':
      drafter = teamDrafts(env)
      break
    case 'products':
      drafter = productDrafts(env)
      break
  }
  const total = table.rows.length
  const drafts: Draft[] = new Array<Draft>(total)
  for (let i = 0; i < total; i++) {
    drafts[i] = drafter(table.rows[i]!, i)
    if ((i + 1) % VALIDATION_STEP === 0 || i + 1 === total) yield { phase: 'check', done: i + 1, total }
  }

  settleDuplicates(drafts)
  // What reading the file noticed about a row is said on that row, with its other warnings.
  for (const w of table.rowWarnings ?? []) drafts[w.row]?.st.warn(w.code, w.params)

  const plan: ImportPlan = {
    entity,
    orgUnits: [],
    users: [],
    customers: [],
    contacts: [],
    deals: [],
    stageHistory: [],
    activities: [],
    products: [],
    errorRows: 0,
    skippedRows: 0
  }
  const plannedReps = new Set<string>()
  const builder: Builder = { plan, newId: env.newId, customersCreated: 0, dealsWithoutCustomer: 0, dealsWithoutCloseDate: 0, closedWithoutHistory: 0 }
  const rows: RowResult[] = []
  let creates = 0
  let updates = 0
  for (const [i, d] of drafts.entries()) {
    let made: Made | undefined
    if (!d.st.hasError && !d.st.superseded && d.materialise) {
      made = d.materialise(builder)
      if (made?.action === 'create') creates++
      else if (made) updates++
    }
    // A new rep is written with the first row that is written for them, and said there once.
    const rep = d.st.newRep
    if (made && rep && !plannedReps.has(rep.id)) {
      plannedReps.add(rep.id)
      plan.users.push(rep)
      d.st.warn('import.rep-created', { owner: rep.name })
    }
    const status = d.st.hasError ? 'error' : d.st.messages.length > 0 ? 'warning' : 'ok'
    if (d.st.hasError) plan.errorRows++
    if (d.st.hasError || d.st.superseded) plan.skippedRows++
    const r: RowResult = { rowNumber: d.st.rowNumber, status, messages: d.st.messages }
    if (made) {
      r.record = made.record
      r.action = made.action
    }
    rows.push(r)
    if ((i + 1) % VALIDATION_STEP === 0 || i + 1 === total) yield { phase: 'build', done: i + 1, total }
  }

  const byCode: Record<string, number> = {}
  for (const r of rows) {
    const seen = new Set<string>()
    for (const m of r.messages) {
      if (seen.has(m.code)) continue
      seen.add(m.code)
      byCode[m.code] = (byCode[m.code] ?? 0) + 1
    }
  }
  const summary: ImportSummary = {
    entity,
    total: rows.length,
    ok: rows.filter((r) => r.status === 'ok').length,
    warning: rows.filter((r) => r.status === 'warning').length,
    error: rows.filter((r) => r.status === 'error').length,
    creates,
    updates,
    customersCreated: builder.customersCreated,
    repsCreated: entity === 'teams' ? plan.users.filter((u) => !context.users.some((x) => x.id === u.id)).length : plan.users.length,
    orgUnitsCreated: env.orgUnitsCreated,
    dealsWithoutCustomer: builder.dealsWithoutCustomer,
    dealsWithoutCloseDate: builder.dealsWithoutCloseDate,
    closedWithoutHistory: builder.closedWithoutHistory,
    unknownOwners: env.unknownOwners.size,
    byCode,
    fileMessages,
    variantGroups: env.variantGroups
  }
  return { rows, summary, plan }
}

/** Same identity twice: the last row without errors wins, and every row of the group is told. */
function settleDuplicates(drafts: Draft[]): void {
  const groups = new Map<string, Draft[]>()
  for (const d of drafts) {
    if (!d.identity) continue
    const g = groups.get(d.identity)
    if (g) g.push(d)
    else groups.set(d.identity, [d])
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue
    let winner: Draft | undefined
    for (const d of g) if (!d.st.hasError) winner = d
    for (const d of g) {
      const others = g
        .filter((o) => o !== d)
        .map((o) => o.st.rowNumber)
        .join(', ')
      d.st.warn('import.duplicate-row', { key: d.label, rows: others })
      if (d !== winner) d.st.superseded = true
    }
  }
}
