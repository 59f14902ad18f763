import { useMemo, useState } from 'react'
import { Anchor, Badge, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Activity, AuditFlag, AuditRule, User } from '@shared/model'
import { runRiskRules, sampleFlag, weeklyAuditSample, type RiskFlag } from '@shared/domain/visit-risk'
import { DAY_MS, localDate, startOfWeek } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { reviewAuditBatch, reviewAuditFlag, RhythmError } from '../../db/rhythm'
import { canChangeVerdict, lateEntryBatches, VERDICT_CHANGE_WINDOW_MS, type Verdict } from '@shared/domain/audit-verdicts'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe, usePermission } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { SectionCard } from '../../ui/SectionCard'
import { ExportMenu } from '../export/ExportMenu'
import { auditTables } from './export-tables'
import { useActivitiesBetween, useCustomerMap } from './use-rhythm-data'

/** Six weeks back: long enough to see a copy-paster's pattern, short enough to review. */
const AUDIT_WEEKS = 6
const SAMPLE_SIZE = 10
const RULES: AuditRule[] = ['far_check_in', 'impossible_travel', 'seniority_inflated', 'phone_as_visit', 'identical_notes', 'bulk_logged']

/**
 * Visit risk control (拜访风控): the rules run over the scope's visits; the queue holds flags
 * no one has judged yet; a manager confirms (the visit was not as logged) or clears it, and the
 * verdict goes to the customer's timeline. A seeded random sample per week keeps everyone honest
 * beyond what the rules catch.
 */
