import type { TFunction } from 'i18next'
import { formatDate, formatMoney, type Locale } from '../ui/format'
import { roleLabel } from '../session/words'

/**
 * A synced field and its value in the reader's language, for the conflict inbox and the list of
 * refused edits: "Forecast category (manager): Best case", "Owner: 李娜", "Amount: ¥128.5万" —
 * never `managerForecastCategory`, `best_case` or an id.
 */

export interface DescribeContext {
  t: TFunction
  locale: Locale
  timeZone: string
  userName(id: string): string | undefined
  unitName(id: string): string | undefined
  processName(id: string): string | undefined
  stageName(processId: string, stageId: string): string | undefined
  /** Customers and deals by id (looked up by the caller, which may read the database). */
  recordName(id: string): string | undefined
}

const PEOPLE = new Set(['ownerId', 'previousOwnerId', 'repId', 'coachId', 'userId', 'reviewedBy', 'createdBy', 'byUserId', 'otherUserId', 'authorId'])
const UNITS = new Set(['orgUnitId', 'parentId'])
const RECORDS = new Set(['customerId', 'dealId'])
const DATES = new Set(['createdAt', 'poolSince', 'hiredAt', 'leftAt', 'stageEnteredAt', 'expectedCloseAt', 'closedAt', 'scoredAt', 'reviewedAt', 'takenAt', 'updatedAt', 'importedAt'])
const MONEY = new Set(['amount', 'bigDealThreshold', 'won', 'commit', 'bestCase', 'pipeline', 'weighted', 'target'])
/** Fields whose value is one of a few codes, each worded under `fields:values.<group>`. */
const CODES: Record<string, string> = {
  decisionRole: 'decisionRole',
  segment: 'segment',
  scopeKind: 'scopeKind',
  period: 'period',
  metric: 'metric',
  trigger: 'trigger',
  seniority: 'seniority'
}

export function fieldLabel(t: TFunction, field: string): string {
  return t(`fields:names.${field}`, { defaultValue: field })
}

/** `row`: the record as it stands (its currency, process and scope kind give the value its meaning). */
export function valueText(ctx: DescribeContext, table: string, field: string, value: unknown, row?: Record<string, unknown>): string {
  const { t, locale, timeZone } = ctx
  if (value === null || value === undefined || value === '') return t('fields:values.empty')
  if (field === 'deleted') return t(value === true ? 'fields:values.deletedYes' : 'fields:values.restored')
  if (typeof value === 'boolean') return t(value ? 'fields:values.yes' : 'fields:values.no')
  if (typeof value === 'string') {
    if (PEOPLE.has(field)) return ctx.userName(value) ?? t('fields:values.unknownPerson')
    if (UNITS.has(field)) return ctx.unitName(value) ?? value
    if (field === 'scopeId') return (row?.scopeKind === 'user' ? ctx.userName(value) : ctx.unitName(value)) ?? value
    if (RECORDS.has(field)) return ctx.recordName(value) ?? t('fields:values.unknownRecord')
    if (field === 'processId') return ctx.processName(value) ?? value
    if (field === 'stageId') return (typeof row?.processId === 'string' ? ctx.stageName(row.processId, value) : undefined) ?? value
    if (field === 'forecastCategory' || field === 'managerForecastCategory') return t(`pipeline:categories.${value}`, { defaultValue: value })
    if (field === 'tier') return t(`common:customers.tier.${value}`, { defaultValue: value })
    if (field === 'size') return t(`common:customers.sizes.${value}`, { defaultValue: value })
    if (field === 'role') return roleLabel(t, value)
    if (field === 'status') return table === 'auditFlags' ? t(`fields:values.auditStatus.${value}`, { defaultValue: value }) : t(`fields:values.dealStatus.${value}`, { defaultValue: value })
    if (field === 'kind' && table === 'orgUnits') return t(`fields:values.unitKind.${value}`, { defaultValue: value })
    if (CODES[field]) return t(`fields:values.${CODES[field]}.${value}`, { defaultValue: value })
    return value
  }
  if (typeof value === 'number') {
    if (field === 'seniority') return t(`fields:values.seniority.${value}`, { defaultValue: String(value) })
    if (DATES.has(field)) return formatDate(value, locale, timeZone)
    const currency = typeof row?.currency === 'string' ? row.currency : 'CNY'
    if (MONEY.has(field) || ((field === 'objective' || field === 'stretch') && row?.metric === 'won_amount')) return formatMoney(value, currency, locale)
    if (field === 'probability') return `${value}%`
    return new Intl.NumberFormat(locale).format(value)
  }
  if (Array.isArray(value)) return field === 'stages' ? t('fields:values.stages', { count: value.length }) : t('fields:values.count', { count: value.length })
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (field === 'visitSplit') return t('fields:values.split', { new: v.newCustomer, follow: v.followUp, closing: v.closing })
    return t('fields:values.count', { count: Object.keys(v).length })
  }
  return String(value)
}
