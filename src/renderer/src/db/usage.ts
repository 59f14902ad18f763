import type { UsageMeasure, UsageReading } from '@shared/model'
import { newId } from '@shared/ids'
import { dayOfDate } from '@shared/domain/collections'
import { getDb } from './database'
import { actorOf, PostSaleError, type Who } from './contracts'
import { write } from './write'

/**
 * Usage readings of a contract (用量), through the one write path: whoever keeps the contract
 * records them (a rep only on their own deals' contracts, like a collection), and bad input is
 * refused with a code the UI translates (`collections:errors.usage.<code>`).
 */

export interface UsageInput {
  contractId: string
  metric: string
  measure: UsageMeasure
  /** YYYY-MM-DD, the day the reading is as of. */
  date: string
  used: number
  entitled?: number
  note?: string
}

/** A reading may be dated today in the team's calendar, never later. */
export async function recordUsageReading(input: UsageInput, who: Who & { today: string }): Promise<UsageReading> {
  const metric = input.metric.trim()
  if (!metric || metric.length > 80) throw new PostSaleError('usage.metric-missing')
  if (!Number.isFinite(input.used) || input.used < 0 || input.used > 1e15) throw new PostSaleError('usage.quantity-invalid')
  if (input.entitled !== undefined && (!Number.isFinite(input.entitled) || input.entitled <= 0 || input.entitled > 1e15)) throw new PostSaleError('usage.quantity-invalid')
  if (Number.isNaN(dayOfDate(input.date))) throw new PostSaleError('usage.date-invalid')
  if (input.date > who.today) throw new PostSaleError('usage.in-future')
  return write(async (tx) => {
    const contract = await getDb().contracts.get(input.contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const row: UsageReading = {
      id: newId(),
      contractId: contract.id,
      metric,
      measure: input.measure,
      date: input.date,
      used: input.used,
      recordedBy: actorOf(tx, who),
      recordedAt: who.now
    }
    if (input.entitled !== undefined) row.entitled = input.entitled
    const note = input.note?.trim()
    if (note) row.note = note.slice(0, 500)
    return tx.insert('usageReadings', row)
  })
}

/** Delete a reading taken by mistake (the op log keeps it). */
export async function removeUsageReading(id: string): Promise<void> {
  await write(async (tx) => {
    const r = await getDb().usageReadings.get(id)
    if (!r || r.deleted) throw new PostSaleError('usage.not-found')
    await tx.remove('usageReadings', id)
  })
}
