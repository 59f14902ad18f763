import { useMemo, useState } from 'react'
import { Alert, Badge, Box, Button, Card, Group, Modal, Paper, ScrollArea, SimpleGrid, Slider, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconClockPause, IconPlayerTrackNext, IconPlayerTrackPrev } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import Dexie from 'dexie'
import type { Deal } from '@shared/model'
import { mergeTimeline } from '@shared/domain/timeline'
import { replayDeal, type ReplayStep } from '@shared/domain/replay'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatDay } from '../../ui/format'
import { EventRow, KindIcon, kindName, type RowContext } from './EventRow'
import { useTimelineSource } from './use-timeline-data'

/**
 * Replay (复盘) of a won or lost deal: step through what happened with the stage at each
 * moment, long silences marked, and a summary to review with the rep.
 */
export function DealReplay({ deal, opened, onClose }: { deal: Deal; opened: boolean; onClose(): void }): React.ReactNode {
  const { t } = useTranslation('timeline')
  return (
    <Modal opened={opened} onClose={onClose} size="90%" title={t('replay.title', { name: deal.name })}>
      {opened && <ReplayBody deal={deal} />}
    </Modal>
  )
}

function ReplayBody({ deal }: { deal: Deal }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const { locale, timeZone } = useLocale()
  const { userById, processById } = useWorkspaceData()
  const source = useTimelineSource({ dealId: deal.id })
  const closedOfProcess = useLiveQuery(
    () =>
      getDb()
        .deals.where('[processId+stageId]')
        .between([deal.processId, Dexie.minKey], [deal.processId, Dexie.maxKey])
        .filter((d) => d.status !== 'open' && !d.deleted)
        .toArray(),
    [deal.processId]
  )
  const replay = useMemo(() => {
    if (!source || !closedOfProcess) return null
    // Closed deals have nothing in the future that matters; flag nothing.
    const events = mergeTimeline({
      activities: source.activities,
      stageHistory: source.stageHistory,
      comments: source.callComments,
      taskDone: source.taskDone,
      now: Number.MAX_SAFE_INTEGER
    })
    const stages = processById.get(deal.processId)?.stages ?? []
    return replayDeal({ deal, events, stages, processClosedDeals: closedOfProcess })
  }, [source, closedOfProcess, deal, processById])
  const [pos, setPos] = useState(0)

  const ctx = useMemo<RowContext | null>(() => {
    if (!source) return null
    const contacts = new Map(source.contacts.map((c) => [c.id, c]))
    return {
      locale,
      timeZone,
      userName: (id) => userById.get(id)?.name ?? '—',
      contact: (id) => contacts.get(id),
      deal: (id) => (id === deal.id ? deal : undefined),
      stageName: (_d, sid) => processById.get(deal.processId)?.stages.find((s) => s.id === sid)?.name ?? sid,
      showDeal: false,
      snippet: (rid) => source.snippets?.get(rid)
    }
  }, [source, locale, timeZone, userById, deal, processById])

  const process = processById.get(deal.processId)
  const stageName = (id: string | null): string => (id ? (process?.stages.find((s) => s.id === id)?.name ?? id) : '—')

  if (!replay || !ctx) return <Text c="dimmed">{t('loading')}</Text>
  const { steps, summary: s } = replay
  if (steps.length === 0) return <Text c="dimmed">{t('empty')}</Text>
  const at = Math.min(pos, steps.length - 1)
  const step = steps[at]!
  const openStages = process?.stages.filter((x) => x.kind === 'open') ?? []
  const diff = s.cycleDays !== null && s.processMedianDays !== null ? Math.round(s.cycleDays - s.processMedianDays) : null

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <Card withBorder padding="sm" data-testid="replay-cycle">
          <Text size="xs" c="dimmed">
            {/* A lost deal has no sales cycle (成交周期): it is how long it took to lose. */}
            {s.outcome === 'lost' ? t('metrics:replay.lostCycle') : t('replay.cycle')}
          </Text>
          <Text fw={700} size="lg">
            {s.cycleDays !== null ? t('replay.days', { count: Math.round(s.cycleDays) }) : '—'}
          </Text>
          {s.processMedianDays !== null && (
            <Text size="xs" c={diff !== null && diff > 0 ? 'orange' : 'teal'}>
              {s.outcome === 'lost'
                ? t('metrics:replay.vsMedianLost', { median: Math.round(s.processMedianDays), count: s.processClosedCount })
                : s.outcome === 'won'
                  ? t('metrics:replay.vsMedianWon', { median: Math.round(s.processMedianDays), count: s.processClosedCount })
                  : t('replay.vsMedian', { median: Math.round(s.processMedianDays), count: s.processClosedCount })}
              {diff !== null && ` (${diff > 0 ? '+' : ''}${diff})`}
            </Text>
          )}
          {s.outcome === 'lost' && (
            <Text size="sm" mt={4} data-testid="replay-loss">
              {t('metrics:replay.lossReason', { reason: s.lossReason ?? t('metrics:replay.noReason') })}
              {s.lostFromStageId && ` · ${t('metrics:replay.lostAt', { stage: stageName(s.lostFromStageId) })}`}
            </Text>
          )}
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t('replay.stalledAt')}
          </Text>
          {s.stalledAt ? (
            <>
              <Text fw={700}>{stageName(s.stalledAt.stageId)}</Text>
              <Text size="xs" c="orange">
                {t('replay.stalledDetail', { days: Math.round(s.stalledAt.days), expected: s.stalledAt.expectedDays ?? 0 })}
              </Text>
            </>
          ) : (
            <Text size="sm">{t('replay.noStall')}</Text>
          )}
          {s.longestSilence && (
            <Text size="xs" c="orange">
              {t('replay.longestSilence', { days: Math.round(s.longestSilence.days), stage: stageName(s.longestSilence.stageId) })}
            </Text>
          )}
          <Text size="xs" c="dimmed" data-testid="silence-rule">
            {s.medianGapDays !== null
              ? t('replay.silenceRule', { days: Math.round(s.silenceThresholdDays * 10) / 10, median: Math.round(s.medianGapDays * 10) / 10 })
              : t('replay.silenceRuleMin', { days: s.silenceThresholdDays })}
          </Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t('replay.touches', { count: s.customerTouches })}
          </Text>
          <Group gap={4} mt={4}>
            {s.touchesByKind.map((k) => (
              <Badge key={k.kind} variant="light" color="gray" leftSection={<KindIcon kind={k.kind} size={14} />}>
                {kindName(k.kind, t)} {k.count}
              </Badge>
            ))}
          </Group>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t('replay.participants')}
          </Text>
          <Stack gap={2} mt={4}>
            {s.participants.slice(0, 6).map((p) => (
              <Text size="sm" key={p.userId}>
                {userById.get(p.userId)?.name ?? '—'}{' '}
                <Text span size="xs" c="dimmed">
                  {userById.get(p.userId)?.title ?? ''} · {t('day.count', { count: p.count })}
                </Text>
              </Text>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>

      <Paper withBorder p="sm">
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconPlayerTrackPrev size={14} />} disabled={at === 0} onClick={() => setPos(at - 1)}>
              {t('replay.prev')}
            </Button>
            <Button size="xs" variant="default" rightSection={<IconPlayerTrackNext size={14} />} disabled={at === steps.length - 1} onClick={() => setPos(at + 1)}>
              {t('replay.next')}
            </Button>
            <Text size="sm" className="tabular">
              {t('replay.step', { n: at + 1, total: steps.length })} · {formatDay(step.event.at, locale, timeZone)} · {t('replay.dayOfCycle', { day: Math.round(step.dayOfCycle) })}
            </Text>
          </Group>
          <Group gap={4} aria-label={t('replay.stageNow')}>
            {openStages.map((x) => {
              const idx = openStages.findIndex((o) => o.id === step.stageId)
              const i = openStages.indexOf(x)
              return (
                <Badge key={x.id} variant={x.id === step.stageId ? 'filled' : 'light'} color={idx >= 0 && i <= idx ? 'blue' : 'gray'}>
                  {x.name}
                </Badge>
              )
            })}
            {step.stageId && !openStages.some((o) => o.id === step.stageId) && (
              <Badge color={deal.status === 'won' ? 'teal' : 'red'}>{stageName(step.stageId)}</Badge>
            )}
          </Group>
        </Group>
        <Slider min={0} max={steps.length - 1} value={at} onChange={setPos} label={null} marks={steps.flatMap((x, i) => (x.silence ? [{ value: i }] : []))} color="blue" mb="md" aria-label={t('replay.scrub')} />
        {step.silence && (
          <Alert color="orange" icon={<IconClockPause size={16} />} mb="xs" p="xs">
            {t('replay.silenceBefore', { count: Math.round(step.gapDays) })}
          </Alert>
        )}
        <Box data-testid="replay-current">
          <EventRow e={step.event} ctx={ctx} />
        </Box>
      </Paper>

      <ScrollArea h={320} type="auto">
        <Stack gap={0}>
          {steps.map((x, i) => (
            <StepLine key={`${x.event.kind}:${x.event.id}`} step={x} active={i === at} onPick={() => setPos(i)} stageName={stageName} locale={locale} timeZone={timeZone} />
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  )
}

function StepLine(p: {
  step: ReplayStep
  active: boolean
  onPick(): void
  stageName(id: string | null): string
  locale: RowContext['locale']
  timeZone: string
}): React.ReactNode {
  const { t } = useTranslation('timeline')
  const e = p.step.event
  const label = e.kind === 'stage_change' ? `${t('kind.stageChange')} → ${p.stageName(p.step.stageId)}` : kindName(e.kind, t)
  return (
    <>
      {p.step.silence && (
        <Group gap={6} px="xs" py={2} bg="var(--mantine-color-orange-light)" data-silence>
          <IconAlertTriangle size={14} color="var(--mantine-color-orange-filled)" />
          <Text size="xs" c="orange">
            {t('replay.silence', { count: Math.round(p.step.gapDays) })}
          </Text>
        </Group>
      )}
      <UnstyledButton onClick={p.onPick} px="xs" py={4} bg={p.active ? 'var(--mantine-primary-color-light)' : undefined} aria-current={p.active ? 'step' : undefined}>
        <Group gap="xs" wrap="nowrap">
          <KindIcon kind={e.kind} size={20} />
          <Text size="xs" c="dimmed" w={110} className="tabular">
            {formatDate(e.at, p.locale, p.timeZone)}
          </Text>
          <Text size="sm" w={200} truncate>
            {label}
          </Text>
          <Badge size="xs" variant="light" color="gray">
            {p.stageName(p.step.stageId)}
          </Badge>
          <Text size="xs" c="dimmed" truncate style={{ flex: 1 }}>
            {e.activity?.subject ?? e.activity?.body ?? e.stage?.reason ?? ''}
          </Text>
        </Group>
      </UnstyledButton>
    </>
  )
}
