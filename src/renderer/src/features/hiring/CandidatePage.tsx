import { useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip
} from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { Candidate, InterviewScore, InterviewTemplate } from '@shared/model'
import {
  candidateSummary,
  interviewTotal,
  nextStages,
  othersHidden,
  visibleScores,
  WIDE_SPREAD,
  type InterviewFactor
} from '@shared/domain/hiring'
import { templateSkills } from '@shared/domain/coaching'
import { getDb } from '../../db/database'
import { hireCandidate, moveCandidate, saveInterviewScore, setInterviewers } from '../../db/hiring'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate } from '../../ui/format'
import { useMe, usePermission } from '../../session/use-me'
import { hubOrg, localOrg } from '../settings/organisation/org-backend'
import { hiringErrorText } from './hiring-text'
import { STAGE_COLOR } from './HiringPage'

/** One candidate: stages, interviewers, my own score, the others' (once mine is in), and the hire. */
export function CandidatePage(): React.ReactNode {
  const { id = '' } = useParams()
  const { t } = useTranslation('hiring')
  const { userById, orgUnitById } = useWorkspaceData()
  const { locale, timeZone } = useLocale()
  const me = useMe()
  const manage = usePermission('hiring.manage')
  const data = useLiveQuery(async () => {
    const db = getDb()
    const [candidate, scores] = await Promise.all([
      db.candidates.get(id),
      db.interviewScores.where('candidateId').equals(id).toArray()
    ])
    const template = candidate ? await db.interviewTemplates.get(candidate.templateId) : undefined
    return { candidate, scores: scores.filter((s) => !s.deleted), template }
  }, [id])
  const [error, setError] = useState<string | null>(null)
  const [hiring, setHiring] = useState(false)
  if (!data) return null
  const { candidate: c, scores, template } = data
  if (!c || c.deleted) return <Text>{t('candidate.notFound')}</Text>
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(hiringErrorText(t, e))
    }
  }
  const moves = nextStages(c.stage).filter((s) => s !== 'joined')
  const interviewerOptions = [...userById.values()]
    .filter((u) => !u.deleted && u.active && u.role !== 'rep')
    .map((u) => ({ value: u.id, label: u.name }))
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/hiring" size="sm">
          ← {t('title')}
        </Anchor>
        <Group gap="xs" mt={4}>
          <Title order={2}>{c.name}</Title>
          <Badge variant="light" color={STAGE_COLOR[c.stage]} data-testid="candidate-stage">
            {t(`stage.${c.stage}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t(`role.${c.role}`)} · {orgUnitById.get(c.orgUnitId)?.name ?? t('unknown')}
          {c.email ? ` · ${c.email}` : ''}
          {c.phone ? ` · ${c.phone}` : ''}
          {c.source ? ` · ${c.source}` : ''}
        </Text>
        {c.note && <Text size="sm">{c.note}</Text>}
      </div>
      <Group gap="xs">
        {moves.map((s) => (
          <Tooltip key={s} label={manage.why} disabled={manage.allowed}>
            <Button
              size="xs"
              variant={s === 'rejected' ? 'default' : 'light'}
              color={s === 'rejected' ? 'red' : undefined}
              disabled={!manage.allowed}
              onClick={() => void run(() => moveCandidate(c.id, s))}
              data-testid={`move-${s}`}
            >
              {t(`move.${s}`)}
            </Button>
          </Tooltip>
        ))}
        {c.stage === 'offer' && (
          <Button size="xs" color="green" onClick={() => setHiring(true)} data-testid="hire-open">
            {t('hire.open')}
          </Button>
        )}
        {c.stage === 'joined' && c.userId && (
          <Anchor component={Link} to={`/reps/${c.userId}`} size="sm" data-testid="hired-rep">
            {t('hire.repPage', { name: userById.get(c.userId)?.name ?? c.name })}
          </Anchor>
        )}
      </Group>
      {error && (
        <Alert color="red" py={6} data-testid="candidate-error">
          {error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="sm">
          <Text fw={600} size="sm" mb="xs">
            {t('candidate.history')}
          </Text>
          {c.stageHistory.map((h, i) => (
            <Text key={i} size="sm">
              {formatDate(h.at, locale, timeZone)} · {t(`stage.${h.stage}`)}
              {h.by ? ` · ${userById.get(h.by)?.name ?? t('unknown')}` : ''}
            </Text>
          ))}
        </Card>
        <Card withBorder padding="sm">
          <MultiSelect
            label={t('list.interviewers')}
            description={t('new.interviewersHint')}
            data={interviewerOptions}
            value={c.interviewerIds}
            disabled={!manage.allowed}
            onChange={(v) => void run(() => setInterviewers(c.id, v))}
            data-testid="interviewers"
          />
        </Card>
      </SimpleGrid>
      {/* Keyed by person and candidate: after a profile switch the form must never show the previous interviewer's answers. */}
      {me && template && <MyScore key={`${me.id}:${c.id}`} candidate={c} scores={scores} template={template} meId={me.id} />}
      {me && <OthersScores candidate={c} scores={scores} meId={me.id} />}
      <Modal opened={hiring} onClose={() => setHiring(false)} title={t('hire.title', { name: c.name })} size="lg">
        {hiring && <HireForm candidate={c} scores={scores} onDone={() => setHiring(false)} />}
      </Modal>
    </Stack>
  )
}

/** The signed-in interviewer's own score: 1–5 per question with a note, saved as a draft or submitted (final). */
function MyScore({
  candidate,
  scores,
  template,
  meId
}: {
  candidate: Candidate
  scores: InterviewScore[]
  template: InterviewTemplate
  meId: string
}): React.ReactNode {
  const { t } = useTranslation('hiring')
  const score = usePermission('hiring.score')
  const mine = scores.find((s) => s.interviewerId === meId)
  const factors: InterviewFactor[] = mine?.template.factors ?? template.factors
  const [answers, setAnswers] = useState<Record<string, number>>(mine?.answers ?? {})
  const [notes, setNotes] = useState<Record<string, string>>(mine?.notes ?? {})
  const [error, setError] = useState<string | null>(null)
  const [confirm, setConfirm] = useState(false)
  const [savedAt, setSavedAt] = useState<number | null>(null)
  useEffect(() => {
    if (mine) {
      setAnswers(mine.answers)
      setNotes(mine.notes ?? {})
    }
    // Load once per score row: typing must not be overwritten by our own saves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine?.id])
  const submitted = mine?.submittedAt !== undefined
  const live = interviewTotal({ factors }, answers)
  const save = async (submit: boolean): Promise<void> => {
    setError(null)
    try {
      await saveInterviewScore({ candidateId: candidate.id, answers, notes, submit })
      setSavedAt(Date.now())
      setConfirm(false)
    } catch (e) {
      setError(hiringErrorText(t, e))
      setConfirm(false)
    }
  }
  if (!score.allowed && !mine) return null
  return (
    <Card withBorder padding="sm" data-testid="my-score">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{submitted ? t('score.mineSubmitted') : t('score.mine')}</Text>
        <Text size="sm" data-testid="my-total">
          {t('score.total', { total: live.total ?? '–', coverage: Math.round(live.coverage * 100) })}
        </Text>
      </Group>
      {!submitted && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('score.scale')}
        </Text>
      )}
      <Stack gap="sm">
        {factors.map((f) => (
          <div key={f.id}>
            <Group gap={6}>
              <Text fw={600} size="sm">
                {f.label}
              </Text>
              <Badge size="xs" variant="outline">{`${f.weight}%`}</Badge>
              {f.rolePlay && (
                <Badge size="xs" color="grape" variant="light">
                  {t('score.rolePlay')}
                </Badge>
              )}
            </Group>
            <Table fz="sm" verticalSpacing={2}>
              <Table.Tbody>
                {f.questions.map((q) => (
                  <Table.Tr key={q.id} data-testid="score-question" data-question={q.id}>
                    <Table.Td w="45%">{q.text}</Table.Td>
                    <Table.Td w={210}>
                      <SegmentedControl
                        size="xs"
                        disabled={submitted || !score.allowed}
                        data={['–', '1', '2', '3', '4', '5']}
                        value={answers[q.id] ? String(answers[q.id]) : '–'}
                        onChange={(v) => {
                          const next = { ...answers }
                          if (v === '–') delete next[q.id]
                          else next[q.id] = Number(v)
                          setAnswers(next)
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        placeholder={t('score.note')}
                        aria-label={t('score.note')}
                        disabled={submitted || !score.allowed}
                        value={notes[q.id] ?? ''}
                        onChange={(e) => setNotes({ ...notes, [q.id]: e.currentTarget.value })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ))}
      </Stack>
      {mine && mine.template.version !== template.version && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('score.olderVersion', { version: mine.template.version, current: template.version })}
        </Text>
      )}
      {error && (
        <Alert color="red" py={6} mt="xs" data-testid="score-error">
          {error}
        </Alert>
      )}
      {!submitted && score.allowed && (
        <Group mt="sm">
          <Button variant="default" onClick={() => void save(false)} data-testid="score-draft">
            {t('score.saveDraft')}
          </Button>
          <Button onClick={() => setConfirm(true)} data-testid="score-submit">
            {t('score.submit')}
          </Button>
          {savedAt && (
            <Text size="sm" c="teal">
              {t('score.saved')}
            </Text>
          )}
        </Group>
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('score.confirmTitle')}>
        <Text size="sm">{t('score.confirmBody')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirm(false)}>
            {t('cancel')}
          </Button>
          <Button onClick={() => void save(true)} data-testid="score-submit-confirm">
            {t('score.submitConfirm')}
          </Button>
        </Group>
      </Modal>
    </Card>
  )
}

/** The others' scores and the candidate's result, only once the reader's own score is in (or they do not interview). */
function OthersScores({
  candidate,
  scores,
  meId
}: {
  candidate: Candidate
  scores: InterviewScore[]
  meId: string
}): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { userById } = useWorkspaceData()
  const hidden = othersHidden(scores, meId, candidate.interviewerIds)
  const visible = visibleScores(scores, meId, candidate.interviewerIds)
  const summary = useMemo(() => candidateSummary(candidate.id, visible), [candidate.id, visible])
  const othersIn = scores.filter((s) => s.interviewerId !== meId && s.submittedAt !== undefined).length
  if (hidden)
    return (
      <Alert color="blue" variant="light" data-testid="others-hidden" title={t('others.hiddenTitle', { count: othersIn })}>
        {t('others.hiddenWhy')}
      </Alert>
    )
  return (
    <Card withBorder padding="sm" data-testid="others-scores">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('others.title')}</Text>
        <Text size="sm" data-testid="candidate-total">
          {t('others.total', { total: summary.total ?? '–', spread: summary.spread ?? '–' })}
          {summary.spread !== null && summary.spread >= WIDE_SPREAD && (
            <Badge ml={6} color="red" size="sm" variant="light">
              {t('others.disagree')}
            </Badge>
          )}
        </Text>
      </Group>
      <Table fz="sm" verticalSpacing={3} withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('others.interviewer')}</Table.Th>
            <Table.Th>{t('compare.total')}</Table.Th>
            {summary.factors.map((f) => (
              <Table.Th key={f.factorId}>{`${f.label} ${f.weight}%`}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summary.interviewers.map((i) => {
            const s = visible.find((x) => x.interviewerId === i.interviewerId && x.submittedAt !== undefined)!
            const per = interviewTotal(s.template, s.answers)
            return (
              <Table.Tr
                key={i.interviewerId}
                data-testid="interviewer-row"
                data-interviewer={userById.get(i.interviewerId)?.name}
              >
                <Table.Td>
                  {userById.get(i.interviewerId)?.name ?? t('unknown')}
                  <Text span size="xs" c="dimmed">{` · v${i.templateVersion}`}</Text>
                </Table.Td>
                <Table.Td className="tabular" fw={600}>
                  {i.total ?? '–'}
                  {i.coverage < 1 && (
                    <Text span size="xs" c="dimmed">{` (${t('others.coverage', { pct: Math.round(i.coverage * 100) })})`}</Text>
                  )}
                </Table.Td>
                {summary.factors.map((f) => (
                  <Table.Td key={f.factorId} className="tabular">
                    {per.factors.find((x) => x.factorId === f.factorId)?.score ?? '–'}
                  </Table.Td>
                ))}
              </Table.Tr>
            )
          })}
          <Table.Tr>
            <Table.Td fw={600}>{t('others.spreadRow')}</Table.Td>
            <Table.Td className="tabular">{summary.spread ?? '–'}</Table.Td>
            {summary.factors.map((f) => (
              <Table.Td key={f.factorId} className="tabular">
                {f.spread ?? '–'}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Stack gap={2} mt="sm">
        {visible
          .filter((s) => s.submittedAt !== undefined)
          .flatMap((s) =>
            Object.entries(s.notes ?? {}).map(([qid, note]) => {
              const q = s.template.factors.flatMap((f) => f.questions).find((x) => x.id === qid)
              return (
                <Text key={`${s.id}-${qid}`} size="sm">
                  <b>{userById.get(s.interviewerId)?.name}</b> · {q?.text ?? qid}: {note}
                </Text>
              )
            })
          )}
      </Stack>
    </Card>
  )
}

/** The hire: the candidate becomes a person of their team (through the org editor's own path) with a coaching plan. */
function HireForm({
  candidate,
  scores,
  onDone
}: {
  candidate: Candidate
  scores: InterviewScore[]
  onDone: () => void
}): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { users } = useWorkspaceData()
  const me = useMe()
  const people = usePermission('people.manage')
  const callTemplates = useLiveQuery(() => getDb().scorecardTemplates.toArray(), [])
  // The tracker's skills (the call scorecards'); without any, the interview's factors, weakest first.
  const summary = candidateSummary(candidate.id, scores)
  const factorSkills = [...summary.factors].sort((a, b) => (a.mean ?? 101) - (b.mean ?? 101)).map((f) => f.label)
  const trackerSkills = templateSkills((callTemplates ?? []).filter((x) => !x.deleted))
  const skillOptions = [...new Set([...trackerSkills, ...factorSkills])]
  const lead = users.find((u) => u.active && u.role === 'team_lead' && u.orgUnitId === candidate.orgUnitId)
  const [coachId, setCoachId] = useState<string | null>(lead?.id ?? me?.id ?? null)
  // Until the manager picks, the first three tracker skills (read once the call scorecards have loaded).
  const [picked, setSkills] = useState<string[] | null>(null)
  const skills = picked ?? (callTemplates ? (trackerSkills.length ? trackerSkills : factorSkills).slice(0, 3) : [])
  const [email, setEmail] = useState(candidate.email ?? '')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const hub = me?.session.kind === 'hub'
  const coaches = users.filter((u) => u.active && u.role !== 'rep').map((u) => ({ value: u.id, label: u.name }))
  const hire = async (): Promise<void> => {
    setError(null)
    setBusy(true)
    try {
      const backend = hub ? hubOrg : localOrg
      await hireCandidate({
        candidateId: candidate.id,
        coachId: coachId ?? '',
        skills,
        createPerson: (p) => backend.createPerson({ ...p, email: email.trim() || p.email })
      })
      onDone()
    } catch (e) {
      setError(hiringErrorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{t('hire.body', { name: candidate.name })}</Text>
      {!people.allowed && (
        <Alert color="gray" py={6} data-testid="hire-forbidden">
          {people.why}
        </Alert>
      )}
      <TextInput
        label={t('new.email')}
        description={hub ? t('hire.emailHub') : undefined}
        required={hub}
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
      />
      <Select
        label={t('hire.coach')}
        data={coaches}
        value={coachId}
        onChange={setCoachId}
        searchable
        allowDeselect={false}
        data-testid="hire-coach"
      />
      <MultiSelect
        label={t('hire.skills')}
        description={t('hire.skillsHint')}
        data={skillOptions}
        value={skills}
        onChange={setSkills}
        data-testid="hire-skills"
      />
      {error && (
        <Alert color="red" py={6} data-testid="hire-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('cancel')}
        </Button>
        <Button
          color="green"
          onClick={() => void hire()}
          loading={busy}
          disabled={!people.allowed || skills.length === 0 || !coachId}
          data-testid="hire-confirm"
        >
          {t('hire.confirm')}
        </Button>
      </Group>
    </Stack>
  )
}
