import { useLiveQuery } from 'dexie-react-hooks'
import type { Activity, Comment, Contact, Contract, Deal, StageHistory } from '@shared/model'
import type { TaskDone } from '@shared/domain/timeline'
import type { PostSaleRows } from '@shared/domain/post-sale-timeline'
import { getDb } from '../../db/database'
import { taskCompletions } from '../../db/timeline'

/** A coach's comment at a moment of a recorded call, placed on the call's customer and deal. */
export interface CallComment {
  comment: Comment
  customerId: string | null
  dealId: string | null
  kind: 'call_comment'
}

/** The line of a call's transcript shown in its row; clicking it opens the player there. */
export interface CallSnippet {
  text: string
  startMs: number
}

export interface TimelineSource {
  activities: Activity[]
  stageHistory: StageHistory[]
  deals: Deal[]
  contacts: Contact[]
  customerId: string | null
  /** Comments on the recorded calls in this stream (written on the calls page). */
  callComments?: CallComment[]
  /** Tasks marked done, by task id. */
  taskDone?: ReadonlyMap<string, TaskDone>
  /** A transcript line per recording, by recording id. */
  snippets?: ReadonlyMap<string, CallSnippet>
  /** Contracts of the stream and what hangs off them (plan, milestones, collections, invoices). */
  postSale?: PostSaleRows
}

const MAX = Number.MAX_SAFE_INTEGER

/**
 * The rows behind one timeline, read live so a note added from the timeline appears at once.
 * A deal's timeline reads the deal's rows by the `[dealId+at]` index; with customer events it
 * adds the customer's rows that belong to no deal (calls about the account, pool moves).
 */
export function useTimelineSource(p: { customerId?: string; dealId?: string; includeCustomerEvents?: boolean }): TimelineSource | undefined {
  return useLiveQuery(async () => {
    const db = getDb()
    if (p.dealId) {
      const deal = await db.deals.get(p.dealId)
      const customerId = deal?.customerId ?? p.customerId ?? null
      const [own, history, customerLevel, contacts] = await Promise.all([
        db.activities.where('[dealId+at]').between([p.dealId, -Infinity], [p.dealId, MAX]).toArray(),
        db.stageHistory.where('dealId').equals(p.dealId).toArray(),
        p.includeCustomerEvents && customerId
          ? db.activities.where('[customerId+at]').between([customerId, -Infinity], [customerId, MAX]).filter((a) => !a.dealId).toArray()
          : Promise.resolve([]),
        customerId ? db.contacts.where('customerId').equals(customerId).toArray() : Promise.resolve([])
      ])
      const activities = await withAttachedRecordings(own.concat(customerLevel))
      const contracts = await db.contracts
        .where(p.includeCustomerEvents && customerId ? 'customerId' : 'dealId')
        .equals(p.includeCustomerEvents && customerId ? customerId : p.dealId)
        .filter((c) => c.dealId === p.dealId || (!!p.includeCustomerEvents && !c.dealId))
        .toArray()
      return { activities, stageHistory: history, deals: deal ? [deal] : [], contacts, customerId, ...(await extras(activities)), postSale: await postSaleOf(contracts) }
    }
    if (!p.customerId) return { activities: [], stageHistory: [], deals: [], contacts: [], customerId: null }
    const id = p.customerId
    const [activities, deals, contacts] = await Promise.all([
      db.activities
        .where('[customerId+at]')
        .between([id, -Infinity], [id, MAX])
        .toArray()
        .then(withAttachedRecordings),
      db.deals.where('customerId').equals(id).toArray(),
      db.contacts.where('customerId').equals(id).toArray()
    ])
    const stageHistory = deals.length > 0 ? await db.stageHistory.where('dealId').anyOf(deals.map((d) => d.id)).toArray() : []
    const postSale = await postSaleOf(await db.contracts.where('customerId').equals(id).toArray())
    return { activities, stageHistory, deals, contacts, customerId: id, ...(await extras(activities)), postSale }
  }, [p.customerId, p.dealId, p.includeCustomerEvents])
}

/** Everything hanging off these contracts, for the post-sale events of the stream. */
async function postSaleOf(contracts: Contract[]): Promise<PostSaleRows> {
  const db = getDb()
  const ids = contracts.map((c) => c.id)
  if (ids.length === 0) return { contracts, instalments: [], milestones: [], collections: [], invoices: [] }
  const [instalments, milestones, collections, invoices] = await Promise.all([
    db.instalments.where('contractId').anyOf(ids).toArray(),
    db.milestones.where('contractId').anyOf(ids).toArray(),
    db.collections.where('contractId').anyOf(ids).toArray(),
    db.invoices.where('contractId').anyOf(ids).toArray()
  ])
  return { contracts, instalments, milestones, collections, invoices }
}

/**
 * A recording dropped onto a call logged earlier points at the call (activities are append-only,
 * so the call itself is never rewritten): show it on the call, with its badge, line and comments.
 */
async function withAttachedRecordings(activities: Activity[]): Promise<Activity[]> {
  const bare = activities.filter((a) => a.kind === 'call' && !a.recordingId).map((a) => a.id)
  if (bare.length === 0) return activities
  const attached = await getDb().recordings.where('activityId').anyOf(bare).toArray()
  if (attached.length === 0) return activities
  const byCall = new Map(attached.map((r) => [r.activityId!, r.id]))
  return activities.map((a) => {
    const recordingId = a.recordingId ? undefined : byCall.get(a.id)
    return recordingId ? { ...a, recordingId } : a
  })
}

/**
 * What hangs off the stream's activities: the coaching comments and a transcript line of each
 * recorded call, and the done-marks of its tasks. Comments sit where their call sits.
 */
async function extras(activities: readonly Activity[]): Promise<Pick<TimelineSource, 'callComments' | 'taskDone' | 'snippets'>> {
  const db = getDb()
  const callOf = new Map<string, Activity>()
  const taskIds: string[] = []
  for (const a of activities) {
    if (a.recordingId && a.kind === 'call') callOf.set(a.recordingId, a)
    if (a.kind === 'task') taskIds.push(a.id)
  }
  const recordingIds = [...callOf.keys()]
  const [comments, taskDone, snippets] = await Promise.all([
    recordingIds.length > 0
      ? db.comments
          .where('[targetTable+targetId]')
          .anyOf(recordingIds.map((r) => ['recordings', r]))
          .filter((c) => c.kind === 'comment')
          .toArray()
      : Promise.resolve([] as Comment[]),
    taskCompletions(taskIds),
    Promise.all(
      recordingIds.map(async (r) => {
        // Of the first few lines, the other side's first one with some substance: what the
        // customer said is what a manager opens a call for; else the first line.
        const segs = (await db.transcriptSegments.where('recordingId').equals(r).limit(12).toArray()).sort((a, b) => a.startMs - b.startMs)
        const opener = segs[0]?.speaker
        const seg = segs.find((s) => s.speaker !== opener && s.text.trim().length >= 6) ?? segs[0]
        return seg ? ([r, { text: seg.text.trim(), startMs: seg.startMs }] as const) : null
      })
    )
  ])
  return {
    callComments: comments.map((comment) => {
      const call = callOf.get(comment.targetId)
      return { comment, customerId: call?.customerId ?? null, dealId: call?.dealId ?? null, kind: 'call_comment' as const }
    }),
    taskDone,
    snippets: new Map(snippets.filter((x) => x !== null))
  }
}
