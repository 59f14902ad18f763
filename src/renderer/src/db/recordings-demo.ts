import { newId } from '@shared/ids'
import { Activity, KeywordTracker, Recording, Transcript, TranscriptSegment } from '@shared/model'
import type { DemoCall } from '@shared/ipc/recordings'
import { parseTranscript, validateTranscript } from '@shared/domain/transcripts'
import { bridge } from '../bridge'
import { getDb } from './database'
import { COACHING_STEPS, templateSkills, type CoachingStep } from '@shared/domain/coaching'
import { CallLibraryMark, libraryMarkId } from '@shared/model/library-mark'
import { getWorkspaceMeta } from './workspace'

const DAY = 86_400_000
/** What a manager would track first on these calls: money, the decision, the two competitors. */
export const DEMO_TRACKERS = ['预算', '折扣', '决策人', '纷享销客', '销售易', '报价', '续约']

/** The demo calls' skills (manifest) → the demo scorecard question that names the skill. */
const SKILL_QUESTION: Record<string, string> = { discovery: 'discovery', negotiation: 'objection', objection: 'objection', closing: 'next-step' }

/** Why the coach shelved each great call (by the manifest's skill), in the workspace's language. */
const GREAT_NOTE: Record<string, [string, string]> = {
  discovery: ['连问三层“为什么”，客户自己说出了预算卡在哪里：听前两分钟的追问。', 'Three "why"s in a row until the customer names what holds the budget: listen to the first two minutes.'],
  negotiation: ['让步之前先换条件：折扣换签约时间，每个新人都该听一遍。', 'Nothing given without something back: the discount traded for a signing date. Every new rep should hear it.'],
  closing: ['结尾直接约定下周演示的时间和参会人，不含糊。', 'Ends by fixing next week’s demo, its date and who attends, with no vagueness.'],
  objection: ['先复述客户的顾虑再回应，客户明显放松。', 'Repeats the worry back before answering; you can hear the customer relax.']
}

/**
 * The coaching history the demo opens with (16-character method): per rep, skill index into the
 * scorecard's skills and the sessions' ages in days, one step further each time.
 */
// The first skill (the opening) is left for the coach to start on.
const DEMO_COACHING: { rep: number; skill: number; daysAgo: number[] }[] = [
  { rep: 0, skill: 1, daysAgo: [28, 21, 14, 5] },
  { rep: 0, skill: 2, daysAgo: [10, 3] },
  { rep: 1, skill: 3, daysAgo: [20, 12, 4] },
  { rep: 2, skill: 4, daysAgo: [6] }
]
const STEP_NOTE: Record<CoachingStep, [string, string]> = {
  tell: ['讲清要点和话术，示范一遍。', 'Explained the point and the words to use, once through.'],
  show: ['陪访，由我来讲，让他看。', 'Joint call: I led, the rep watched.'],
  explain: ['他复述了做法和原因，补了两处。', 'The rep explained the approach back; two gaps filled.'],
  do: ['他主讲，我旁听，基本到位。', 'The rep led the call, I listened: nearly there.']
}

let running: Promise<number> | null = null

/**
 * Give the demo workspace its recorded calls: main imports the shipped files through the real
 * store, then each becomes a `call` activity of a demo deal's owner on that deal's customer,
 * with its recording row and exact transcript. Like the rest of the demo this is local sample
 * data, written without the outbox. Idempotent by content hash, and safe to call from several
 * places at once (opening the demo, the calls page): returns how many calls were added.
 */
export function ensureDemoCalls(now = Date.now()): Promise<number> {
  running ??= attach(now).finally(() => {
    running = null
  })
  return running
}

async function attach(now: number): Promise<number> {
  const meta = await getWorkspaceMeta()
  if (meta?.kind !== 'demo' || meta.scale === 'bench') return 0
  const { calls } = await bridge.invoke('recordings.demoCalls', {})
  return attachDemoCalls(calls, now)
}

