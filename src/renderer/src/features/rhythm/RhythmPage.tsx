import { useMemo, useState } from 'react'
import { ActionIcon, Box, Button, Group, NumberInput, Popover, Select, Stack, Tabs, Text } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { DAY_MS } from '@shared/domain/calendar'
import type { OrgUnit, User } from '@shared/model'
import { MAX_DAILY_VISITS, VISIT_KINDS, complianceHeatmap, resolveVisitQuota, visitSplitError, type VisitQuota } from '@shared/domain/eight-visit'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { RhythmError, saveVisitSplit } from '../../db/rhythm'
import { usePermission } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { useNow } from '../../ui/use-now'
import { DayJump } from '../dataset/DayJump'
import { formatDay } from '../../ui/format'
import { SectionCard } from '../../ui/SectionCard'
import { EightVisitBoard, boardRows } from './EightVisitBoard'
import { ExportMenu } from '../export/ExportMenu'
import { eightVisitTable, heatmapTable } from './export-tables'
import { ComplianceGrid, HEATMAP_WEEKS } from './ComplianceGrid'
import { KickoffView } from './KickoffView'
import { ReviewView } from './ReviewView'
import { PoolView } from './PoolView'
import { AuditView } from './AuditView'
import { HeroesCard } from './HeroesCard'
import { ColdVisitView } from './ColdVisitView'
import { TargetsView } from './TargetsView'
import { RideAlongView } from './RideAlongView'
import { boardRange, useActivitiesBetween, useCustomerMap, useQuotaByRep, useScopedReps } from './use-rhythm-data'

/** Units a manager of this scope may set a split for: the teams of the reps shown and their regions. */
function useSplitUnits(reps: readonly User[]): { regions: OrgUnit[]; teams: OrgUnit[] } {
  const { orgUnitById } = useWorkspaceData()
  return useMemo(() => {
    const teams = new Map<string, OrgUnit>()
    const regions = new Map<string, OrgUnit>()
    for (const r of reps) {
      const team = orgUnitById.get(r.orgUnitId)
      if (!team || team.deleted) continue
      ;(team.kind === 'region' ? regions : teams).set(team.id, team)
      const parent = team.parentId ? orgUnitById.get(team.parentId) : undefined
      if (parent && !parent.deleted && parent.kind === 'region') regions.set(parent.id, parent)
    }
    const byName = (x: OrgUnit, y: OrgUnit): number => x.name.localeCompare(y.name)
    return { regions: [...regions.values()].sort(byName), teams: [...teams.values()].sort(byName) }
  }, [reps, orgUnitById])
}

/**
 * The daily split (new / follow-up / closing) of a team or a region, set by its manager. It is
 * a field of the org unit, written through the one write path, so it syncs to the hub like
 * any other; a team without its own split works to its region's, else to 4 / 2 / 2.
 */
