import type { TFunction } from 'i18next'
import type { ExportColumn } from '@shared/export/table'
import type { ComplianceHeatmap } from '@shared/domain/eight-visit'
import { VISIT_KINDS, quotaTotal } from '@shared/domain/eight-visit'
import type { ReclaimCandidate, FairnessRow } from '@shared/domain/pool'
import type { AuditFlag, Customer } from '@shared/model'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'
import { isShort, type BoardRow } from './EightVisitBoard'

/** The rhythm views' exports: the figures each view already holds, as tables. */

/** The eight-visit board of a day: done / planned / quota per kind and in all, and the verdict. */
export function eightVisitTable(title: string, rows: readonly BoardRow[], isPast: boolean, t: TFunction): ViewTable {
  const columns: ExportColumn[] = [{ key: 'rep', label: t('rhythm:board.rep'), kind: 'text' }]
  for (const k of VISIT_KINDS) {
    const kind = t(`common:visitKinds.${k}`)
    columns.push(
      { key: `${k}Done`, label: t('export:columns.kindDone', { kind }), kind: 'number' },
      { key: `${k}Planned`, label: t('export:columns.kindPlanned', { kind }), kind: 'number' },
      { key: `${k}Quota`, label: t('export:columns.kindQuota', { kind }), kind: 'number' }
    )
  }
  columns.push(
    { key: 'done', label: t('export:columns.done'), kind: 'number' },
    { key: 'planned', label: t('export:columns.planned'), kind: 'number' },
    { key: 'quota', label: t('export:columns.quota'), kind: 'number' },
    { key: 'untyped', label: t('rhythm:board.noKind'), kind: 'number' },
    { key: 'status', label: t('rhythm:board.status'), kind: 'text' }
  )
  const records = rows.map((r) => {
    const total = quotaTotal(r.quota)
    const rec: Record<string, unknown> = {
      rep: r.user.name,
      done: r.done,
      planned: r.planned,
      quota: total,
      untyped: r.untyped.planned,
      status: !isShort(r, isPast)
        ? t('rhythm:board.ok')
        : !isPast
          ? t('rhythm:board.shortPlan', { missing: Math.max(0, total - r.planned), total })
          : r.done < total
            ? t('rhythm:board.shortDone', { count: total - r.done, total })
            : t('rhythm:board.mixOff', { new: r.quota.new, follow: r.quota.follow_up, closing: r.quota.closing, total })
    }
    for (const k of VISIT_KINDS) {
      rec[`${k}Done`] = r.byKind[k].done
      rec[`${k}Planned`] = r.byKind[k].planned
      rec[`${k}Quota`] = r.quota[k]
    }
    return rec
  })
  return { ...tableOf(title, columns, records), printColumns: ['rep', 'newDone', 'follow_upDone', 'closingDone', 'done', 'planned', 'quota', 'status'] }
}

