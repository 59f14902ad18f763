import { useMemo, useState } from 'react'
import { Anchor, Button, Group, Modal, Rating, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Activity, BehaviourSheet, User } from '@shared/model'
import { rideAlongsByRepMonth } from '@shared/domain/eight-visit'
import { DAY_MS, localDate, monthRange } from '@shared/domain/calendar'
import { logPlannedRideAlong, planRideAlong, RhythmError } from '../../db/rhythm'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { SectionCard } from '../../ui/SectionCard'
import { useActivitiesBetween, useCustomerMap } from './use-rhythm-data'

/** Months shown in the count table: this one and the two before, a quarter of coaching. */
const MONTHS = 3
const SHEET_FIELDS: (keyof BehaviourSheet)[] = ['objective', 'conversationLogic', 'needsUncovered', 'impressionLeft']

/** Logging a planned ride-along: the behaviour control sheet as the manager saw it, and a score. */
function LogModal({ plan, planner, onClose }: { plan: Activity; planner: string | undefined; onClose: () => void }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const me = useMe()
  const [sheet, setSheet] = useState<BehaviourSheet>({})
  const [score, setScore] = useState(0)
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    setBusy(true)
    try {
      const behaviour = Object.fromEntries(Object.entries(sheet).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as BehaviourSheet
      await logPlannedRideAlong({ repId: plan.userId, customerId: plan.customerId, dealId: plan.dealId, at: plan.at, behaviour, score, attachedTo: plan.id })
      notifications.show({ color: 'teal', message: t('ride.logged') })
      onClose()
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof RhythmError ? t(`pool.refusal.${e.code.replace('rhythm.', '')}`) : String(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('ride.logTitle')} size="lg">
      <Stack gap="xs">
        {/* Whoever writes the sheet rode along; the plan may have named someone else. */}
        <TextInput label={t('ride.loggedBy')} value={me?.name ?? ''} readOnly data-testid="ride-logged-by" />
        {me && plan.otherUserId && plan.otherUserId !== me.id && (
          <Text size="sm" c="orange" data-testid="ride-other-planner">
            {t('ride.plannedByOther', { name: planner ?? plan.otherUserId })}
          </Text>
        )}
        {SHEET_FIELDS.map((f) => (
          <Textarea key={f} label={t(`ride.sheet.${f}`)} autosize minRows={2} value={sheet[f] ?? ''} onChange={(e) => setSheet({ ...sheet, [f]: e.currentTarget.value })} />
        ))}
        <Group>
          <Text size="sm">{t('ride.score')}</Text>
          <Rating value={score} onChange={setScore} count={5} data-testid="ride-score" />
        </Group>
        <Group justify="flex-end">
          <Button onClick={() => void save()} loading={busy} disabled={score < 1}>
            {t('ride.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/**
 * Ride-alongs (陪访): the manager plans to join a rep's visit, logs it afterwards with the
 * behaviour control sheet and a 1–5 score, and sees how often they rode with each rep per month.
 */
export function RideAlongView({ reps, now }: { reps: readonly User[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const customers = useCustomerMap()
  const from = useMemo(() => {
    let start = monthRange(now, timeZone).start
    for (let i = 1; i < MONTHS; i++) start = monthRange(start - DAY_MS, timeZone).start
    return start
  }, [now, timeZone])
  const activities = useActivitiesBetween(from, now + 8 * DAY_MS)
  const active = useMemo(() => reps.filter((r) => r.active && (r.leftAt === undefined || r.leftAt > now)), [reps, now])
  // The manager riding along is whoever plans it: the signed-in person.
  const me = useMe()
  const managerId = me?.id ?? null
  const [repId, setRepId] = useState<string | null>(null)
  const [visitId, setVisitId] = useState<string | null>(null)
  const [logging, setLogging] = useState<Activity | null>(null)
  const repIds = useMemo(() => new Set(reps.map((r) => r.id)), [reps])

  const upcoming = useMemo(
    () => (activities ?? []).filter((a) => a.kind === 'visit' && a.status === 'planned' && a.userId === repId && a.at >= now).sort((a, b) => a.at - b.at),
    [activities, repId, now]
  )
  const { open, counts } = useMemo(() => {
    const acts = (activities ?? []).filter((a) => repIds.has(a.userId))
    const logged = new Set(acts.filter((a) => a.kind === 'ride_along' && a.status === 'done' && typeof a.from === 'string').map((a) => a.from as string))
    return {
      open: acts.filter((a) => a.kind === 'ride_along' && a.status === 'planned' && !logged.has(a.id)).sort((a, b) => a.at - b.at),
      counts: rideAlongsByRepMonth(acts, timeZone)
    }
  }, [activities, repIds, timeZone])
  const months = useMemo(() => {
    const out: string[] = []
    let at = now
    for (let i = 0; i < MONTHS; i++) {
      out.unshift(localDate(at, timeZone).slice(0, 7))
      at = monthRange(at, timeZone).start - DAY_MS
    }
    return out
  }, [now, timeZone])

  const plan = async (): Promise<void> => {
    const visit = upcoming.find((v) => v.id === visitId)
    if (!visit || !managerId) return
    try {
      await planRideAlong({ visit })
      setVisitId(null)
      notifications.show({ color: 'teal', message: t('ride.planned') })
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof RhythmError ? t(`pool.refusal.${e.code.replace('rhythm.', '')}`) : String(e) })
    }
  }

  if (!activities || !customers) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const when = (ms: number): string => `${formatDate(ms, locale, timeZone)} ${formatTime(ms, locale, timeZone)}`
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard title={t('ride.planTitle')}>
          <Stack gap="xs">
            <TextInput label={t('ride.manager')} value={me?.name ?? ''} readOnly data-testid="ride-manager" />
            <Select
              label={t('board.rep')}
              value={repId}
              onChange={(v) => {
                setRepId(v)
                setVisitId(null)
              }}
              data={active.map((r) => ({ value: r.id, label: r.name }))}
              searchable
              data-testid="ride-rep"
            />
            <Select
              label={t('ride.visit')}
              value={visitId}
              onChange={setVisitId}
              disabled={!repId}
              nothingFoundMessage={t('ride.noVisits')}
              data={upcoming.map((v) => ({ value: v.id, label: `${when(v.at)} · ${customers.get(v.customerId)?.name ?? v.customerId}` }))}
              data-testid="ride-visit"
            />
            <Group justify="flex-end">
              <Button size="xs" disabled={!visitId || !managerId} onClick={() => void plan()}>
                {t('ride.plan')}
              </Button>
            </Group>
          </Stack>
        </SectionCard>
        <SectionCard title={t('ride.openTitle')} empty={open.length === 0 ? t('ride.noneOpen') : undefined}>
          {open.length > 0 && (
            <Table fz="sm" verticalSpacing={3} data-testid="ride-open">
              <Table.Tbody>
                {open.slice(0, 30).map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td className="tabular">{when(a.at)}</Table.Td>
                    <Table.Td>{userById.get(a.userId)?.name}</Table.Td>
                    <Table.Td>{userById.get(a.otherUserId ?? '')?.name}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                        {customers.get(a.customerId)?.name ?? a.customerId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => setLogging(a)}>
                        {t('ride.log')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </SectionCard>
      </SimpleGrid>
      <SectionCard title={t('ride.countTitle')}>
        <Table fz="sm" verticalSpacing={3} data-testid="ride-counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('board.rep')}</Table.Th>
              <Table.Th>{t('ride.manager')}</Table.Th>
              {months.map((m) => (
                <Table.Th key={m}>{m}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {active.map((rep) => {
              const mine = counts.filter((c) => c.repId === rep.id)
              const bosses = [...new Set(mine.map((c) => c.managerId))]
              if (bosses.length === 0) bosses.push('')
              return bosses.map((managerOf) => (
                <Table.Tr key={`${rep.id}|${managerOf}`} data-testid={`ride-count-${rep.id}`}>
                  <Table.Td>{rep.name}</Table.Td>
                  <Table.Td>{managerOf ? userById.get(managerOf)?.name : '—'}</Table.Td>
                  {months.map((m) => {
                    const c = mine.find((x) => x.month === m && x.managerId === managerOf)
                    return (
                      <Table.Td key={m} className="tabular" c={c ? undefined : 'dimmed'}>
                        {c ? (c.meanScore !== undefined ? t('ride.countScore', { count: c.count, score: c.meanScore }) : String(c.count)) : '0'}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))
            })}
          </Table.Tbody>
        </Table>
      </SectionCard>
      {logging && <LogModal plan={logging} planner={userById.get(logging.otherUserId ?? '')?.name} onClose={() => setLogging(null)} />}
    </Stack>
  )
}