/** The page half of the demo import, apart from the bridge so it is testable in isolation. */
export async function attachDemoCalls(calls: readonly DemoCall[], now: number): Promise<number> {
  const db = getDb()
  const deals = (await db.deals.where('status').equals('open').toArray())
    .filter((d): d is typeof d & { customerId: string; expectedCloseAt: number } => !d.deleted && d.customerId !== undefined && d.expectedCloseAt !== undefined)
    .sort((a, b) => a.expectedCloseAt - b.expectedCloseAt || (a.id < b.id ? -1 : 1))
  const reps = new Set((await db.users.toArray()).filter((u) => u.role === 'rep').map((u) => u.id))
  // Demo history, not "me": the region's coach shelved the great calls before the demo opened.
  const coach = (await db.users.toArray()).find((u) => u.role === 'coach' && u.active)
  // Library shelves are the scorecard's skills, in the workspace's language.
  const questions = (await db.scorecardTemplates.toArray()).flatMap((t) => t.questions)
  const skillOf = (key: string): string => questions.find((q) => q.id === SKILL_QUESTION[key])?.skill ?? key
  const L = (await getWorkspaceMeta())?.locale === 'en-US' ? 1 : 0
  const skills = templateSkills(await db.scorecardTemplates.toArray())
  // One call per customer, spread over the reps so the coach queue has several people in it.
  const targets: typeof deals = []
  const seenCustomer = new Set<string>()
  const perRep = new Map<string, number>()
  for (const d of deals) {
    if (!reps.has(d.ownerId) || seenCustomer.has(d.customerId) || (perRep.get(d.ownerId) ?? 0) >= 2) continue
    seenCustomer.add(d.customerId)
    perRep.set(d.ownerId, (perRep.get(d.ownerId) ?? 0) + 1)
    targets.push(d)
  }
  if (targets.length === 0) return 0

  const have = new Set((await db.recordings.toArray()).map((r) => r.sha256))
  const fresh = calls.filter((c) => !have.has(c.sha256))
  if (fresh.length === 0) return 0
  const activities: Activity[] = []
  const recordings: Recording[] = []
  const segments: TranscriptSegment[] = []
  const transcripts: Transcript[] = []
  const marks: CallLibraryMark[] = []
  for (const call of fresh) {
    const i = calls.indexOf(call)
    const deal = targets[i % targets.length]!
    const contact = await db.contacts.where('customerId').equals(deal.customerId).first()
    // The last two weeks, on working hours: call i is i+1 working half-days back.
    const day = new Date(now - Math.ceil((i + 1) / 2) * DAY)
    day.setHours(i % 2 ? 15 : 10, (i * 17) % 60, 0, 0)
    const at = Math.min(day.getTime(), now - 60_000)
    const recordingId = newId()
    const activityId = newId()
    activities.push(
      Activity.parse({
        id: activityId,
        kind: 'call',
        customerId: deal.customerId,
        dealId: deal.id,
        userId: deal.ownerId,
        at,
        loggedAt: at + call.durationMs,
        status: 'done',
        connected: true,
        durationSec: Math.round(call.durationMs / 1000),
        subject: call.title,
        recordingId,
        ...(contact ? { contactId: contact.id } : {})
      })
    )
    const recording = Recording.parse({
      id: recordingId,
      sha256: call.sha256,
      activityId,
      customerId: deal.customerId,
      dealId: deal.id,
      durationMs: call.durationMs,
      channels: call.channels,
      codec: call.codec.slice(0, 40),
      sizeBytes: call.sizeBytes,
      originalName: call.fileName,
      importedAt: at + call.durationMs
    })
    recordings.push(recording)
    const ids: string[] = []
    for (const c of validateTranscript(parseTranscript(call.transcript, call.transcriptName), recording)) {
      const seg = TranscriptSegment.parse({ id: newId(), recordingId, startMs: c.startMs, endMs: c.endMs, speaker: c.speaker, text: c.text })
      segments.push(seg)
      ids.push(seg.id)
    }
    transcripts.push(Transcript.parse({ id: recordingId, recordingId, segmentIds: ids, source: 'demo', fileName: call.transcriptName, updatedAt: at + call.durationMs }))
    if (call.great && coach) {
      marks.push(
        CallLibraryMark.parse({
          id: libraryMarkId(recordingId, skillOf(call.skill)),
          recordingId,
          skill: skillOf(call.skill),
          authorId: coach.id,
          markedAt: at + DAY / 2,
          ...(GREAT_NOTE[call.skill]?.[L] ? { note: GREAT_NOTE[call.skill]![L] } : {})
        })
      )
    }
  }
  let added = 0
  await db.transaction('rw', [db.activities, db.recordings, db.transcriptSegments, db.transcripts, db.libraryMarks, db.keywordTrackers], async () => {
    // Checked again inside the transaction: another tab may have attached them meanwhile.
    const taken = new Set((await db.recordings.toArray()).map((r) => r.sha256))
    const keep = new Set(recordings.filter((r) => !taken.has(r.sha256)).map((r) => r.id))
    added = keep.size
    if (added === 0) return
    await db.activities.bulkAdd(activities.filter((a) => keep.has(a.recordingId!)))
    await db.recordings.bulkAdd(recordings.filter((r) => keep.has(r.id)))
    await db.transcriptSegments.bulkAdd(segments.filter((s) => keep.has(s.recordingId)))
    await db.transcripts.bulkAdd(transcripts.filter((x) => keep.has(x.recordingId)))
    await db.libraryMarks.bulkAdd(marks.filter((m) => keep.has(m.recordingId)))
    // A coaching history, so the 16-character tracker shows its shape on first launch.
    const coached = await db.activities.where('kind').equals('coaching_comment').filter((a) => a.coachingStep !== undefined).count()
    if (coached === 0) await db.activities.bulkAdd(demoCoaching(targets, coach?.id, skills, now, L))
    if ((await db.keywordTrackers.count()) === 0) {
      await db.keywordTrackers.bulkAdd(DEMO_TRACKERS.map((word, i) => KeywordTracker.parse({ id: newId(), word, createdAt: now - DAY * 30 + i })))
    }
  })
  return added
}

