import type { Collection, CollectionMethod, Contract, Instalment, Milestone, MilestoneKind, UsageMeasure, UsageReading } from '../../model'
import { newId as defaultNewId } from '../../ids'
import { dayOfDate, resolveSchedule } from '../collections'
import { amountScaleFromHeader, missingRequiredFields } from './fields'
import type { PostSaleEntity } from './post-sale-fields'
import { cleanText, matchKey, personKey } from './normalise'
// A collection row without a receipt number gets a stable id from the same hash as other rows without an external id.
import { clip, hash } from './validate-row'
import { DEFAULT_TIME_ZONE, detectDateOrder, formatMinor, isBlankValue, localDay, parseAmount, parseCurrency, parseDate, type DateOrder } from './values'
import type { FieldKey, ImportChoices, ImportContext, ImportMapping, ImportMessage, ImportPlan, ImportValidation, RowResult } from './types'

/**
 * Importing what comes after the signature — contracts, their payment plans (回款计划) and
 * collections (回款记录) — from the finance team's or the CRM's sheets, with the same wizard
 * as deals: column mapping, a reason per row, and nothing written while a row is wrong.
 * Contracts point at customers (and deals) of the workspace; plans and collections point at
 * contracts by their number. Re-importing the same file changes nothing.
 */

/** Rows of post-sale records already in the workspace, for re-imports and references. */
export interface PostSaleContext {
  contracts: Contract[]
  instalments: Instalment[]
  milestones: Milestone[]
  collections: Collection[]
  usageReadings?: UsageReading[]
}

const METHODS: [CollectionMethod, string[]][] = [
  ['bank_transfer', ['bank transfer', 'transfer', 'wire', 'bank', 'tt', '银行转账', '转账', '电汇', '汇款', '对公转账']],
  ['acceptance_bill', ['acceptance bill', 'bill', 'draft', '承兑汇票', '银行承兑', '商业承兑', '汇票', '承兑']],
  ['cash', ['cash', '现金']],
  ['cheque', ['cheque', 'check', '支票']],
  ['online', ['online', 'alipay', 'wechat pay', 'card', '在线支付', '支付宝', '微信支付', '刷卡']]
]

const MEASURES: [UsageMeasure, string[]][] = [
  ['level', ['level', 'in use', 'seats', 'active', 'snapshot', '在用', '席位', '存量', '当前', '时点']],
  ['cumulative', ['cumulative', 'consumed', 'consumption', 'prepaid', 'to date', '累计', '累计消耗', '消耗', '已消耗', '预付', '预付额度']]
]

function parseMeasure(raw: string): UsageMeasure | null {
  const k = matchKey(raw)
  for (const [m, words] of MEASURES) if (words.some((w) => matchKey(w) === k)) return m
  return null
}

/** 1,200 / 1 200 / 1.2万 / 3.5k → a non-negative number; null when unreadable. */
export function parseQuantity(raw: string): number | null {
  const s = raw.normalize('NFKC').replace(/[,\s]/g, '').toLowerCase()
  const m = /^(\d+(?:\.\d+)?)(万|亿|千|k|m)?$/.exec(s)
  if (!m) return null
  const unit = { 万: 1e4, 亿: 1e8, 千: 1e3, k: 1e3, m: 1e6 }[m[2] ?? ''] ?? 1
  const v = Number(m[1]) * unit
  return Number.isFinite(v) && v <= 1e15 ? Math.round(v * 1e6) / 1e6 : null
}

function parseMethod(raw: string): CollectionMethod | null {
  const k = matchKey(raw)
  for (const [m, words] of METHODS) if (words.some((w) => matchKey(w) === k)) return m
  return null
}

const CONDITION_KINDS: [MilestoneKind, RegExp][] = [
  ['acceptance', /验收|accept/i],
  ['go_live', /上线|go[\s-]?live|launch/i],
  ['delivery', /交付|到货|发货|deliver|shipment/i],
  ['kickoff', /启动|kick[\s-]?off/i]
]

