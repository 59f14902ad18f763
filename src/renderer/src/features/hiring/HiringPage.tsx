import { useMemo, useState } from 'react'
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip
} from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { Candidate, InterviewScore } from '@shared/model'
import {
  CANDIDATE_STAGES,
  compareCandidates,
  othersHidden,
  visibleScores,
  WIDE_SPREAD,
  type CandidateStage
} from '@shared/domain/hiring'
import { getDb } from '../../db/database'
import { addCandidate, ensureInterviewTemplate } from '../../db/hiring'
import { useWorkspaceData } from '../../app/workspace-data'
import { usePreferences } from '../../app/preferences'
import { useMe, usePermission } from '../../session/use-me'
import { hiringErrorText } from './hiring-text'
import { ScorecardEditor } from './ScorecardEditor'

const NONE: never[] = []

export const STAGE_COLOR: Record<CandidateStage, string> = {
  applied: 'gray',
  interviews: 'blue',
  offer: 'orange',
  joined: 'green',
  rejected: 'red'
}

/** Everything hiring reads, live: candidates, every score (the views apply the independence rule), the scorecard. */
export function useHiringData(): { candidates: Candidate[]; scores: InterviewScore[] } | undefined {
  return useLiveQuery(async () => {
    const db = getDb()
    const [candidates, scores] = await Promise.all([db.candidates.toArray(), db.interviewScores.toArray()])
    return { candidates: candidates.filter((c) => !c.deleted), scores: scores.filter((s) => !s.deleted) }
  }, [])
}

/** Hiring: the candidate pipeline, the comparison of candidates for a role, and the interview scorecard. */
export function HiringPage(): React.ReactNode {
  const { t } = useTranslation('hiring')
  const data = useHiringData()
  const [adding, setAdding] = useState(false)
  const manage = usePermission('hiring.manage')
  const [tab, setTab] = useState<string | null>('candidates')
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('title')}</Title>
          <Text size="sm" c="dimmed">
            {t('subtitle')}
          </Text>
        </div>
        <Tooltip label={manage.why} disabled={manage.allowed}>
          <Button onClick={() => setAdding(true)} disabled={!manage.allowed} data-testid="candidate-new">
            {t('new.open')}
          </Button>
        </Tooltip>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="candidates">{t('tabs.candidates')}</Tabs.Tab>
          <Tabs.Tab value="compare">{t('tabs.compare')}</Tabs.Tab>
          <Tabs.Tab value="scorecard">{t('tabs.scorecard')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="candidates" pt="sm">
          <CandidateList candidates={data?.candidates ?? NONE} scores={data?.scores ?? NONE} />
        </Tabs.Panel>
        <Tabs.Panel value="compare" pt="sm">
          <Comparison candidates={data?.candidates ?? NONE} scores={data?.scores ?? NONE} />
        </Tabs.Panel>
        <Tabs.Panel value="scorecard" pt="sm">
          <ScorecardEditor />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('new.title')} size="lg">
        {adding && <NewCandidateForm onDone={() => setAdding(false)} />}
      </Modal>
    </Stack>
  )
}

