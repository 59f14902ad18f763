import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, TagsInput, Text, Textarea, Tooltip } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Recording } from '@shared/model/recording'
import {
  COACHING_STEP_ZH,
  COACHING_STEPS,
  coachingProgress,
  coachQueue,
  nextStep,
  progressKey,
  trackerHits,
  type CoachingStep,
  libraryShelves,
  type LibraryMark
} from '@shared/domain/coaching'
import { formatClock } from '@shared/domain/transcripts'
import { getDb } from '../../db/database'
import { coachingSessions, loadTrackers, logCoachingSession, saveTrackers } from '../../db/coaching'
import { coachingPlans } from '../../db/hiring'
import { currentSegments } from '../../db/recordings'
import { useWorkspaceData } from '../../app/workspace-data'
import { usePermission } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { useScope } from '../../app/scope'
import { formatDate } from '../../ui/format'

export interface CallsContext {
  recordings: readonly Recording[]
  customerName: ReadonlyMap<string, string>
  repOf(recordingId: string): string | undefined
  scoreOf(recordingId: string): number | null | undefined
  openCall(recordingId: string, atMs?: number): void
}

// One empty array so "still loading" keeps the same identity between renders.
const NONE: never[] = []

function callLabel(ctx: CallsContext, r: Recording | undefined): string {
  if (!r) return ''
  return ctx.customerName.get(r.customerId ?? '') ?? r.originalName
}

/**
 * Coach queue: calls that want a coach (new, unscored, keyword-tracker hits), and the tracker
 * words themselves: shared records that sync with the team; roles that may not change them see them only.
 */