/** "验收后30天", "30 days after acceptance", "on delivery": the milestone and the days after; null when it names none. */
export function parseCondition(raw: string): { kind: MilestoneKind; daysAfter: number } | null {
  const s = raw.normalize('NFKC')
  const hit = CONDITION_KINDS.find(([, re]) => re.test(s))
  if (!hit) return null
  const days = /(\d{1,3})\s*(?:个)?(?:工作日|天|日|days?|d\b)/i.exec(s)
  return { kind: hit[0], daysAfter: days ? Math.min(730, Number(days[1])) : 0 }
}

/** 30 %, 30, 0.3 → basis points; null when unreadable or outside (0, 100 %]. */
function parsePercent(raw: string): number | null {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').replace(/%$/, '')
  if (!/^\d+(\.\d+)?$/.test(s)) return null
  let v = Number(s)
  if (v > 0 && v <= 1 && !raw.includes('%') && s.includes('.')) v *= 100
  const bp = Math.round(v * 100)
  return bp > 0 && bp <= 10_000 ? bp : null
}

class Row {
  readonly messages: ImportMessage[] = []
  hasError = false
  constructor(readonly rowNumber: number) {}
  error(code: string, params?: Record<string, string | number>): void {
    this.hasError = true
    this.messages.push(params ? { code, params, severity: 'error' } : { code, severity: 'error' })
  }
  warn(code: string, params?: Record<string, string | number>): void {
    this.messages.push(params ? { code, params, severity: 'warning' } : { code, severity: 'warning' })
  }
}

interface Table {
  headers: string[]
  rows: string[][]
  headerRow: number
  rowNumbers?: number[]
}