export function AuditView({ reps, now }: { reps: readonly User[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const from = useMemo(() => startOfWeek(now - (AUDIT_WEEKS - 1) * 7 * DAY_MS, timeZone), [now, timeZone])
  const activities = useActivitiesBetween(from, now + DAY_MS)
  const customers = useCustomerMap()
  // Only the seniority rule reads contacts: fetch the ones those visits name, not the whole book.
  const contactIds = useMemo(
    () => [...new Set((activities ?? []).flatMap((a) => (a.contactId && a.recordedSeniority !== undefined ? [a.contactId] : [])))].sort(),
    [activities]
  )
  const contacts = useLiveQuery(async () => (await getDb().contacts.bulkGet(contactIds)).filter((c) => c !== undefined), [contactIds])
  const reviewed = useLiveQuery(() => getDb().auditFlags.toArray(), [])
  const [rule, setRule] = useState<string>('all')
  const repIds = useMemo(() => new Set(reps.map((r) => r.id)), [reps])

  const flags = useMemo(() => {
    if (!activities || !customers || !contacts) return null
    const scoped = activities.filter((a) => repIds.has(a.userId))
    return runRiskRules({ activities: scoped, customers, contacts: new Map(contacts.map((c) => [c.id, c])) })
  }, [activities, customers, contacts, repIds])
  const verdicts = useMemo(() => new Map((reviewed ?? []).map((f) => [f.id, f])), [reviewed])
  const queue = useMemo(() => (flags ?? []).filter((f) => verdicts.get(f.id)?.status !== 'confirmed' && verdicts.get(f.id)?.status !== 'cleared'), [flags, verdicts])
  const shown = rule === 'all' ? queue : queue.filter((f) => f.rule === rule)
  const counts = useMemo(() => {
    const c: Record<string, number> = {}
    for (const f of queue) c[f.rule] = (c[f.rule] ?? 0) + 1
    return c
  }, [queue])

  const lastWeek = startOfWeek(now - 7 * DAY_MS, timeZone)
  const thisWeek = startOfWeek(now, timeZone)
  const sample = useMemo(
    () => weeklyAuditSample((activities ?? []).filter((a) => repIds.has(a.userId)), lastWeek, thisWeek, 'audit-sample', SAMPLE_SIZE),
    [activities, repIds, lastWeek, thisWeek]
  )
  const flaggedIds = useMemo(() => new Set((flags ?? []).map((f) => f.activityId)), [flags])

  // Who reviews: the signed-in person, when their role gives verdicts.
  const me = useMe()
  const judging = usePermission('audit.review')
  const when = (ms: number): string => `${formatDate(ms, locale, timeZone)} ${formatTime(ms, locale, timeZone)}`
  const timelineText = (f: RiskFlag, verdict: Verdict): { subject: string; body: string } => ({
    subject: t('audit.timelineText', { status: t(`audit.status.${verdict}`), rule: t(`audit.rules.${f.rule}`), rep: userById.get(f.userId)?.name ?? f.userId, visit: when(f.at) }),
    body: t(`audit.evidence.${f.rule}`, evidenceValues(f, when))
  })
  const sampled = (f: RiskFlag): RiskFlag & { sampled: boolean } => ({ ...f, sampled: f.rule === 'sample' || sample.some((s) => s.id === f.activityId) })
  // The verdict being given: one flag (or a whole late-entry batch), its verdict and the note.
  const [judging_, setJudging] = useState<{ flags: RiskFlag[]; verdict: Verdict; note: string } | null>(null)
  const judge = async (f: RiskFlag, verdict: Verdict): Promise<void> => {
    setJudging({ flags: [f], verdict, note: verdicts.get(f.id)?.note ?? '' })
    return Promise.resolve()
  }
  const save = async (): Promise<void> => {
    if (!judging_) return
    const { flags: fs, verdict, note } = judging_
    try {
      if (fs.length === 1) {
        await reviewAuditFlag(sampled(fs[0]!), verdict, me?.id, undefined, timelineText(fs[0]!, verdict), note)
        notifications.show({ color: verdict === 'confirmed' ? 'red' : 'teal', message: t(`audit.${verdict}Toast`) })
      } else {
        await reviewAuditBatch(fs.map(sampled), verdict, undefined, (f) => timelineText(f, verdict), note)
        notifications.show({ color: verdict === 'confirmed' ? 'red' : 'teal', message: t('audit.batchToast', { count: fs.length }) })
      }
      setJudging(null)
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof RhythmError ? t(`audit.refusal.${e.code.replace('rhythm.', '')}`) : String(e) })
    }
  }
  // Late-entry batches among the open flags: one verdict can cover a whole batch.
  const batchOf = useMemo(() => {
    const out = new Map<string, RiskFlag[]>()
    for (const b of lateEntryBatches(queue)) for (const f of b) out.set(f.id, b)
    return out
  }, [queue])
  // The reviewed list names the customer and the visit: the visits its flags point at.
  const reviewedRows = useMemo(() => (reviewed ?? []).filter((f) => repIds.has(f.userId)).sort((a, b) => (b.reviewedAt ?? 0) - (a.reviewedAt ?? 0)).slice(0, 20), [reviewed, repIds])
  const reviewedIds = useMemo(() => reviewedRows.map((f) => f.activityId), [reviewedRows])
  const reviewedVisits = useLiveQuery(async () => {
    const rows = await getDb().activities.bulkGet(reviewedIds)
    return new Map(rows.flatMap((a) => (a ? [[a.id, a] as const] : [])))
  }, [reviewedIds])
  const flagFromRow = (f: AuditFlag, a: Activity | undefined): RiskFlag | null =>
    a ? { id: f.id, rule: f.rule, activityId: f.activityId, userId: f.userId, customerId: a.customerId, at: a.at, evidence: f.evidence } : null

  if (!flags) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const done = (reviewed ?? []).filter((f) => repIds.has(f.userId))
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('audit.summary', { flags: flags.length, open: queue.length, weeks: AUDIT_WEEKS, confirmed: done.filter((f) => f.status === 'confirmed').length, cleared: done.filter((f) => f.status === 'cleared').length })}
        </Text>
        <SegmentedControl
          size="xs"
          value={rule}
          onChange={setRule}
          data={[{ value: 'all', label: t('audit.allRules', { count: queue.length }) }, ...RULES.map((r) => ({ value: r, label: `${t(`audit.rules.${r}`)} ${counts[r] ?? 0}` }))]}
        />
        <ExportMenu
          title={t('tabs.audit')}
          tables={() => {
            const when = (ms: number): string => `${formatDate(ms, locale, timeZone)} ${formatTime(ms, locale, timeZone)}`
            return auditTables(
              {
                queue: shown.map((f) => ({ at: f.at, userId: f.userId, customerId: f.customerId, rule: f.rule, evidence: t(`audit.evidence.${f.rule}`, evidenceValues(f, when)) })),
                reviewed: done,
                customerName: (id) => customers?.get(id)?.name ?? id,
                userName: (id) => userById.get(id)?.name ?? id
              },
              t
            )
          }}
        />
      </Group>
      <SectionCard title={t('audit.queue')} empty={shown.length === 0 ? t('audit.queueEmpty') : undefined}>
        {shown.length > 0 && (
          <Table fz="sm" verticalSpacing={4} data-testid="audit-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('board.rep')}</Table.Th>
                <Table.Th>{t('pool.customer')}</Table.Th>
                <Table.Th>{t('audit.rule')}</Table.Th>
                <Table.Th>{t('audit.evidenceCol')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.slice(0, 100).map((f) => (
                <Table.Tr key={f.id} data-testid={`flag-${f.id}`}>
                  <Table.Td className="tabular">
                    {formatDate(f.at, locale, timeZone)} {formatTime(f.at, locale, timeZone)}
                  </Table.Td>
                  <Table.Td>{userById.get(f.userId)?.name ?? f.userId}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${f.customerId}`} size="sm">
                      {customers?.get(f.customerId)?.name ?? f.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="red">
                      {t(`audit.rules.${f.rule}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Text size="xs">{t(`audit.evidence.${f.rule}`, evidenceValues(f, (ms) => `${formatDate(ms, locale, timeZone)} ${formatTime(ms, locale, timeZone)}`))}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" color="teal" variant="light" disabled={!judging.allowed} title={judging.why} onClick={() => void judge(f, 'cleared')}>
                        {t('audit.clear')}
                      </Button>
                      <Button size="compact-xs" color="red" variant="light" disabled={!judging.allowed} title={judging.why} onClick={() => void judge(f, 'confirmed')}>
                        {t('audit.confirm')}
                      </Button>
                      {batchOf.has(f.id) && (
                        <Button
                          size="compact-xs"
                          variant="outline"
                          data-testid="judge-batch"
                          disabled={!judging.allowed}
                          title={judging.why}
                          onClick={() => setJudging({ flags: batchOf.get(f.id)!, verdict: 'cleared', note: '' })}
                        >
                          {t('audit.wholeBatch', { count: batchOf.get(f.id)!.length })}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </SectionCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard title={t('audit.sample', { week: formatDate(lastWeek, locale, timeZone) })} note={t('audit.sampleNote', { count: SAMPLE_SIZE })}>
          <Table fz="sm" verticalSpacing={3}>
            <Table.Tbody>
              {sample.map((a) => (
                <Table.Tr key={a.id} data-testid={`sample-${a.id}`}>
                  <Table.Td className="tabular">{formatDate(a.at, locale, timeZone)}</Table.Td>
                  <Table.Td>{userById.get(a.userId)?.name}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                      {customers?.get(a.customerId)?.name ?? a.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {flaggedIds.has(a.id) ? (
                      <Badge color="red" variant="light">
                        {t('audit.alsoFlagged')}
                      </Badge>
                    ) : (
                      <SampleVerdict flag={sampleFlag(a, localDate(lastWeek, timeZone), SAMPLE_SIZE)} verdict={verdicts.get(`sample:${a.id}`)?.status} onJudge={judge} />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SectionCard>
        <SectionCard title={t('audit.reviewed')} empty={reviewedRows.length === 0 ? t('audit.noneReviewed') : undefined}>
          {reviewedRows.length > 0 && (
            <Table fz="sm" verticalSpacing={3} data-testid="audit-reviewed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pool.customer')}</Table.Th>
                  <Table.Th>{t('audit.visitCol')}</Table.Th>
                  <Table.Th>{t('audit.verdictCol')}</Table.Th>
                  <Table.Th>{t('audit.noteCol')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reviewedRows.map((f) => {
                  const a = reviewedVisits?.get(f.activityId)
                  const rf = flagFromRow(f, a)
                  const open = canChangeVerdict(f, now)
                  return (
                    <Table.Tr key={f.id} data-testid={`reviewed-${f.id}`}>
                      <Table.Td>
                        {a ? (
                          <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                            {customers?.get(a.customerId)?.name ?? a.customerId}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {userById.get(f.userId)?.name} · {a ? when(a.at) : '—'}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`audit.rules.${f.rule}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" fw={600} c={f.status === 'confirmed' ? 'red.7' : 'teal.7'} data-testid="reviewed-status">
                          {t(`audit.status.${f.status}`)}
                        </Text>
                        {f.history && f.history.length > 0 && (
                          <Text size="xs" c="dimmed" data-testid="reviewed-history">
                            {t('audit.history', { list: f.history.map((h) => `${t(`audit.status.${h.status}`)} (${formatDate(h.at, locale, timeZone)})`).join(', ') })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td maw={220}>
                        <Text size="xs" data-testid="reviewed-note">
                          {f.note ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {open && rf ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            disabled={!judging.allowed}
                            title={f.reviewedAt ? t('audit.changeUntil', { when: formatDate(f.reviewedAt + VERDICT_CHANGE_WINDOW_MS, locale, timeZone) }) : judging.why}
                            onClick={() => setJudging({ flags: [rf], verdict: f.status === 'confirmed' ? 'cleared' : 'confirmed', note: f.note ?? '' })}
                          >
                            {t('audit.change')}
                          </Button>
                        ) : (
                          <Text size="xs" c="dimmed">
                            {t('audit.locked')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          )}
        </SectionCard>
      </SimpleGrid>
      <Modal
        opened={judging_ !== null}
        onClose={() => setJudging(null)}
        centered
        title={
          judging_ === null
            ? ''
            : judging_.flags.length === 1
              ? t('audit.verdictTitle', { customer: customers?.get(judging_.flags[0]!.customerId)?.name ?? '', rep: userById.get(judging_.flags[0]!.userId)?.name ?? '', visit: when(judging_.flags[0]!.at) })
              : t('audit.batchTitle', { count: judging_.flags.length, rep: userById.get(judging_.flags[0]!.userId)?.name ?? '' })
        }
      >
        {judging_ && (
          <Stack gap="sm" data-testid="verdict-dialog">
            <SegmentedControl
              value={judging_.verdict}
              onChange={(v) => setJudging({ ...judging_, verdict: v as Verdict })}
              data={[
                { value: 'cleared', label: t('audit.clear') },
                { value: 'confirmed', label: t('audit.confirm') }
              ]}
              color={judging_.verdict === 'confirmed' ? 'red' : 'teal'}
            />
            <Textarea
              label={t('audit.note')}
              placeholder={t('audit.notePlaceholder')}
              value={judging_.note}
              maxLength={2000}
              autosize
              minRows={2}
              onChange={(e) => setJudging({ ...judging_, note: e.currentTarget.value })}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setJudging(null)}>
                {t('audit.cancel')}
              </Button>
              <Button color={judging_.verdict === 'confirmed' ? 'red' : 'teal'} onClick={() => void save()} data-testid="verdict-save">
                {t('audit.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  )
}

/** A sampled visit without a rule flag: confirm or clear it, or show the verdict already given. */
function SampleVerdict({ flag, verdict, onJudge }: { flag: RiskFlag; verdict: string | undefined; onJudge: (f: RiskFlag, v: 'confirmed' | 'cleared') => Promise<void> }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const judging = usePermission('audit.review')
  if (verdict === 'confirmed' || verdict === 'cleared') {
    return (
      <Badge color={verdict === 'confirmed' ? 'red' : 'teal'} variant="light" data-testid="sample-verdict">
        {t(`audit.status.${verdict}`)}
      </Badge>
    )
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" color="teal" variant="light" disabled={!judging.allowed} title={judging.why} onClick={() => void onJudge(flag, 'cleared')}>
        {t('audit.clear')}
      </Button>
      <Button size="compact-xs" color="red" variant="light" disabled={!judging.allowed} title={judging.why} onClick={() => void onJudge(flag, 'confirmed')}>
        {t('audit.confirm')}
      </Button>
    </Group>
  )
}

/** Evidence as interpolation values; times shown as clock times rather than epoch numbers. */
function evidenceValues(f: RiskFlag, time: (ms: number) => string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { ...f.evidence }
  if (typeof f.evidence.loggedAt === 'number') out.loggedAt = time(f.evidence.loggedAt)
  return out
}
