import { useState } from 'react'
import { Anchor, Badge, Button, Card, Group, NumberInput, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core'
import { IconChecklist, IconCoin, IconQuestionMark } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import { AGENDA_REASONS, agendaCounts, managerAgenda, type AgendaItem, type AgendaReason, type AgendaReasonKind } from '@shared/domain/cockpit-agenda'
import type { Deal } from '@shared/model'
import { getDb } from '../../db/database'
import { taskCompletions } from '../../db/timeline'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { formatDay } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { useExplain } from '../pipeline/HealthBadges'
import { healthStyle } from '../pipeline/health'
import { useHealthSettings, type PipelineData } from '../pipeline/use-pipeline-data'
import { loadSheetSummaries } from '../war-room/sheet-summaries'
import { useWarmQuery, warmMemo } from '../../db/warm'

/** Lines shown before "show all": the page grows, nothing scrolls inside it. */
const FIRST_LINES = 15

const otherStyle: Record<'overdue_task' | 'overdue_gap' | 'big_closing', { color: string; icon: typeof IconCoin }> = {
  overdue_task: { color: 'violet', icon: IconChecklist },
  overdue_gap: { color: 'indigo', icon: IconQuestionMark },
  big_closing: { color: 'grape', icon: IconCoin }
}
const styleOf = (kind: AgendaReasonKind): { color: string; icon: typeof IconCoin } =>
  kind === 'overdue_task' || kind === 'overdue_gap' || kind === 'big_closing' ? otherStyle[kind] : healthStyle[kind]

/** Open tasks (not cancelled, not marked done) with their due day, for the agenda. */
async function loadTasks(): Promise<{ dealId: string | null; subject?: string; dueAt: number; done: boolean }[]> {
  const tasks = (await getDb().activities.where('kind').equals('task').toArray()).filter(
    (a) => a.status !== 'cancelled' && a.status !== 'done' && a.dealId
  )
  const done = await taskCompletions(tasks.map((a) => a.id))
  return tasks.map((a) => ({ dealId: a.dealId, subject: a.subject, dueAt: a.dueAt ?? a.at, done: done.has(a.id) }))
}

/**
 * The cockpit home's answer to "which deals need me today, and why": every open deal in scope
 * with any reason the cockpit knows, one line each with all its reasons as sentences with the
 * numbers, the biggest stake first. The page grows with the list; the first lines show and the
 * rest is one click away, counted.
 */
/** The agenda's lines for these deals (null while tasks and sheets load): the list and its export read the same. */
export function useManagerAgenda(data: PipelineData | null | undefined, deals: readonly Deal[] | undefined): AgendaItem[] | null {
  const { processById } = useWorkspaceData()
  const now = useNow()
  const tasks = useWarmQuery('agenda:tasks', loadTasks)
  const sheets = useWarmQuery('agenda:sheets', loadSheetSummaries)
  return warmMemo('agenda', [deals, data, processById, tasks, sheets, now], () => {
    if (!data || !deals || !tasks || !sheets) return null
    const gaps = new Map([...sheets].map(([dealId, sheet]) => [dealId, sheet.gaps]))
    return managerAgenda({ deals, health: data.health.byDeal, processes: processById, tasks, gaps, now, timeZone: data.timeZone })
  })
}

export function ManagerAgenda({ data, items }: { data: PipelineData; items: AgendaItem[] | null }): React.ReactNode {
  const { t } = useTranslation('metrics')
  const [settings, setNoTouchDays] = useHealthSettings()
  const [only, setOnly] = useState<AgendaReasonKind | null>(null)
  const [all, setAll] = useState(false)

  if (!items) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const counts = agendaCounts(items)
  const shown = only ? items.filter((i) => i.reasons.some((r) => r.kind === only)) : items
  const visible = all ? shown : shown.slice(0, FIRST_LINES)

  return (
    <Card withBorder padding="sm" component="section" aria-label={t('agenda.title')}>
      <Group justify="space-between" align="flex-start" mb={4} wrap="nowrap">
        <div>
          <Text fw={600}>{t('agenda.title')}</Text>
          <Text size="xs" c="dimmed">
            {t('agenda.summary', { count: items.length })}
          </Text>
        </div>
        <NumberInput
          label={t('agenda.noTouchDays')}
          value={settings.noTouchDays}
          onChange={(v) => setNoTouchDays(Number(v))}
          min={1}
          max={365}
          w={150}
          size="xs"
        />
      </Group>
      <Group gap={6} mb="xs" role="group" aria-label={t('agenda.filter')}>
        <ReasonChip label={t('agenda.all')} count={items.length} active={only === null} color="gray" onClick={() => setOnly(null)} />
        {AGENDA_REASONS.filter((k) => counts.has(k)).map((k) => (
          <ReasonChip
            key={k}
            label={kindLabel(k, t)}
            count={counts.get(k)!}
            active={only === k}
            color={styleOf(k).color}
            onClick={() => setOnly(only === k ? null : k)}
          />
        ))}
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('agenda.empty')}
        </Text>
      ) : (
        <Stack gap={0} role="list" aria-label={t('agenda.title')}>
          {visible.map((item) => (
            <AgendaLine key={item.deal.id} item={item} customer={item.deal.customerId !== undefined ? data.customers.get(item.deal.customerId) : undefined} />
          ))}
        </Stack>
      )}
      {shown.length > FIRST_LINES && (
        <Button variant="subtle" size="xs" mt={4} onClick={() => setAll(!all)}>
          {all ? t('agenda.showFirst', { count: FIRST_LINES }) : t('agenda.showAll', { count: shown.length })}
        </Button>
      )}
    </Card>
  )
}