/** Compliance per rep and week (the heat-map) as percentages; blank where a week was not judged. */
export function heatmapTable(title: string, hm: ComplianceHeatmap, names: ReadonlyMap<string, string>, t: TFunction): ViewTable {
  const columns: ExportColumn[] = [
    { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
    ...hm.weeks.map((w, i) => ({ key: `w${i}`, label: w, kind: 'percent' as const }))
  ]
  const records = hm.rows
    .filter((r) => r.cells.some((v) => v !== null))
    .map((r) => Object.fromEntries([['rep', names.get(r.userId) ?? r.userId], ...r.cells.map((v, i) => [`w${i}`, v])]))
  // Thirteen weeks do not fit across A4: paper keeps the last eight.
  const printColumns = ['rep', ...hm.weeks.map((_, i) => `w${i}`).slice(-8)]
  return { ...tableOf(title, columns, records), printColumns }
}

export interface KickoffRow {
  rep: string
  cells: { label: string; actual: number; objective: number | null; stretch: number | null; money: boolean }[]
  planned: number
  plannedByKind: Record<string, number>
}

/** The kickoff: per rep and target, actual / objective / stretch, then today's plan. */
/** `currency`: the one the won columns are in on screen (the totals currency, converted when mixed). */
export function kickoffTable(title: string, rows: readonly KickoffRow[], t: TFunction, currency: string): ViewTable {
  const first = rows[0]
  const columns: ExportColumn[] = [{ key: 'rep', label: t('rhythm:board.rep'), kind: 'text' }]
  first?.cells.forEach((c, i) => {
    const kind = c.money ? ('money' as const) : ('number' as const)
    const money = c.money ? { currency } : {}
    columns.push(
      { key: `a${i}`, label: c.label, kind, ...money },
      { key: `o${i}`, label: `${c.label} · ${t('rhythm:targets.objective')}`, kind, ...money },
      { key: `s${i}`, label: `${c.label} · ${t('rhythm:targets.stretch')}`, kind, ...money }
    )
  })
  columns.push({ key: 'planned', label: t('rhythm:kickoff.todayPlan'), kind: 'number' })
  for (const k of VISIT_KINDS) columns.push({ key: `plan_${k}`, label: `${t('rhythm:kickoff.todayPlan')} · ${t(`common:visitKinds.${k}`)}`, kind: 'number' })
  const records = rows.map((r) => {
    const rec: Record<string, unknown> = { rep: r.rep, planned: r.planned }
    r.cells.forEach((c, i) => {
      rec[`a${i}`] = c.actual
      rec[`o${i}`] = c.objective
      rec[`s${i}`] = c.stretch
    })
    for (const k of VISIT_KINDS) rec[`plan_${k}`] = r.plannedByKind[k] ?? 0
    return rec
  })
  // Paper: the actuals and the plan; objectives are in the sheet.
  const printColumns = ['rep', ...(first?.cells.map((_, i) => `a${i}`) ?? []), 'planned']
  return { ...tableOf(title, columns, records), printColumns }
}

export interface ReviewExportRow {
  rep: string
  planned: number
  done: number
  moves: number
  won: number
  wonAmount: number
  claims: number
  withoutSheet: number
  rideAlongs: number
  rolePlays: number
  proposals: number
  tomorrow: number
}

/** The evening review, one row per rep. */
export function reviewTable(title: string, rows: readonly ReviewExportRow[], t: TFunction, currency: string): ViewTable {
  return {
    ...tableOf(
      title,
      [
        { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'done', label: t('export:columns.done'), kind: 'number' },
        { key: 'planned', label: t('export:columns.planned'), kind: 'number' },
        { key: 'moves', label: t('export:columns.stageMoves'), kind: 'number' },
        { key: 'won', label: t('export:columns.wonDeals'), kind: 'number' },
        { key: 'wonAmount', label: t('export:columns.wonAmount'), kind: 'money', currency },
        { key: 'claims', label: t('export:columns.poolClaims'), kind: 'number' },
        { key: 'withoutSheet', label: t('rhythm:review.withoutSheet'), kind: 'number' },
        { key: 'rideAlongs', label: t('rhythm:review.rideAlongs'), kind: 'number' },
        { key: 'rolePlays', label: t('rhythm:review.rolePlays'), kind: 'number' },
        { key: 'proposals', label: t('rhythm:review.proposals'), kind: 'number' },
        { key: 'tomorrow', label: t('rhythm:review.tomorrow'), kind: 'number' }
      ],
      rows as unknown as Record<string, unknown>[]
    ),
    printColumns: ['rep', 'done', 'planned', 'won', 'wonAmount', 'withoutSheet', 'rideAlongs', 'tomorrow']
  }
}

/** The pool: the reclaim preview (when run), the customers in the pool, and who claimed what. */
export function poolTables(
  o: {
    preview: readonly ReclaimCandidate[] | null
    pool: readonly Customer[]
    fairness: readonly FairnessRow[]
    customerName(id: string): string
    userName(id: string): string
  },
  t: TFunction
): ViewTable[] {
  const tables: ViewTable[] = []
  if (o.preview)
    tables.push(
      tableOf(
        t('rhythm:pool.previewTitle'),
        [
          { key: 'customer', label: t('rhythm:pool.customer'), kind: 'text' },
          { key: 'owner', label: t('rhythm:pool.owner'), kind: 'text' },
          { key: 'reason', label: t('rhythm:pool.reason'), kind: 'text' },
          { key: 'days', label: t('export:columns.daysWithoutTouch'), kind: 'number' },
          { key: 'allowed', label: t('export:columns.daysAllowed'), kind: 'number' },
          { key: 'touches', label: t('export:columns.touchDays'), kind: 'number' },
          { key: 'lastTouch', label: t('common:deal.lastTouch'), kind: 'date' }
        ],
        o.preview.map((p) => ({
          customer: o.customerName(p.customerId),
          owner: o.userName(p.ownerId),
          reason: t(`rhythm:pool.reasons.${p.reason}`),
          days: p.reason === 'owner_left' ? null : p.daysSinceTouch,
          allowed: p.reason === 'owner_left' ? null : p.allowedDays,
          touches: p.touches,
          lastTouch: p.lastTouchAt
        }))
      )
    )
  tables.push(
    tableOf(
      t('rhythm:tabs.pool'),
      [
        { key: 'customer', label: t('rhythm:pool.customer'), kind: 'text' },
        { key: 'industry', label: t('common:customers.industry'), kind: 'text' },
        { key: 'city', label: t('common:customers.city'), kind: 'text' },
        { key: 'since', label: t('export:columns.inPoolSince'), kind: 'date' },
        { key: 'previous', label: t('export:columns.previousOwner'), kind: 'text' }
      ],
      o.pool.map((c) => ({
        customer: c.name,
        industry: c.industry,
        city: c.city ?? null,
        since: c.poolSince ?? null,
        previous: c.previousOwnerId ? o.userName(c.previousOwnerId) : null
      }))
    ),
    tableOf(
      t('rhythm:pool.fairness'),
      [
        { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'claims', label: t('rhythm:pool.claims'), kind: 'number' },
        { key: 'reclaimedFrom', label: t('rhythm:pool.reclaimedFrom'), kind: 'number' },
        { key: 'direct', label: t('rhythm:pool.direct'), kind: 'number' }
      ],
      o.fairness.map((f) => ({ rep: o.userName(f.userId), claims: f.claims, reclaimedFrom: f.reclaimedFrom, direct: f.directAssignments }))
    )
  )
  return tables
}

export interface AuditFlagRow {
  at: number
  userId: string
  customerId: string
  rule: string
  evidence: string
  status?: string
}

/** The audit queue (open flags with their evidence) and the flags already judged. */
export function auditTables(
  o: { queue: readonly AuditFlagRow[]; reviewed: readonly AuditFlag[]; customerName(id: string): string; userName(id: string): string },
  t: TFunction
): ViewTable[] {
  return [
    tableOf(
      t('rhythm:audit.queue'),
      [
        { key: 'at', label: t('rhythm:audit.when'), kind: 'datetime' },
        { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'customer', label: t('rhythm:pool.customer'), kind: 'text' },
        { key: 'rule', label: t('rhythm:audit.rule'), kind: 'text' },
        { key: 'evidence', label: t('rhythm:audit.evidenceCol'), kind: 'text' }
      ],
      o.queue.map((f) => ({ at: f.at, rep: o.userName(f.userId), customer: o.customerName(f.customerId), rule: t(`rhythm:audit.rules.${f.rule}`), evidence: f.evidence }))
    ),
    tableOf(
      t('rhythm:audit.reviewed'),
      [
        { key: 'at', label: t('export:columns.reviewedAt'), kind: 'datetime' },
        { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'rule', label: t('rhythm:audit.rule'), kind: 'text' },
        { key: 'status', label: t('common:deal.status'), kind: 'text' }
      ],
      o.reviewed.map((f) => ({ at: f.reviewedAt ?? f.createdAt, rep: o.userName(f.userId), rule: t(`rhythm:audit.rules.${f.rule}`), status: t(`rhythm:audit.status.${f.status}`) }))
    )
  ]
}

export interface TargetExportRow {
  name: string
  level: number
  objective: number | null
  stretch: number | null
  rollUpObjective: number | null
  rollUpStretch: number | null
  withTarget: number | null
  reps: number | null
}

/** The targets of one period and metric: each region, team and rep, with the reps' sum beside. */
export function targetsTable(title: string, rows: readonly TargetExportRow[], money: boolean, t: TFunction, currency: string): ViewTable {
  const value = (key: string, label: string): ExportColumn => (money ? { key, label, kind: 'money', currency } : { key, label, kind: 'number' })
  return tableOf(
    title,
    [
      { key: 'name', label: t('rhythm:targets.scope'), kind: 'text' },
      value('objective', t('rhythm:targets.objective')),
      value('stretch', t('rhythm:targets.stretch')),
      value('rollUpObjective', `${t('rhythm:targets.rollUp')} · ${t('rhythm:targets.objective')}`),
      value('rollUpStretch', `${t('rhythm:targets.rollUp')} · ${t('rhythm:targets.stretch')}`),
      { key: 'withTarget', label: t('export:columns.repsWithTarget'), kind: 'number' },
      { key: 'reps', label: t('export:columns.reps'), kind: 'number' }
    ],
    // The tree's depth as indentation, so the sheet reads like the screen.
    rows.map((r) => ({ ...r, name: `${'\u3000'.repeat(r.level)}${r.name}` }))
  )
}

/** The heroes: honours, then the leaderboard on the chosen metric. */
export function heroesTables(
  o: {
    title: string
    honours: readonly { honour: string; name: string; value: number; money: boolean }[]
    board: readonly { rank: number; name: string; value: number }[]
    metricLabel: string
    metricMoney: boolean
    /** The currency the card's amounts are in (converted when mixed). */
    currency: string
  },
  t: TFunction
): ViewTable[] {
  return [
    tableOf(
      o.title,
      [
        { key: 'honour', label: t('export:columns.honour'), kind: 'text' },
        { key: 'name', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'money', label: t('export:columns.wonAmount'), kind: 'money', currency: o.currency },
        { key: 'count', label: t('export:columns.count'), kind: 'number' }
      ],
      o.honours.map((h) => ({ honour: t(`rhythm:heroes.honours.${h.honour}`), name: h.name, money: h.money ? h.value : null, count: h.money ? null : h.value }))
    ),
    tableOf(
      `${o.title} · ${o.metricLabel}`,
      [
        { key: 'rank', label: t('export:columns.rank'), kind: 'number' },
        { key: 'name', label: t('rhythm:board.rep'), kind: 'text' },
        o.metricMoney ? { key: 'value', label: o.metricLabel, kind: 'money', currency: o.currency } : { key: 'value', label: o.metricLabel, kind: 'number' }
      ],
      o.board
    )
  ]
}
