import type { Customer, CustomerSize, Deal } from '@shared/model'
import { newId } from '@shared/ids'
import { CockpitError } from '@shared/ipc/define'
import { normalizeForSearch } from '@shared/domain/search'
import { getDb } from './database'
import { write } from './write'

/**
 * Customers and deals typed in by hand (issue 15: a team that starts on an empty hub has no
 * export to import, and needs to add its first customer and deal in the app). Both go through
 * the write path, which checks the signed-in person's role and stamps them as the author.
 */

export interface NewCustomer {
  name: string
  industry: string
  city?: string
  size: CustomerSize
  channel?: string
  /** Null: straight into the team's pool. */
  ownerId: string | null
  /** The team the customer belongs to (the owner's, or the pool's). */
  orgUnitId: string
}

export async function createCustomer(input: NewCustomer, now = Date.now()): Promise<Customer> {
  const name = input.name.trim()
  if (!name) throw new CockpitError('records.name-required', 'a name is required')
  const key = normalizeForSearch(name)
  const same = await getDb()
    .customers.filter((c) => !c.deleted && normalizeForSearch(c.name) === key)
    .first()
  if (same) throw new CockpitError('records.customer-exists', `customer ${name} exists`, { name: same.name })
  const customer: Customer = {
    id: newId(),
    name,
    industry: input.industry.trim(),
    size: input.size,
    // Where it came from, as the team names its channels; blank when not said.
    channel: input.channel?.trim() ?? '',
    ownerId: input.ownerId,
    orgUnitId: input.orgUnitId,
    tier: 'normal',
    ...(input.city?.trim() ? { city: input.city.trim() } : {}),
    createdAt: now,
    ...(input.ownerId === null ? { poolSince: now } : {})
  }
  await write((tx) => tx.insert('customers', customer))
  return customer
}

export interface NewDeal {
  name: string
  customerId: string
  ownerId: string
  processId: string
  /** In minor units of the process's currency. */
  amount: number
  expectedCloseAt?: number
  /** Who is typing it in: the author of its first stage entry. */
  byUserId: string
}

export async function createDeal(input: NewDeal, now = Date.now()): Promise<Deal> {
  const name = input.name.trim()
  if (!name) throw new CockpitError('records.name-required', 'a name is required')
  if (!Number.isSafeInteger(input.amount) || input.amount < 0)
    throw new CockpitError('records.amount-invalid', 'amount must be a whole number of minor units ≥ 0')
  const db = getDb()
  const [process, owner, customer] = await Promise.all([
    db.salesProcesses.get(input.processId),
    db.users.get(input.ownerId),
    db.customers.get(input.customerId)
  ])
  const first = process && !process.deleted ? process.stages.find((s) => s.kind === 'open') : undefined
  if (!process || !first) throw new CockpitError('records.process-unknown', 'the sales process has no open stage')
  if (!owner || owner.deleted) throw new CockpitError('records.owner-unknown', 'unknown owner')
  if (!customer || customer.deleted) throw new CockpitError('records.customer-unknown', 'unknown customer')
  const deal: Deal = {
    id: newId(),
    name,
    customerId: customer.id,
    ownerId: owner.id,
    orgUnitId: owner.orgUnitId,
    processId: process.id,
    stageId: first.id,
    stageEnteredAt: now,
    amount: input.amount,
    currency: process.currency,
    ...(input.expectedCloseAt !== undefined ? { expectedCloseAt: input.expectedCloseAt } : {}),
    forecastCategory: 'pipeline',
    status: 'open',
    // Big by the process's own line, as the board's "big deals only" reads it.
    bigDeal: input.amount >= process.bigDealThreshold,
    createdAt: now,
    checkedCriteria: []
  }
  await write(async (tx) => {
    await tx.insert('deals', deal)
    // Its path starts here: the funnel counts it into the first stage from today.
    await tx.insert('stageHistory', {
      id: newId(),
      dealId: deal.id,
      fromStageId: null,
      toStageId: first.id,
      at: now,
      byUserId: input.byUserId
    })
  })
  return deal
}
