import type { Deal, ForecastCategory, ForecastSnapshot, SalesProcess } from '@shared/model'
import { newId } from '@shared/ids'
import { stageGate } from '@shared/domain/deal-health'
import type { ForecastFigures } from '@shared/domain/forecast'
import { getDb } from './database'
import { write } from './write'

/**
 * Pipeline writes: stage moves through the exit-criteria gate, closing won or lost, forecast
 * categories and snapshots. Each is one atomic `write()`; the deal and its stage-history row
 * never exist one without the other.
 */

export type DealWriteErrorCode =
  'deal.not-found' | 'deal.stage-unknown' | 'deal.closed' | 'deal.reason-required' | 'deal.loss-reason-required'

export class DealWriteError extends Error {
  constructor(public readonly code: DealWriteErrorCode) {
    super(code)
  }
}

export interface MoveOptions {
  /** Criterion ids the manager ticked in the gate dialog. */
  checked: readonly string[]
  /** Why the move goes ahead with criteria unchecked or stages skipped; or the loss reason. */
  reason?: string
  userId: string
  at?: number
}

export interface MoveResult {
  direction: ReturnType<typeof stageGate>['direction']
  skippedStageIds: string[]
  uncheckedCriteria: string[]
}

/**
 * Move a deal to another stage of its process. Forward moves pass the gate: all required
 * criteria checked, or a reason; skipped stages and unchecked criteria are recorded on the
 * history row (that is what the rushed flag reads). Moving to the won or lost stage closes it.
 */
export async function moveDealToStage(dealId: string, toStageId: string, opts: MoveOptions): Promise<MoveResult> {
  const at = opts.at ?? Date.now()
  const reason = opts.reason?.trim() || undefined
  return write(async (tx) => {
    const db = getDb()
    const deal = await db.deals.get(dealId)
    if (!deal || deal.deleted) throw new DealWriteError('deal.not-found')
    if (deal.status !== 'open') throw new DealWriteError('deal.closed')
    const process = await db.salesProcesses.get(deal.processId)
    const to = process?.stages.find((s) => s.id === toStageId)
    if (!process || !to) throw new DealWriteError('deal.stage-unknown')
    const gate = stageGate(process, deal.stageId, toStageId, [...deal.checkedCriteria, ...opts.checked])
    if (gate.direction === 'same') return { direction: 'same', skippedStageIds: [], uncheckedCriteria: [] }
    if (gate.direction === 'lost' && !reason) throw new DealWriteError('deal.loss-reason-required')
    const needsReason = gate.unchecked.length > 0 || gate.skippedStageIds.length > 0
    if ((gate.direction === 'forward' || gate.direction === 'won') && needsReason && !reason)
      throw new DealWriteError('deal.reason-required')

    const checked = [...new Set([...deal.checkedCriteria, ...opts.checked])]
    const patch: Partial<Deal> = { stageId: toStageId, stageEnteredAt: at, checkedCriteria: checked }
    if (gate.direction === 'won') Object.assign(patch, { status: 'won', closedAt: at, probability: 100 })
    if (gate.direction === 'lost') Object.assign(patch, { status: 'lost', closedAt: at, lossReason: reason, probability: 0 })
    await tx.update('deals', dealId, patch)
    await tx.insert('stageHistory', {
      id: newId(),
      dealId,
      fromStageId: deal.stageId,
      toStageId,
      at,
      byUserId: opts.userId,
      ...(gate.skippedStageIds.length ? { skippedStageIds: gate.skippedStageIds } : {}),
      ...(gate.unchecked.length ? { uncheckedCriteria: gate.unchecked } : {}),
      ...(reason ? { reason } : {})
    })
    return { direction: gate.direction, skippedStageIds: gate.skippedStageIds, uncheckedCriteria: gate.unchecked }
  })
}

/** The rep's call, or the manager's override beside it (null clears the override). */
export async function setForecastCategory(
  dealId: string,
  category: ForecastCategory | null,
  by: 'rep' | 'manager'
): Promise<void> {
  await write(async (tx) => {
    if (by === 'rep') {
      if (category === null) return
      await tx.update('deals', dealId, { forecastCategory: category })
    } else {
      await tx.update('deals', dealId, { managerForecastCategory: category ?? undefined })
    }
  })
}

export interface SnapshotInput {
  scopeKind: ForecastSnapshot['scopeKind']
  scopeId: string
  period: ForecastSnapshot['period']
  periodStart: string
  figures: ForecastFigures
  target?: number
  trigger?: ForecastSnapshot['trigger']
  at?: number
}

/** Freeze the forecast as it stands, so its error against what is won can be shown later. */
export async function takeForecastSnapshot(input: SnapshotInput): Promise<ForecastSnapshot> {
  const f = input.figures
  const row: ForecastSnapshot = {
    id: newId(),
    takenAt: input.at ?? Date.now(),
    trigger: input.trigger ?? 'manual',
    period: input.period,
    periodStart: input.periodStart,
    scopeKind: input.scopeKind,
    scopeId: input.scopeId,
    won: f.won,
    commit: f.commit,
    bestCase: f.bestCase,
    pipeline: f.pipeline,
    weighted: f.weighted,
    ...(input.target !== undefined ? { target: input.target } : {})
  }
  return write((tx) => tx.insert('forecastSnapshots', row))
}

/**
 * Adopt calibrated stage probabilities: the process gets a new revision, so snapshots and
 * forecasts taken before keep meaning what they meant.
 */
export async function adoptStageProbabilities(processId: string, probabilities: ReadonlyMap<string, number>): Promise<void> {
  await write(async (tx) => {
    const process = await getDb().salesProcesses.get(processId)
    if (!process) throw new DealWriteError('deal.stage-unknown')
    const stages = process.stages.map((s) => {
      const p = probabilities.get(s.id)
      return p === undefined || s.kind !== 'open' ? s : { ...s, probability: Math.max(0, Math.min(100, Math.round(p))) }
    })
    await tx.update('salesProcesses', processId, { stages, revision: process.revision + 1 })
  })
}

/**
 * Save an edited sales process as a new revision. Deals keep the stage ids they have; a deal
 * whose stage was removed stays visible (the board shows it under "unknown stage").
 */
export async function saveSalesProcess(process: SalesProcess): Promise<SalesProcess> {
  return write(async (tx) => {
    const existing = await getDb().salesProcesses.get(process.id)
    if (!existing) return tx.insert('salesProcesses', { ...process, revision: 1 })
    return tx.update('salesProcesses', process.id, { ...process, revision: existing.revision + 1 })
  })
}
