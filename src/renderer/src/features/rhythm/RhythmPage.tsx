import { useMemo, useState } from 'react'
import { ActionIcon, Box, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { DAY_MS, startOfDay, startOfWeek } from '@shared/domain/calendar'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { useNow } from '../../ui/use-now'
import { formatDay } from '../../ui/format'
import { EightVisitBoard } from './EightVisitBoard'
import { ComplianceGrid, HEATMAP_WEEKS } from './ComplianceGrid'
import { KickoffView } from './KickoffView'
import { ReviewView } from './ReviewView'
import { PoolView } from './PoolView'
import { AuditView } from './AuditView'
import { HeroesCard } from './HeroesCard'
import { ColdVisitView } from './ColdVisitView'
import { TargetsView } from './TargetsView'
import { RideAlongView } from './RideAlongView'
import { useActivitiesBetween, useCustomerMap, useScopedReps } from './use-rhythm-data'

function BoardTab({ now }: { now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const reps = useScopedReps()
  const today = startOfDay(now, timeZone)
  const [offset, setOffset] = useState(0)
  const day = startOfDay(today + offset * DAY_MS + 2 * 3_600_000, timeZone)
  const heatFrom = useMemo(() => startOfWeek(now - (HEATMAP_WEEKS - 1) * 7 * DAY_MS, timeZone), [now, timeZone])
  const history = useActivitiesBetween(Math.min(heatFrom, day), Math.max(today, day) + DAY_MS + 3 * 3_600_000)
  const customers = useCustomerMap()
  const dayActs = useMemo(() => (history ?? []).filter((a) => a.at >= day && a.at < day + DAY_MS + 3_600_000), [history, day])
  return (
    <Stack>
      <Card withBorder padding="sm">
        <Group justify="space-between" mb="xs">
          <Title order={5}>{t('board.title')}</Title>
          <Group gap={4}>
            <ActionIcon variant="subtle" aria-label={t('board.prevDay')} onClick={() => setOffset(offset - 1)}>
              <IconChevronLeft size={16} />
            </ActionIcon>
            <Text size="sm" fw={500} miw={110} ta="center" data-testid="board-day">
              {offset === 0 ? t('board.today') : formatDay(day, locale, timeZone)}
            </Text>
            <ActionIcon variant="subtle" aria-label={t('board.nextDay')} onClick={() => setOffset(offset + 1)} disabled={offset >= 1}>
              <IconChevronRight size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          {offset < 0 ? t('board.pastHint') : t('board.todayHint')}
        </Text>
        {history ? <EightVisitBoard reps={reps} activities={dayActs} day={day} isPast={day + DAY_MS <= now} customers={customers} /> : <Text c="dimmed">{t('common:common.loading')}</Text>}
      </Card>
      <Card withBorder padding="sm">
        <Title order={5} mb="xs">
          {t('heatmap.title', { weeks: HEATMAP_WEEKS })}
        </Title>
        {history ? <ComplianceGrid reps={reps} activities={history} now={now} /> : null}
      </Card>
    </Stack>
  )
}

/**
 * Team rhythm (团队节奏): the iron army's day — the eight-visit board, the morning kickoff, the
 * evening review — and the two controls that keep it honest, the public pool and visit audits.
 */
export function RhythmPage(): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const now = useNow()
  const reps = useScopedReps()
  const [tab, setTab] = useState<string | null>('board')
  return (
    <div>
      <PageHeader title={t('common:rhythm.title')} subtitle={t('subtitle')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="board">{t('tabs.board')}</Tabs.Tab>
          <Tabs.Tab value="kickoff">{t('tabs.kickoff')}</Tabs.Tab>
          <Tabs.Tab value="review">{t('tabs.review')}</Tabs.Tab>
          <Tabs.Tab value="cold">{t('tabs.cold')}</Tabs.Tab>
          <Tabs.Tab value="rides">{t('tabs.rides')}</Tabs.Tab>
          <Tabs.Tab value="targets">{t('tabs.targets')}</Tabs.Tab>
          <Tabs.Tab value="pool">{t('tabs.pool')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('tabs.audit')}</Tabs.Tab>
          <Tabs.Tab value="heroes">{t('tabs.heroes')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board">
          <BoardTab now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="kickoff">
          <KickoffView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="review">
          <ReviewView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="cold">
          <ColdVisitView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="rides">
          <RideAlongView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="targets">
          <TargetsView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="pool">
          <PoolView now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditView reps={reps} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="heroes">
          <Box maw={520}>
            <HeroesCard rows={20} />
          </Box>
        </Tabs.Panel>
      </Tabs>
    </div>
  )
}