function CandidateList({ candidates, scores }: { candidates: Candidate[]; scores: InterviewScore[] }): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { userById, orgUnitById } = useWorkspaceData()
  const me = useMe()
  const rows = useMemo(
    () =>
      [...candidates].sort(
        (a, b) =>
          CANDIDATE_STAGES.indexOf(a.stage) - CANDIDATE_STAGES.indexOf(b.stage) ||
          b.createdAt - a.createdAt ||
          a.name.localeCompare(b.name)
      ),
    [candidates]
  )
  if (rows.length === 0) return <Text c="dimmed">{t('list.empty')}</Text>
  return (
    <Card withBorder padding="sm">
      <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="candidate-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('list.name')}</Table.Th>
            <Table.Th>{t('list.role')}</Table.Th>
            <Table.Th>{t('list.team')}</Table.Th>
            <Table.Th>{t('list.stage')}</Table.Th>
            <Table.Th>{t('list.interviewers')}</Table.Th>
            <Table.Th>{t('list.scored')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => {
            const own = scores.filter((s) => s.candidateId === c.id)
            const submitted = own.filter((s) => s.submittedAt !== undefined).length
            const mine = own.find((s) => s.interviewerId === me?.id)
            return (
              <Table.Tr key={c.id} data-testid="candidate-row" data-name={c.name}>
                <Table.Td>
                  <Anchor component={Link} to={`/hiring/${c.id}`} size="sm">
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`role.${c.role}`)}</Table.Td>
                <Table.Td>{orgUnitById.get(c.orgUnitId)?.name ?? t('unknown')}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={STAGE_COLOR[c.stage]}>
                    {t(`stage.${c.stage}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.interviewerIds.map((id) => userById.get(id)?.name ?? t('unknown')).join(t('listSeparator'))}
                </Table.Td>
                <Table.Td>
                  {t('list.submitted', { count: submitted, of: c.interviewerIds.length })}
                  {c.interviewerIds.includes(me?.id ?? '') && (
                    <Badge ml={6} size="xs" variant="outline" color={mine?.submittedAt !== undefined ? 'green' : 'orange'}>
                      {mine?.submittedAt !== undefined ? t('list.youSubmitted') : t('list.yourTurn')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

/**
 * Candidates for one role in one team side by side: each one's mean total, how far their
 * interviewers disagree, and the factors. A candidate whose scores the reader may not see yet
 * (they interview them and have not submitted) shows why instead of numbers.
 */
function Comparison({ candidates, scores }: { candidates: Candidate[]; scores: InterviewScore[] }): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { orgUnitById } = useWorkspaceData()
  const me = useMe()
  const navigate = useNavigate()
  const roles = useMemo(() => {
    const keys = new Map<string, { orgUnitId: string; role: Candidate['role'] }>()
    for (const c of candidates) keys.set(`${c.orgUnitId}|${c.role}`, { orgUnitId: c.orgUnitId, role: c.role })
    return [...keys].map(([value, k]) => ({
      value,
      label: `${orgUnitById.get(k.orgUnitId)?.name ?? t('unknown')} · ${t(`role.${k.role}`)}`
    }))
  }, [candidates, orgUnitById, t])
  const [picked, setPicked] = useState<string | null>(null)
  const key = picked ?? roles[0]?.value ?? null
  const pool = candidates.filter((c) => `${c.orgUnitId}|${c.role}` === key && c.stage !== 'rejected')
  const rows = compareCandidates(
    pool,
    // What the reader may see: per candidate, the independence rule.
    pool.flatMap((c) =>
      visibleScores(
        scores.filter((s) => s.candidateId === c.id),
        me?.id ?? '',
        c.interviewerIds
      )
    )
  )
  const factorCols = rows
    .flatMap((r) => r.factors)
    .reduce<{ id: string; label: string; weight: number }[]>(
      (acc, f) => (acc.some((a) => a.id === f.factorId) ? acc : [...acc, { id: f.factorId, label: f.label, weight: f.weight }]),
      []
    )
  if (roles.length === 0) return <Text c="dimmed">{t('list.empty')}</Text>
  return (
    <Stack gap="sm">
      <Select
        label={t('compare.role')}
        data={roles}
        value={key}
        onChange={setPicked}
        allowDeselect={false}
        w={320}
        data-testid="compare-role"
      />
      <Text size="sm" c="dimmed">
        {t('compare.hint', { wide: WIDE_SPREAD })}
      </Text>
      <Card withBorder padding="sm">
        <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="comparison">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('list.name')}</Table.Th>
              <Table.Th>{t('list.stage')}</Table.Th>
              <Table.Th>{t('compare.total')}</Table.Th>
              <Table.Th>{t('compare.spread')}</Table.Th>
              {factorCols.map((f) => (
                <Table.Th key={f.id}>
                  {f.label} <Text span size="xs" c="dimmed">{`${f.weight}%`}</Text>
                </Table.Th>
              ))}
              <Table.Th>{t('compare.interviewers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const own = scores.filter((s) => s.candidateId === r.candidateId)
              // Say "hidden" only where there is something to hide: another interviewer's submitted score.
              const hidden =
                othersHidden(own, me?.id ?? '', r.candidate.interviewerIds) &&
                own.some((s) => s.interviewerId !== me?.id && s.submittedAt !== undefined)
              return (
                <Table.Tr
                  key={r.candidateId}
                  data-testid="compare-row"
                  data-name={r.candidate.name}
                  data-total={r.total ?? ''}
                  style={{ cursor: 'pointer' }}
                  onClick={() => void navigate(`/hiring/${r.candidateId}`)}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/hiring/${r.candidateId}`} size="sm" onClick={(e) => e.stopPropagation()}>
                      {r.candidate.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STAGE_COLOR[r.candidate.stage]}>
                      {t(`stage.${r.candidate.stage}`)}
                    </Badge>
                  </Table.Td>
                  {hidden ? (
                    <Table.Td colSpan={factorCols.length + 3}>
                      <Text size="xs" c="dimmed">
                        {t('compare.hidden')}
                      </Text>
                    </Table.Td>
                  ) : (
                    <>
                      <Table.Td className="tabular" fw={600}>
                        {r.total ?? '–'}
                      </Table.Td>
                      <Table.Td className="tabular">
                        {r.spread === null ? (
                          '–'
                        ) : r.spread >= WIDE_SPREAD ? (
                          <Badge color="red" size="sm" variant="light">
                            {r.spread}
                          </Badge>
                        ) : (
                          r.spread
                        )}
                      </Table.Td>
                      {factorCols.map((f) => {
                        const s = r.factors.find((x) => x.factorId === f.id)
                        return (
                          <Table.Td key={f.id} className="tabular">
                            {s?.mean == null ? '–' : s.spread ? `${s.mean} ±${Math.round(s.spread * 5) / 10}` : s.mean}
                          </Table.Td>
                        )
                      })}
                      <Table.Td className="tabular">
                        {t('list.submitted', { count: r.interviewers.length, of: r.candidate.interviewerIds.length })}
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  )
}

function NewCandidateForm({ onDone }: { onDone: () => void }): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { orgUnits, users } = useWorkspaceData()
  const { language } = usePreferences()
  const me = useMe()
  const teams = orgUnits.filter((u) => u.kind === 'team').map((u) => ({ value: u.id, label: u.name }))
  // Interviewers: anyone who may score (team leads and up, coaches), active.
  const interviewerOptions = users.filter((u) => u.active && u.role !== 'rep').map((u) => ({ value: u.id, label: u.name }))
  const myTeam = orgUnits.find((u) => u.id === me?.orgUnitId && u.kind === 'team')?.id ?? null
  const [f, setF] = useState({
    name: '',
    role: 'rep' as 'rep' | 'team_lead',
    orgUnitId: myTeam,
    interviewerIds: me && me.role !== 'rep' ? [me.id] : [],
    email: '',
    phone: '',
    source: '',
    note: ''
  })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    setError(null)
    setBusy(true)
    try {
      const template = await ensureInterviewTemplate(language, t('scorecard.defaultName'))
      await addCandidate({ ...f, orgUnitId: f.orgUnitId ?? '', templateId: template.id })
      onDone()
    } catch (e) {
      setError(hiringErrorText(t, e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm">
      <TextInput
        label={t('new.name')}
        required
        value={f.name}
        onChange={(e) => setF({ ...f, name: e.currentTarget.value })}
        data-testid="candidate-name"
      />
      <Group grow>
        <Select
          label={t('list.role')}
          data={(['rep', 'team_lead'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          value={f.role}
          allowDeselect={false}
          onChange={(v) => setF({ ...f, role: (v as 'rep' | 'team_lead') ?? 'rep' })}
        />
        <Select
          label={t('new.team')}
          required
          searchable
          data={teams}
          value={f.orgUnitId}
          onChange={(v) => setF({ ...f, orgUnitId: v })}
          data-testid="candidate-team"
        />
      </Group>
      <MultiSelect
        label={t('list.interviewers')}
        description={t('new.interviewersHint')}
        searchable
        data={interviewerOptions}
        value={f.interviewerIds}
        onChange={(v) => setF({ ...f, interviewerIds: v })}
        data-testid="candidate-interviewers"
      />
      <Group grow>
        <TextInput label={t('new.email')} value={f.email} onChange={(e) => setF({ ...f, email: e.currentTarget.value })} />
        <TextInput label={t('new.phone')} value={f.phone} onChange={(e) => setF({ ...f, phone: e.currentTarget.value })} />
        <TextInput label={t('new.source')} value={f.source} onChange={(e) => setF({ ...f, source: e.currentTarget.value })} />
      </Group>
      <Textarea
        label={t('new.note')}
        autosize
        minRows={2}
        value={f.note}
        onChange={(e) => setF({ ...f, note: e.currentTarget.value })}
      />
      {error && (
        <Alert color="red" py={6} data-testid="candidate-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('cancel')}
        </Button>
        <Button onClick={() => void save()} loading={busy} data-testid="candidate-save">
          {t('new.save')}
        </Button>
      </Group>
    </Stack>
  )
}