function SplitEditor({ reps }: { reps: readonly User[] }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { orgUnitById } = useWorkspaceData()
  const { scope } = useScope()
  const { regions, teams } = useSplitUnits(reps)
  // The scope's own unit when one is chosen, else the first team shown.
  const fallbackId = scope.kind === 'orgUnit' && orgUnitById.has(scope.id) ? scope.id : (teams[0]?.id ?? regions[0]?.id ?? null)
  const [unitId, setUnitId] = useState<string | null>(null)
  const selected = unitId ?? fallbackId
  const unit = selected ? orgUnitById.get(selected) : undefined
  const resolved = resolveVisitQuota(selected, orgUnitById)
  const [draft, setDraft] = useState<VisitQuota | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  // Seen by all, changed only by roles that set a team's rhythm (the hub refuses the rest).
  const splitEdit = usePermission('visitSplit.edit')
  const shown = draft ?? resolved.quota
  const invalid = visitSplitError(shown)
  const from = resolved.fromId ? orgUnitById.get(resolved.fromId) : undefined
  const pick = (id: string | null): void => {
    setUnitId(id)
    setDraft(null)
    setFailure(null)
  }
  const save = async (q: VisitQuota | null): Promise<void> => {
    if (!selected) return
    try {
      await saveVisitSplit(selected, q)
      setDraft(null)
      setFailure(null)
    } catch (e) {
      setFailure(e instanceof RhythmError ? e.code : 'rhythm:split.saveFailed')
    }
  }
  const units = [
    { group: t('split.regions'), items: regions.map((u) => ({ value: u.id, label: u.name })) },
    { group: t('split.teams'), items: teams.map((u) => ({ value: u.id, label: u.name })) }
  ].filter((g) => g.items.length > 0)
  return (
    <Popover position="bottom-end" withArrow onClose={() => setDraft(null)}>
      <Popover.Target>
        <Button size="compact-xs" variant="default" data-testid="quota-button" disabled={!selected}>
          {t('board.quota', { new: resolved.quota.new, follow: resolved.quota.follow_up, closing: resolved.quota.closing })}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <Text size="sm" fw={600}>
            {t('board.quotaTitle')}
          </Text>
          <Select size="xs" label={t('split.unit')} data={units} value={selected} onChange={pick} allowDeselect={false} comboboxProps={{ withinPortal: false }} data-testid="split-unit" />
          <Text size="xs" c="dimmed" data-testid="split-source">
            {resolved.fromId === selected ? t('split.own') : from ? t('split.inherited', { from: from.name }) : t('split.default')}
          </Text>
          {VISIT_KINDS.map((k) => (
            <NumberInput
              key={k}
              size="xs"
              label={t(`common:visitKinds.${k}`)}
              min={0}
              max={MAX_DAILY_VISITS}
              allowDecimal={false}
              allowNegative={false}
              value={shown[k]}
              onChange={(v) => setDraft({ ...shown, [k]: typeof v === 'number' ? v : 0 })}
            />
          ))}
          {!splitEdit.allowed && (
            <Text size="xs" c="dimmed" data-testid="split-readonly">
              {splitEdit.why}
            </Text>
          )}
          {(invalid || failure) && (
            <Text size="xs" c="red.7" data-testid="split-error">
              {t(invalid ?? failure!, { max: MAX_DAILY_VISITS })}
            </Text>
          )}
          <Group gap="xs" justify="space-between">
            <Button size="compact-xs" variant="subtle" disabled={!unit?.visitSplit || !splitEdit.allowed} onClick={() => void save(null)}>
              {t('board.quotaReset')}
            </Button>
            <Button size="compact-xs" disabled={draft === null || invalid !== null || !splitEdit.allowed} onClick={() => void save(shown)}>
              {t('split.save', { name: unit?.name ?? '' })}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

function BoardTab({ now }: { now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const reps = useScopedReps()
  const [offset, setOffset] = useState(0)
  // Each rep is judged by their own team's split, so one board can hold teams on different splits.
  const quotaOf = useQuotaByRep()
  const { today, day, heatEnd, heatFrom, from, to } = boardRange(now, offset, timeZone)
  const history = useActivitiesBetween(from, to)
  const customers = useCustomerMap()
  const dayActs = useMemo(() => (history ?? []).filter((a) => a.at >= day && a.at < day + DAY_MS + 3_600_000), [history, day])
  return (
    <Stack>
      <SectionCard
        title={t('board.title')}
        note={offset < 0 ? t('board.pastHint') : t('board.todayHint')}
        actions={
          <Group gap={4}>
            <ExportMenu
              title={`${t('tabs.board')} · ${formatDay(day, locale, timeZone)}`}
              disabled={!history}
              tables={() => [
                eightVisitTable(`${t('tabs.board')} · ${formatDay(day, locale, timeZone)}`, boardRows(reps, dayActs, day, timeZone, quotaOf, day + DAY_MS <= now), day + DAY_MS <= now, t),
                heatmapTable(
                  t('heatmap.title', { weeks: HEATMAP_WEEKS }),
                  complianceHeatmap(reps, history ?? [], { from: heatFrom, weeks: HEATMAP_WEEKS, timeZone, now, quota: quotaOf }),
                  new Map(reps.map((r) => [r.id, r.name])),
                  t
                )
              ]}
            />
            <SplitEditor reps={reps} />
            <ActionIcon variant="subtle" aria-label={t('board.prevDay')} onClick={() => setOffset(offset - 1)}>
              <IconChevronLeft size={16} />
            </ActionIcon>
            <Text size="sm" fw={500} miw={110} ta="center" data-testid="board-day">
              {offset === 0 ? t('board.today') : formatDay(day, locale, timeZone)}
            </Text>
            <ActionIcon variant="subtle" aria-label={t('board.nextDay')} onClick={() => setOffset(offset + 1)} disabled={offset >= 1}>
              <IconChevronRight size={16} />
            </ActionIcon>
            <DayJump day={day} today={today} onOffset={setOffset} />
          </Group>
        }
      >
        {history ? <EightVisitBoard reps={reps} activities={dayActs} day={day} isPast={day + DAY_MS <= now} customers={customers} quota={quotaOf} /> : <Text c="dimmed">{t('common:common.loading')}</Text>}
      </SectionCard>
      <SectionCard title={t('heatmap.title', { weeks: HEATMAP_WEEKS })} note={t('heatmap.clickHint')}>
        {history ? <ComplianceGrid reps={reps} activities={history} now={heatEnd} customers={customers} quota={quotaOf} /> : null}
      </SectionCard>
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
  // The days kickoff and review look at, in days from today; the kickoff can open a past review.
  const [kickoffOffset, setKickoffOffset] = useState(0)
  const [reviewOffset, setReviewOffset] = useState(0)
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
          <KickoffView
            reps={reps}
            now={now}
            offset={kickoffOffset}
            onOffset={setKickoffOffset}
            onOpenReview={(o) => {
              setReviewOffset(o)
              setTab('review')
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="review">
          <ReviewView reps={reps} now={now} offset={reviewOffset} onOffset={setReviewOffset} />
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
