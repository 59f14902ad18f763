import type { AuditFlag } from '../model'
import { DAY_MS } from './calendar'
import type { RiskFlag } from './visit-risk'

/**
 * A manager's verdict on a flagged visit: "the visit was real" (cleared) or "the visit was fake"
 * (confirmed), with a note saying why. A verdict can be changed for a week after it was given —
 * a call back to the customer can come later — and every earlier verdict is kept in `history`.
 */
export type Verdict = 'confirmed' | 'cleared'
export const VERDICT_CHANGE_WINDOW_MS = 7 * DAY_MS

/** Whether the verdict on this flag can still be changed at `now` (a week from the last verdict). */
export function canChangeVerdict(flag: Pick<AuditFlag, 'status' | 'reviewedAt'> | undefined, now: number): boolean {
  if (!flag || flag.status === 'open' || flag.reviewedAt === undefined) return true
  return now - flag.reviewedAt <= VERDICT_CHANGE_WINDOW_MS
}

export type VerdictRefusal = 'rhythm.verdict-locked'

/**
 * The flag row after a verdict: a first verdict, or a change within the week, the earlier one
 * moved to `history`. Returns the refusal when the week is over.
 */
export function nextVerdict(
  existing: AuditFlag | undefined,
  flag: Pick<RiskFlag, 'id' | 'activityId' | 'userId' | 'rule' | 'evidence'> & { sampled?: boolean },
  verdict: Verdict,
  by: { reviewerId?: string; note?: string; now: number }
): AuditFlag | VerdictRefusal {
  if (!canChangeVerdict(existing, by.now)) return 'rhythm.verdict-locked'
  const note = by.note?.trim()
  const prior = existing && existing.status !== 'open' && existing.reviewedAt !== undefined ? existing : undefined
  const history = [
    ...(existing?.history ?? []),
    ...(prior ? [{ status: prior.status as Verdict, at: prior.reviewedAt!, ...(prior.reviewedBy ? { by: prior.reviewedBy } : {}), ...(prior.note ? { note: prior.note } : {}) }] : [])
  ]
  return {
    id: flag.id,
    activityId: flag.activityId,
    userId: flag.userId,
    rule: flag.rule,
    evidence: flag.evidence,
    status: verdict,
    createdAt: existing?.createdAt ?? by.now,
    reviewedAt: by.now,
    ...(by.reviewerId ? { reviewedBy: by.reviewerId } : {}),
    ...(flag.sampled || existing?.sampled ? { sampled: true } : {}),
    ...(note ? { note } : {}),
    ...(history.length ? { history } : {})
  }
}

/**
 * Late-entry batches: the bulk-logged flags of one rep whose entries were typed in together
 * (each within `windowMin` of the next). One verdict can then cover the whole batch, as a
 * manager judges it — one evening of catching up, real or not. Returns batches of two or more.
 */
export function lateEntryBatches(flags: readonly RiskFlag[]): RiskFlag[][] {
  const byRep = new Map<string, RiskFlag[]>()
  for (const f of flags) {
    if (f.rule !== 'bulk_logged' || typeof f.evidence.loggedAt !== 'number') continue
    const list = byRep.get(f.userId) ?? []
    list.push(f)
    byRep.set(f.userId, list)
  }
  const out: RiskFlag[][] = []
  for (const list of byRep.values()) {
    list.sort((a, b) => (a.evidence.loggedAt as number) - (b.evidence.loggedAt as number) || a.id.localeCompare(b.id))
    let batch: RiskFlag[] = []
    for (const f of list) {
      const prev = batch[batch.length - 1]
      const windowMs = (typeof f.evidence.windowMin === 'number' ? f.evidence.windowMin : 30) * 60_000
      if (prev && (f.evidence.loggedAt as number) - (prev.evidence.loggedAt as number) > windowMs) {
        if (batch.length > 1) out.push(batch)
        batch = []
      }
      batch.push(f)
    }
    if (batch.length > 1) out.push(batch)
  }
  return out
}