export function CoachQueue({ ctx, now }: { ctx: CallsContext; now: number }): React.ReactNode {
  const { t } = useTranslation('calls')
  const { userById } = useWorkspaceData()
  const { locale, timeZone } = useLocale()
  const trackers = useLiveQuery(() => loadTrackers(), []) ?? NONE
  const trackerEdit = usePermission('keywordTracker.edit')
  const { contains } = useScope()
  const segments = useLiveQuery(() => currentSegments(), []) ?? NONE
  const scored = useLiveQuery(
    async () => new Set((await getDb().scorecards.toArray()).filter((s) => !s.deleted).map((s) => s.recordingId)),
    []
  )
  const hits = useMemo(() => trackerHits(segments, trackers), [segments, trackers])
  // The queue follows the scope picker: a team lead sees the calls of the reps in scope.
  const inScope = useMemo(
    () =>
      ctx.recordings.filter((r) => {
        const rep = ctx.repOf(r.id)
        return contains({ ownerId: rep ?? null, ...(rep && userById.get(rep) ? { orgUnitId: userById.get(rep)!.orgUnitId } : {}) })
      }),
    [ctx, contains, userById]
  )
  const queue = useMemo(() => coachQueue(inScope, scored ?? new Set(), hits, now), [inScope, scored, hits, now])
  const byId = useMemo(() => new Map(ctx.recordings.map((r) => [r.id, r])), [ctx.recordings])
  return (
    <Stack gap="sm">
      <Card withBorder padding="sm">
        <TagsInput
          label={t('queue.trackers')}
          description={t('queue.trackersHint')}
          placeholder={t('queue.trackersPlaceholder')}
          value={trackers}
          onChange={(v) => void saveTrackers(v)}
          disabled={!trackerEdit.allowed}
          title={trackerEdit.why}
          clearable
          data-testid="tracker-words"
        />
      </Card>
      <Card withBorder padding="sm">
        {queue.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('queue.empty')}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={3} data-testid="coach-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.date')}</Table.Th>
                <Table.Th>{t('list.customer')}</Table.Th>
                <Table.Th>{t('list.rep')}</Table.Th>
                <Table.Th>{t('queue.why')}</Table.Th>
                <Table.Th>{t('queue.hits')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.slice(0, 200).map((q) => {
                const r = byId.get(q.recordingId)
                return (
                  <Table.Tr key={q.recordingId} data-testid="queue-row">
                    <Table.Td className="tabular" w={110}>
                      {r ? formatDate(r.importedAt, locale, timeZone) : ''}
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" onClick={() => ctx.openCall(q.recordingId)}>
                        {callLabel(ctx, r)}
                      </Button>
                    </Table.Td>
                    <Table.Td>{userById.get(ctx.repOf(q.recordingId) ?? '')?.name}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {q.isNew && <Badge size="xs">{t('queue.new')}</Badge>}
                        {q.unscored && (
                          <Badge size="xs" color="gray">
                            {t('queue.unscored')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {q.hits.slice(0, 6).map((h) => (
                          <Button
                            key={`${h.segmentId}:${h.word}`}
                            size="compact-xs"
                            variant="light"
                            color="orange"
                            title={h.text}
                            onClick={() => ctx.openCall(h.recordingId, h.startMs)}
                            data-testid="tracker-hit"
                          >
                            {h.word} · {formatClock(h.startMs)}
                          </Button>
                        ))}
                        {q.hits.length > 6 && <Text size="xs">+{q.hits.length - 6}</Text>}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  )
}

/** Great calls organised by the skill they show; new reps learn from them. */
export function CallLibrary({ ctx, marks }: { ctx: CallsContext; marks: readonly LibraryMark[] }): React.ReactNode {
  const { t } = useTranslation('calls')
  const { userById } = useWorkspaceData()
  const { locale, timeZone } = useLocale()
  const lib = useMemo(() => libraryShelves(marks), [marks])
  const byId = useMemo(() => new Map(ctx.recordings.map((r) => [r.id, r])), [ctx.recordings])
  if (lib.size === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="call-library">
        {t('library.empty')}
      </Text>
    )
  return (
    <Stack gap="sm" data-testid="call-library">
      {[...lib.entries()].map(([skill, ids]) => (
        <Card key={skill} withBorder padding="sm" data-testid="library-skill-group">
          <Text fw={600} size="sm" mb={4}>
            {skill} <Badge size="xs">{ids.length}</Badge>
          </Text>
          <Stack gap={6}>
            {ids.map(({ recordingId: id, note, authorId, at }) => {
              const r = byId.get(id)
              const score = ctx.scoreOf(id)
              return (
                <div key={id} data-testid="library-entry" data-skill={skill}>
                  <Button variant="subtle" size="compact-sm" justify="start" onClick={() => ctx.openCall(id)}>
                    {callLabel(ctx, r)} · {userById.get(ctx.repOf(id) ?? '')?.name} · {formatClock(r?.durationMs ?? 0)}
                    {score != null ? ` · ${score}` : ''}
                  </Button>
                  {/* Why it is on the shelf: the skill it shows and what the coach said to listen for. */}
                  <Text size="xs" c="dimmed" pl="xs" data-testid="library-why">
                    {note
                      ? t('library.why', { skill, note, coach: userById.get(authorId ?? '')?.name ?? '—', date: formatDate(at, locale, timeZone) })
                      : t('library.whyNoNote', { skill, coach: userById.get(authorId ?? '')?.name ?? '—', date: formatDate(at, locale, timeZone) })}
                  </Text>
                </div>
              )
            })}
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}

/** The 16-character method per rep and skill: where each rep stands, with history, and a session log. */
export function CoachingTracker({
  skills: baseSkills,
  coachId,
  openRecordingId
}: {
  skills: readonly string[]
  coachId: string | null
  openRecordingId: string | null
}): React.ReactNode {
  const { t } = useTranslation('calls')
  const { users, userById } = useWorkspaceData()
  const { locale, timeZone } = useLocale()
  const { contains } = useScope()
  const sessions = useLiveQuery(() => coachingSessions(), []) ?? NONE
  // Plans started at a hire (issue 21): a new rep has no customer to log a session under yet,
  // but is on the tracker from day one with the skills to take through the method.
  const plans = useLiveQuery(() => coachingPlans(), []) ?? NONE
  const planned = useMemo(() => new Set(plans.flatMap((p) => p.skills.map((s) => progressKey(p.repId, s)))), [plans])
  const skills = useMemo(() => [...new Set([...baseSkills, ...plans.flatMap((p) => p.skills)])], [baseSkills, plans])
  const progress = useMemo(() => coachingProgress(sessions), [sessions])
  const coached = useMemo(() => new Set([...sessions.map((s) => s.repId), ...plans.map((p) => p.repId)]), [sessions, plans])
  const reps = useMemo(
    () =>
      users
        .filter((u) => u.role === 'rep' && u.active && (coached.has(u.id) || contains({ orgUnitId: u.orgUnitId, ownerId: u.id })))
        .sort((a, b) => Number(coached.has(b.id)) - Number(coached.has(a.id)) || a.name.localeCompare(b.name))
        .slice(0, 60),
    [users, coached, contains]
  )
  const repOptions = useMemo(
    () => users.filter((u) => u.role === 'rep' && u.active).map((u) => ({ value: u.id, label: u.name })),
    [users]
  )
  const [repId, setRepId] = useState<string | null>(null)
  const [skill, setSkill] = useState<string | null>(null)
  const current = repId && skill ? progress.get(progressKey(repId, skill)) : undefined
  const [step, setStep] = useState<CoachingStep | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const stepLabel = (s: CoachingStep): string => `${COACHING_STEPS.indexOf(s) + 1} ${t(`tracker.step.${s}`)}`
  const log = async (): Promise<void> => {
    if (!repId || !skill || !coachId) return
    setError(null)
    try {
      await logCoachingSession({
        repId,
        coachId,
        skill,
        step: step ?? nextStep(current?.step),
        note,
        ...(openRecordingId ? { recordingId: openRecordingId } : {})
      })
      setNote('')
      setStep(null)
    } catch (e) {
      setError(e instanceof Error && e.message === 'coaching.no-customer' ? t('tracker.noCustomer') : String(e))
    }
  }
  const history = selected ? (progress.get(selected)?.history ?? []) : []
  return (
    <Stack gap="sm">
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb="xs">
          {t('tracker.log')}
        </Text>
        <Group align="end" gap="xs" wrap="wrap">
          <Select
            label={t('list.rep')}
            searchable
            w={180}
            data={repOptions}
            value={repId}
            // Picking the rep already chosen keeps them (Mantine clears on a second pick by default).
            allowDeselect={false}
            onChange={setRepId}
            data-testid="session-rep"
          />
          <Select
            label={t('library.skill')}
            w={160}
            data={[...skills]}
            value={skill}
            onChange={setSkill}
            data-testid="session-skill"
          />
          <Select
            label={t('tracker.stepLabel')}
            w={190}
            data={COACHING_STEPS.map((s) => ({
              value: s,
              label: t(`tracker.step.${s}`) === COACHING_STEP_ZH[s] ? stepLabel(s) : `${stepLabel(s)} · ${COACHING_STEP_ZH[s]}`
            }))}
            value={step ?? nextStep(current?.step)}
            onChange={(v) => setStep(v as CoachingStep | null)}
            data-testid="session-step"
          />
          <Textarea
            label={t('tracker.note')}
            autosize
            minRows={1}
            w={260}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Button onClick={() => void log()} disabled={!repId || !skill || !coachId} data-testid="session-save">
            {t('tracker.save')}
          </Button>
        </Group>
        {error && (
          <Alert mt="xs" color="red" py={6}>
            {error}
          </Alert>
        )}
      </Card>
      <Card withBorder padding="sm">
        <Table fz="sm" verticalSpacing={3} withColumnBorders data-testid="coaching-tracker">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('list.rep')}</Table.Th>
              {skills.map((s) => (
                <Table.Th key={s}>{s}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reps.map((u) => (
              <Table.Tr key={u.id} data-testid="tracker-row" data-rep={u.name}>
                <Table.Td>{u.name}</Table.Td>
                {skills.map((s) => {
                  const p = progress.get(progressKey(u.id, s))
                  return (
                    <Table.Td
                      key={s}
                      data-skill={s}
                      data-step={p?.step}
                      onClick={() => p && setSelected(progressKey(u.id, s))}
                      style={{ cursor: p ? 'pointer' : undefined }}
                    >
                      {p ? (
                        <Tooltip
                          label={t('tracker.sessions', {
                            count: p.history.length,
                            date: formatDate(p.history[p.history.length - 1]!.at, locale, timeZone)
                          })}
                        >
                          <Badge
                            size="sm"
                            variant={p.stepIndex === 4 ? 'filled' : 'light'}
                            color={['gray', 'blue', 'cyan', 'teal', 'green'][p.stepIndex]}
                          >
                            {stepLabel(p.step)}
                          </Badge>
                        </Tooltip>
                      ) : planned.has(progressKey(u.id, s)) ? (
                        <Tooltip label={t('tracker.plannedHint')}>
                          <Badge size="sm" variant="outline" color="gray" data-testid="tracker-planned">
                            {t('tracker.planned', { step: stepLabel('tell') })}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Text size="xs" c="dimmed">
                          –
                        </Text>
                      )}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {history.length > 0 && (
        <Card withBorder padding="sm" data-testid="tracker-history">
          <Text fw={600} size="sm" mb={4}>
            {t('tracker.history', { rep: userById.get(history[0]!.repId)?.name, skill: history[0]!.skill })}
          </Text>
          {history.map((h) => (
            <Text key={h.id} size="sm">
              {formatDate(h.at, locale, timeZone)} · {stepLabel(h.step)} · {userById.get(h.coachId ?? '')?.name}
              {h.note ? ` — ${h.note}` : ''}
            </Text>
          ))}
        </Card>
      )}
    </Stack>
  )
}