/** Validates a contracts, plan or collections file and builds what the commit writes. Pure. */
export function validatePostSaleImport(table: Table, mapping: ImportMapping, context: ImportContext, choices: ImportChoices = {}): ImportValidation {
  const entity = mapping.entity as PostSaleEntity
  const newId = context.newId ?? defaultNewId
  const tz = context.timeZone ?? DEFAULT_TIME_ZONE
  const existing: PostSaleContext = context.postSale ?? { contracts: [], instalments: [], milestones: [], collections: [] }
  const col = new Map<FieldKey, number>()
  mapping.columns.forEach((f, i) => {
    if (f && !col.has(f) && i < table.headers.length) col.set(f, i)
  })
  const text = (row: string[], f: FieldKey): string => {
    const c = col.get(f)
    const v = c === undefined ? '' : cleanText(row[c] ?? '')
    return isBlankValue(v) ? '' : v
  }
  const dateCols = (['signedAt', 'startDate', 'endDate', 'dueDate', 'receivedAt', 'readingDate'] as FieldKey[]).map((f) => col.get(f)).filter((c): c is number => c !== undefined)
  const order: DateOrder = choices.dateOrder ?? detectDateOrder(table.rows.flatMap((r) => dateCols.map((c) => r[c] ?? ''))) ?? 'mdy'
  const scale = col.has('amount') ? amountScaleFromHeader(table.headers[col.get('amount')!] ?? '') : 1
  const date = (row: string[], f: FieldKey, st: Row, required: boolean): number | undefined => {
    const v = text(row, f)
    const r = parseDate(v, { order, timeZone: tz })
    if (r.kind === 'date') return r.ms
    if (r.kind === 'invalid') st.error('import.date-invalid', { field: f, value: clip(v) })
    else if (required) st.error('import.required-missing', { field: f })
    return undefined
  }
  const amount = (row: string[], st: Row, currency: string, required: boolean): { minor: number; currency: string } | undefined => {
    const v = text(row, 'amount')
    const r = parseAmount(v, { scale, currency })
    if (r.kind === 'amount') {
      if (r.minor <= 0) {
        st.error('import.amount-invalid', { value: clip(v) })
        return undefined
      }
      return { minor: r.minor, currency: r.currency ?? currency }
    }
    if (r.kind === 'invalid') st.error('import.amount-invalid', { value: clip(v) })
    else if (required) st.error('import.required-missing', { field: 'amount' })
    return undefined
  }
  const rowNumber = (i: number): number => table.rowNumbers?.[i] ?? table.headerRow + 2 + i

  const fileMessages: ImportMessage[] = missingRequiredFields(mapping).map((f) => ({ code: 'import.field-unmapped', params: { field: f }, severity: 'error' as const }))
  const liveContracts = existing.contracts.filter((c) => !c.deleted)
  const contractByNumber = new Map<string, Contract>()
  for (const c of liveContracts) {
    contractByNumber.set(matchKey(c.number), c)
    if (c.externalId) contractByNumber.set(matchKey(c.externalId), c)
  }
  const plan: ImportPlan = { entity: mapping.entity, orgUnits: [], users: [], customers: [], contacts: [], deals: [], stageHistory: [], activities: [], products: [], contracts: [], instalments: [], milestones: [], collections: [], usageReadings: [], errorRows: 0, skippedRows: 0 }
  const rows: { st: Row; record?: Contract | Instalment | Collection | UsageReading; action?: 'create' | 'update'; contractId?: string }[] = []

  if (entity === 'contracts') {
    const customers = context.customers.filter((c) => !c.deleted)
    const customerByName = new Map(customers.map((c) => [matchKey(c.name), c]))
    const customerByExt = new Map(customers.filter((c) => c.externalId).map((c) => [c.externalId!, c]))
    const dealByExt = new Map(context.deals.filter((d) => d.externalId).map((d) => [d.externalId!, d]))
    const users = new Map<string, (typeof context.users)[number]>()
    for (const u of context.users) {
      users.set(personKey(u.name), u)
      if (u.email) users.set(u.email.trim().toLowerCase(), u)
    }
    const seen = new Map<string, number>()
    table.rows.forEach((row, i) => {
      const st = new Row(rowNumber(i))
      const entry: (typeof rows)[number] = { st }
      rows.push(entry)
      const number = text(row, 'contractNumber')
      if (!number) st.error('import.required-missing', { field: 'contractNumber' })
      else if (number.length > 80) st.error('import.row-invalid', { field: 'contractNumber', message: '> 80' })
      const key = matchKey(number)
      if (number && seen.has(key)) st.warn('import.duplicate-row', { key: number, rows: String(seen.get(key)) })
      if (number) seen.set(key, st.rowNumber)
      // The customer: by id, else by name; a named deal of it, by id or name.
      const accountId = text(row, 'accountExternalId')
      const accountName = text(row, 'account')
      const customer = (accountId && customerByExt.get(accountId)) || (accountName && customerByName.get(matchKey(accountName))) || undefined
      if (!customer) {
        if (!accountName && !accountId) st.error('import.required-missing', { field: 'account' })
        else st.error('import.customer-unknown', { account: clip(accountName || accountId) })
      }
      const dealId = text(row, 'dealExternalId')
      const dealName = text(row, 'deal')
      let deal = dealId ? dealByExt.get(dealId) : undefined
      if (!deal && dealName && customer) deal = context.deals.find((d) => !d.deleted && d.customerId === customer.id && matchKey(d.name) === matchKey(dealName))
      if ((dealId || dealName) && !deal) st.warn('import.deal-unknown', { deal: clip(dealName || dealId) })
      const ownerRaw = text(row, 'owner')
      const owner = ownerRaw ? (users.get(personKey(ownerRaw)) ?? users.get(ownerRaw.toLowerCase())) : undefined
      if (!ownerRaw) st.error('import.required-missing', { field: 'owner' })
      else if (!owner) st.error('import.owner-unknown', { owner: clip(ownerRaw) })
      const curCell = text(row, 'currency')
      const currency = curCell ? parseCurrency(curCell) : (choices.defaultCurrency ?? deal?.currency ?? 'CNY')
      if (!currency) st.error('import.currency-unknown', { value: clip(curCell) })
      const money = amount(row, st, currency ?? 'CNY', true)
      const signedAt = date(row, 'signedAt', st, true)
      const start = date(row, 'startDate', st, false)
      const end = date(row, 'endDate', st, false)
      if (start !== undefined && end !== undefined && end < start) st.error('import.term-invalid')
      if (st.hasError || !customer || !owner || !money || signedAt === undefined) return
      const prior = contractByNumber.get(key)
      const c: Contract = {
        id: prior?.id ?? newId(),
        number,
        externalId: number,
        customerId: customer.id,
        collectorId: owner.id,
        orgUnitId: owner.orgUnitId,
        amount: money.minor,
        currency: money.currency,
        signedAt,
        status: prior?.status ?? 'active',
        createdAt: prior?.createdAt ?? context.now,
        createdBy: prior?.createdBy ?? owner.id
      }
      const name = text(row, 'name')
      if (name) c.name = name.slice(0, 200)
      if (deal) c.dealId = deal.id
      if (start !== undefined) c.startDate = localDay(start, tz)
      if (end !== undefined) c.endDate = localDay(end, tz)
      const terms = text(row, 'terms')
      if (terms) c.terms = terms.slice(0, 2000)
      if (prior?.renewalDealId) c.renewalDealId = prior.renewalDealId
      entry.record = c
      entry.action = prior ? 'update' : 'create'
    })
    // A contract number twice: the last good row wins.
    const last = new Map<string, number>()
    rows.forEach((r, i) => {
      if (r.record) last.set(matchKey((r.record as Contract).number), i)
    })
    rows.forEach((r, i) => {
      if (r.record && last.get(matchKey((r.record as Contract).number)) !== i) {
        r.record = undefined
        r.action = undefined
      }
    })
    for (const r of rows) if (r.record) plan.contracts!.push(r.record as Contract)
  } else {
    const contractOf = (row: string[], st: Row): Contract | undefined => {
      const number = text(row, 'contractNumber')
      if (!number) {
        st.error('import.required-missing', { field: 'contractNumber' })
        return undefined
      }
      const c = contractByNumber.get(matchKey(number))
      if (!c) st.error('import.contract-unknown', { contract: clip(number) })
      return c
    }
    const instalmentsOf = new Map<string, Instalment[]>()
    for (const i of existing.instalments) if (!i.deleted) instalmentsOf.set(i.contractId, [...(instalmentsOf.get(i.contractId) ?? []), i])

    if (entity === 'instalments') {
      const milestonesOf = new Map<string, Milestone[]>()
      for (const m of existing.milestones) if (!m.deleted) milestonesOf.set(m.contractId, [...(milestonesOf.get(m.contractId) ?? []), m])
      const nextSeq = new Map<string, number>()
      table.rows.forEach((row, i) => {
        const st = new Row(rowNumber(i))
        const entry: (typeof rows)[number] = { st }
        rows.push(entry)
        const c = contractOf(row, st)
        const seqCell = text(row, 'seq')
        let seq = seqCell ? Number(seqCell.replace(/[^\d]/g, '')) : NaN
        if (c && (!Number.isInteger(seq) || seq < 1 || seq > 100)) seq = (nextSeq.get(c.id) ?? 0) + 1
        if (c) nextSeq.set(c.id, Math.max(seq, nextSeq.get(c.id) ?? 0))
        const pctCell = text(row, 'percent')
        const bp = pctCell ? parsePercent(pctCell) : null
        if (pctCell && bp === null) st.error('import.percent-invalid', { value: clip(pctCell) })
        const money = text(row, 'amount') ? amount(row, st, c?.currency ?? 'CNY', false) : undefined
        if (money && c && money.currency !== c.currency) st.error('import.currency-mismatch', { currency: money.currency, expected: c.currency })
        if (!pctCell && !text(row, 'amount')) st.error('import.share-missing')
        const due = date(row, 'dueDate', st, false)
        const condCell = text(row, 'condition')
        const cond = condCell ? parseCondition(condCell) : null
        if (condCell && !cond && due === undefined) st.error('import.condition-unknown', { value: clip(condCell) })
        else if (condCell && !cond) st.warn('import.condition-unknown', { value: clip(condCell) })
        if (due === undefined && !cond && !condCell) st.error('import.due-missing')
        if (st.hasError || !c) return
        const prior = (instalmentsOf.get(c.id) ?? []).find((x) => x.seq === seq)
        const ins: Instalment = { id: prior?.id ?? newId(), contractId: c.id, seq, externalId: text(row, 'externalId') || `${c.number}#${seq}` }
        const label = text(row, 'label')
        if (label) ins.label = label.slice(0, 80)
        if (money) ins.amount = money.minor
        else if (bp !== null) ins.percentBp = bp
        if (cond) {
          // The milestone the condition names: the contract's own, else one created for it,
          // planned on the day the sheet says the money is due less the days after.
          let m = (milestonesOf.get(c.id) ?? []).find((x) => x.kind === cond.kind)
          if (!m) {
            if (due === undefined) {
              st.error('import.milestone-date-missing', { value: clip(condCell) })
              return
            }
            const list = milestonesOf.get(c.id) ?? []
            m = { id: newId(), contractId: c.id, kind: cond.kind, seq: list.length + 1, plannedDate: localDayShift(localDay(due, tz), -cond.daysAfter) }
            milestonesOf.set(c.id, [...list, m])
            plan.milestones!.push(m)
            st.warn('import.milestone-created', { milestone: cond.kind, date: m.plannedDate })
          }
          ins.milestoneId = m.id
          ins.daysAfter = cond.daysAfter
        } else if (due !== undefined) ins.dueDate = localDay(due, tz)
        entry.record = ins
        entry.action = prior ? 'update' : 'create'
        entry.contractId = c.id
      })
      // The plan of each contract as it will stand must fit the contract.
      const byContract = new Map<string, typeof rows>()
      for (const r of rows) if (r.record && r.contractId) byContract.set(r.contractId, [...(byContract.get(r.contractId) ?? []), r])
      for (const [contractId, list] of byContract) {
        const c = liveContracts.find((x) => x.id === contractId)!
        const incoming = list.map((r) => r.record as Instalment)
        const kept = (instalmentsOf.get(contractId) ?? []).filter((x) => !incoming.some((n) => n.seq === x.seq))
        const ms = new Map([...(milestonesOf.get(contractId) ?? [])].map((m) => [m.id, m]))
        const over = resolveSchedule(c, [...kept, ...incoming], ms).problems.find((p) => p.code === 'plan.exceeds-contract')
        if (over && 'excess' in over) {
          for (const r of list) {
            r.st.error('import.plan-exceeds', { contract: c.number, excess: formatMinor(over.excess, c.currency) })
            r.record = undefined
            r.action = undefined
          }
        }
      }
      for (const r of rows) if (r.record) plan.instalments!.push(r.record as Instalment)
      // Milestones only for instalments that stay in the plan.
      const used = new Set(plan.instalments!.map((x) => x.milestoneId).filter(Boolean))
      plan.milestones = plan.milestones!.filter((m) => used.has(m.id))
    } else if (entity === 'collections') {
      const existingByExt = new Map(existing.collections.filter((x) => x.externalId).map((x) => [x.externalId!, x]))
      table.rows.forEach((row, i) => {
        const st = new Row(rowNumber(i))
        const entry: (typeof rows)[number] = { st }
        rows.push(entry)
        const c = contractOf(row, st)
        const money = amount(row, st, c?.currency ?? 'CNY', true)
        const curCell = text(row, 'currency')
        const currency = curCell ? parseCurrency(curCell) : money?.currency
        if (curCell && !currency) st.error('import.currency-unknown', { value: clip(curCell) })
        if (c && currency && currency !== c.currency) st.error('import.currency-mismatch', { currency, expected: c.currency })
        const at = date(row, 'receivedAt', st, true)
        if (at !== undefined && at > context.now + 86_400_000) st.error('import.received-in-future')
        const methodCell = text(row, 'method')
        let method: CollectionMethod = 'bank_transfer'
        if (methodCell) {
          const m = parseMethod(methodCell)
          if (m) method = m
          else {
            method = 'other'
            st.warn('import.method-unknown', { value: clip(methodCell) })
          }
        }
        if (st.hasError || !c || !money || at === undefined) return
        const ref = text(row, 'instalment')
        let instalmentId: string | undefined
        if (ref) {
          const list = instalmentsOf.get(c.id) ?? []
          const n = Number(ref.replace(/[^\d]/g, ''))
          const hit = list.find((x) => (x.label && matchKey(x.label) === matchKey(ref)) || (Number.isInteger(n) && n > 0 && x.seq === n))
          if (hit) instalmentId = hit.id
          else st.warn('import.instalment-unknown', { value: clip(ref) })
        }
        const externalId = text(row, 'externalId') || `h:${hash(`${c.number}|${localDay(at, tz)}|${money.minor}|${method}|${ref}`)}`
        const prior = existingByExt.get(externalId)
        const x: Collection = {
          id: prior?.id ?? newId(),
          externalId,
          contractId: c.id,
          amount: money.minor,
          currency: c.currency,
          receivedAt: at,
          method,
          recordedBy: prior?.recordedBy ?? c.collectorId,
          recordedAt: prior?.recordedAt ?? context.now
        }
        if (instalmentId) x.instalmentId = instalmentId
        const note = text(row, 'note')
        if (note) x.note = note.slice(0, 500)
        entry.record = x
        entry.action = prior ? 'update' : 'create'
      })
      for (const r of rows) if (r.record) plan.collections!.push(r.record as Collection)
    } else {
      // Usage readings: one per contract, metric and day; a re-import of the same day updates it.
      const existingByExt = new Map((existing.usageReadings ?? []).filter((x) => x.externalId).map((x) => [x.externalId!, x]))
      const todayDate = localDay(context.now, tz)
      const quantity = (row: string[], f: 'used' | 'entitled', st: Row, required: boolean): number | undefined => {
        const v = text(row, f)
        if (!v) {
          if (required) st.error('import.required-missing', { field: f })
          return undefined
        }
        const q = parseQuantity(v)
        if (q === null || (f === 'entitled' && q <= 0)) st.error('import.quantity-invalid', { field: f, value: clip(v) })
        return q ?? undefined
      }
      table.rows.forEach((row, i) => {
        const st = new Row(rowNumber(i))
        const entry: (typeof rows)[number] = { st }
        rows.push(entry)
        const c = contractOf(row, st)
        const metric = text(row, 'metric').slice(0, 80)
        if (!metric) st.error('import.required-missing', { field: 'metric' })
        const measureCell = text(row, 'measure')
        const measure = measureCell ? parseMeasure(measureCell) : 'level'
        if (!measure) st.error('import.measure-unknown', { value: clip(measureCell) })
        const at = date(row, 'readingDate', st, true)
        const day = at === undefined ? undefined : localDay(at, tz)
        if (day !== undefined && day > todayDate) st.error('import.reading-in-future', { date: day })
        const used = quantity(row, 'used', st, true)
        const entitled = quantity(row, 'entitled', st, false)
        if (st.hasError || !c || !metric || !measure || day === undefined || used === undefined) return
        const externalId = text(row, 'externalId') || `u:${hash(`${c.number}|${matchKey(metric)}|${day}`)}`
        const prior = existingByExt.get(externalId)
        const u: UsageReading = {
          id: prior?.id ?? newId(),
          externalId,
          contractId: c.id,
          metric,
          measure,
          date: day,
          used,
          recordedBy: prior?.recordedBy ?? c.collectorId,
          recordedAt: prior?.recordedAt ?? context.now
        }
        if (entitled !== undefined) u.entitled = entitled
        const note = text(row, 'note')
        if (note) u.note = note.slice(0, 500)
        entry.record = u
        entry.action = prior ? 'update' : 'create'
      })
      for (const r of rows) if (r.record) plan.usageReadings!.push(r.record as UsageReading)
    }
  }

  const results: RowResult[] = rows.map((r) => {
    if (r.st.hasError) plan.errorRows++
    if (!r.record) plan.skippedRows++
    const out: RowResult = { rowNumber: r.st.rowNumber, status: r.st.hasError ? 'error' : r.st.messages.length ? 'warning' : 'ok', messages: r.st.messages }
    if (r.record) {
      out.record = r.record
      out.action = r.action!
    }
    return out
  })
  const byCode: Record<string, number> = {}
  for (const r of results) for (const code of new Set(r.messages.map((m) => m.code))) byCode[code] = (byCode[code] ?? 0) + 1
  return {
    rows: results,
    plan,
    summary: {
      entity: mapping.entity,
      total: results.length,
      ok: results.filter((r) => r.status === 'ok').length,
      warning: results.filter((r) => r.status === 'warning').length,
      error: results.filter((r) => r.status === 'error').length,
      creates: results.filter((r) => r.action === 'create').length,
      updates: results.filter((r) => r.action === 'update').length,
      customersCreated: 0,
      repsCreated: 0,
      orgUnitsCreated: 0,
      dealsWithoutCustomer: 0,
      dealsWithoutCloseDate: 0,
      closedWithoutHistory: 0,
      unknownOwners: 0,
      byCode,
      fileMessages,
      variantGroups: []
    }
  }
}

function localDayShift(date: string, days: number): string {
  const d = dayOfDate(date)
  return new Date((d + days) * 86_400_000).toISOString().slice(0, 10)
}