function kindLabel(k: AgendaReasonKind, t: TFunction<'metrics'>): string {
  return k === 'overdue_task' || k === 'overdue_gap' || k === 'big_closing' ? t(`agenda.kinds.${k}`) : t(`pipeline:flags.${k}`)
}

function ReasonChip(p: { label: string; count: number; active: boolean; color: string; onClick(): void }): React.ReactNode {
  return (
    <UnstyledButton onClick={p.onClick} aria-pressed={p.active}>
      <Badge color={p.color} variant={p.active ? 'filled' : 'light'} tt="none" className="tabular">
        {p.label} {p.count}
      </Badge>
    </UnstyledButton>
  )
}

function AgendaLine({ item, customer }: { item: AgendaItem; customer: string | undefined }): React.ReactNode {
  const { t } = useTranslation('metrics')
  const { userById, stageName } = useWorkspaceData()
  const { deal } = item
  return (
    <div role="listitem" data-deal-id={deal.id} style={{ padding: '6px 0', borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={600}>
            {deal.name}
          </Anchor>
          <Text size="xs" c="dimmed" truncate>
            {customer ? `${customer} · ` : ''}
            {stageName(deal.processId, deal.stageId)} ·{' '}
            <Anchor component={Link} to={`/reps/${deal.ownerId}`} size="xs">
              {userById.get(deal.ownerId)?.name ?? '—'}
            </Anchor>
          </Text>
        </div>
        <Money minor={deal.amount} currency={deal.currency} size="sm" fw={600} aria-label={t('agenda.stake')} />
      </Group>
      <Stack gap={2} mt={4}>
        {item.reasons.map((r, i) => (
          <ReasonSentence key={i} reason={r} />
        ))}
      </Stack>
    </div>
  )
}

/** One reason as a sentence with its numbers: the line on screen and the cell in an export. */
export function useReasonText(): (reason: AgendaReason) => string {
  const { t } = useTranslation('metrics')
  const explain = useExplain()
  const { locale, timeZone } = useLocale()
  return (reason) => {
    if ('finding' in reason) return explain(reason.finding)
    // One or several, then the plural of the days (Chinese has one form, so the two are separate keys).
    if (reason.kind === 'overdue_task')
      return reason.count === 1
        ? t('agenda.reason.overdueTaskOne', { count: reason.days, subject: reason.subject })
        : t('agenda.reason.overdueTaskMany', { count: reason.days, tasks: reason.count, subject: reason.subject })
    if (reason.kind === 'overdue_gap')
      return reason.count === 1
        ? t('agenda.reason.overdueGapOne', { count: reason.days, question: reason.question })
        : t('agenda.reason.overdueGapMany', { count: reason.days, gaps: reason.count, question: reason.question })
    return t('agenda.reason.bigClosing', {
      date: formatDay(reason.closesAt, locale, timeZone),
      when:
        reason.daysLeft === 0
          ? t('agenda.when.today')
          : reason.daysLeft > 0
            ? t('agenda.when.inDays', { count: reason.daysLeft })
            : t('agenda.when.daysAgo', { count: -reason.daysLeft }),
      probability: reason.probability
    })
  }
}

/** One reason as a sentence with its numbers, in the health colour language. */
function ReasonSentence({ reason }: { reason: AgendaReason }): React.ReactNode {
  const text = useReasonText()(reason)
  const { color, icon: Icon } = styleOf(reason.kind)
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-reason={reason.kind}>
      <ThemeIcon size={18} radius="sm" color={color} variant="light" style={{ flexShrink: 0 }}>
        <Icon size={12} />
      </ThemeIcon>
      <Text size="sm">{text}</Text>
    </Group>
  )
}