/** Fire-and-forget from the demo opening: a failure is logged, never in the user's way. */
export function startDemoCalls(now = Date.now()): void {
  ensureDemoCalls(now).catch((e: unknown) => {
    void bridge.invoke('app.log', { level: 'warn', message: `demo calls not attached: ${e instanceof Error ? e.message : String(e)}` }).catch(() => undefined)
  })
}

/** The demo's coaching sessions: activities as `logCoachingSession` writes them, on the reps of the demo calls. */
function demoCoaching(targets: readonly { ownerId: string; customerId: string }[], coachId: string | undefined, skills: readonly string[], now: number, L: 0 | 1): Activity[] {
  if (!coachId || skills.length === 0) return []
  const reps: { id: string; customerId: string }[] = []
  for (const d of targets) if (!reps.some((r) => r.id === d.ownerId)) reps.push({ id: d.ownerId, customerId: d.customerId })
  const out: Activity[] = []
  for (const plan of DEMO_COACHING) {
    const rep = reps[plan.rep]
    const skill = skills[plan.skill % skills.length]
    if (!rep || !skill) continue
    plan.daysAgo.forEach((days, i) => {
      const step = COACHING_STEPS[Math.min(i, COACHING_STEPS.length - 1)]!
      const at = now - days * DAY
      out.push(
        Activity.parse({
          id: newId(),
          kind: 'coaching_comment',
          customerId: rep.customerId,
          dealId: null,
          userId: rep.id,
          otherUserId: coachId,
          at,
          loggedAt: at,
          status: 'done',
          subject: skill,
          coachingSkill: skill,
          coachingStep: step,
          body: STEP_NOTE[step][L]
        })
      )
    })
  }
  return out
}
