import { useMemo } from 'react'
import { Group, List, Paper, Progress, Select, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { IconCheck, IconX } from '@tabler/icons-react'
import { activitySignals, dealHealth, historyByDeal, stageMedianDays, type HealthFinding } from '@shared/domain/deal-health'
import { monthRange } from '@shared/domain/calendar'
import { daysBetween, lastTouchOf } from '@shared/domain/days'
import type { ForecastCategory, Stage, StageHistory } from '@shared/model'
import { setForecastCategory } from '../../db/deals'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { usePermission } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'
import { formatDate } from '../../ui/format'
import { HealthBadges, useExplain } from './HealthBadges'
import { healthStyle } from './health'
import { useHealthSettings } from './use-pipeline-data'

/** The categories a rep or manager may choose; `closed` is set by winning or losing. */
const CATEGORIES: ForecastCategory[] = ['commit', 'best_case', 'pipeline', 'omitted']

/**
 * What the deal view adds for the pipeline: health with its reasons, the milestones of the
 * current and next stage, the stage history with days per stage, and "why is this deal here"
 * told as sentences from that history.
 */
export function DealInsights({ dealId }: { dealId: string }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const explain = useExplain()
  const { locale, timeZone } = useLocale()
  const { processById, userById } = useWorkspaceData()
  // The manager's call sits beside the rep's; only roles that make it may change it.
  const managerCall = usePermission('forecast.call')
  const now = useNow()
  const [settings] = useHealthSettings()
  const deal = useLiveQuery(() => getDb().deals.get(dealId), [dealId])
  const history = useLiveQuery(() => getDb().stageHistory.where('dealId').equals(dealId).sortBy('at'), [dealId])
  const touches = useLiveQuery(async () => {
    const d = await getDb().deals.get(dealId)
    if (!d || d.customerId === undefined) return []
    return getDb().activities.where('[customerId+at]').between([d.customerId, 0], [d.customerId, now]).toArray()
  }, [dealId, now])
  // The customer's contacts in the economic-buyer role: a touch with one feeds the abandon rule.
  const economicBuyers = useLiveQuery(async () => {
    const d = await getDb().deals.get(dealId)
    if (!d || d.customerId === undefined) return new Set<string>()
    const contacts = await getDb().contacts.where('customerId').equals(d.customerId).toArray()
    return new Set(contacts.filter((c) => !c.deleted && c.decisionRole === 'economic').map((c) => c.id))
  }, [dealId])
  // Stage medians need every deal's history; they only feed the abandon rule.
  const medians = useLiveQuery(async () => stageMedianDays(historyByDeal(await getDb().stageHistory.toArray()).values()), [])

  const process = deal ? processById.get(deal.processId) : undefined
  const findings = useMemo<HealthFinding[]>(() => {
    if (!deal || !history || !touches) return []
    const signals = activitySignals(touches, now, economicBuyers)
    return dealHealth(
      {
        deal,
        process,
        history,
        lastTouchAt: lastTouchOf(deal, signals.touchByDeal, signals.touchByCustomer),
        pushes: signals.pushes.get(deal.id) ?? 0,
        now,
        timeZone,
        periodStart: monthRange(now, timeZone).start,
        stageMedians: medians,
        ...(signals.economicBuyerMet ? { economicBuyerMet: deal.customerId !== undefined && signals.economicBuyerMet.has(deal.customerId) } : {})
      },
      settings
    )
  }, [deal, process, history, touches, medians, now, timeZone, economicBuyers, settings])

  if (!deal || !history) return null
  const stages = process?.stages ?? []
  const idx = stages.findIndex((s) => s.id === deal.stageId)
  const current = stages[idx]
  const next = stages.slice(idx + 1).find((s) => s.kind === 'open')
  const nameOf = (id: string | null): string => (id ? (stages.find((s) => s.id === id)?.name ?? id) : '—')
  const who = (id: string): string => userById.get(id)?.name ?? '—'
  const checked = new Set(deal.checkedCriteria)

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="sm">
        <Group justify="space-between" mb={6}>
          <Title order={5}>{t('insights.health')}</Title>
          <HealthBadges findings={findings} />
        </Group>
        {findings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('insights.healthy')}
          </Text>
        ) : (
          <List spacing={4} size="sm" center>
            {findings.map((f, i) => {
              const { color, icon: Icon } = healthStyle[f.flag]
              return (
                <List.Item
                  key={i}
                  icon={
                    <ThemeIcon size={18} radius="sm" color={color} variant="light">
                      <Icon size={12} />
                    </ThemeIcon>
                  }
                >
                  {explain(f)}
                </List.Item>
              )
            })}
          </List>
        )}
      </Paper>

      {deal.status === 'open' && (
        <Paper withBorder p="sm" radius="sm">
          <Title order={5} mb={6}>
            {t('insights.forecast')}
          </Title>
          <Group grow>
            <Select
              size="xs"
              label={t('insights.repCategory')}
              value={deal.forecastCategory}
              allowDeselect={false}
              data={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              onChange={(v) => v && void setForecastCategory(deal.id, v as ForecastCategory, 'rep')}
            />
            <Select
              size="xs"
              label={t('insights.managerCategory')}
              placeholder={t('insights.noOverride')}
              clearable
              disabled={!managerCall.allowed}
              title={managerCall.why}
              value={deal.managerForecastCategory ?? null}
              data={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              onChange={(v) => void setForecastCategory(deal.id, (v as ForecastCategory | null) ?? null, 'manager')}
            />
          </Group>
        </Paper>
      )}

      {[current, next]
        .filter((s): s is Stage => s !== undefined && s.kind === 'open')
        .map((s) => {
          const done = s.exitCriteria.filter((c) => checked.has(c.id)).length
          return (
            <Paper key={s.id} withBorder p="sm" radius="sm">
              <Group justify="space-between" mb={6}>
                <Title order={5}>
                  {t('insights.checklist')} · {s.name}
                </Title>
                <Text size="xs" c="dimmed">
                  {t('insights.checklistProgress', { done, total: s.exitCriteria.length })}
                </Text>
              </Group>
              <Progress value={s.exitCriteria.length ? (done / s.exitCriteria.length) * 100 : 100} size="sm" mb={6} />
              <Stack gap={2}>
                {s.exitCriteria.map((c) => (
                  <Group key={c.id} gap={6} wrap="nowrap">
                    {checked.has(c.id) ? (
                      <IconCheck size={14} color="var(--mantine-color-teal-6)" />
                    ) : (
                      <IconX size={14} color="var(--mantine-color-gray-5)" />
                    )}
                    <Text size="sm" c={checked.has(c.id) ? undefined : 'dimmed'}>
                      {c.label}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Paper>
          )
        })}

      <Paper withBorder p="sm" radius="sm">
        <Title order={5} mb={6}>
          {t('insights.history')}
        </Title>
        <Table fz="sm" verticalSpacing={4} striped>
          <Table.Tbody>
            {history.map((h, i) => {
              const end = history[i + 1]?.at ?? (deal.status === 'open' ? now : (deal.closedAt ?? now))
              const isLast = i === history.length - 1
              return (
                <Table.Tr key={h.id}>
                  <Table.Td>{nameOf(h.toStageId)}</Table.Td>
                  <Table.Td c="dimmed">{formatDate(h.at, locale, timeZone)}</Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {t('insights.days', { days: daysBetween(h.at, end, timeZone) })}
                    {isLast && deal.status === 'open' ? ` ${t('insights.current')}` : ''}
                  </Table.Td>
                  <Table.Td c="dimmed">{who(h.byUserId)}</Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Paper>

      <Paper withBorder p="sm" radius="sm">
        <Title order={5} mb={6}>
          {t('insights.why')}
        </Title>
        <Stack gap={4}>
          {whyHere(history, stages, current, deal.stageEnteredAt, now, timeZone).map((line, i) => (
            <Text key={i} size="sm">
              {line.kind === 'created' &&
                t('insights.whyCreated', { date: formatDate(line.h.at, locale, timeZone), stage: nameOf(line.h.toStageId) })}
              {line.kind === 'moved' &&
                t('insights.whyMoved', {
                  date: formatDate(line.h.at, locale, timeZone),
                  who: who(line.h.byUserId),
                  from: nameOf(line.h.fromStageId),
                  to: nameOf(line.h.toStageId),
                  days: line.days
                })}
              {line.kind === 'back' &&
                t('insights.whyMovedBack', {
                  date: formatDate(line.h.at, locale, timeZone),
                  who: who(line.h.byUserId),
                  from: nameOf(line.h.fromStageId),
                  to: nameOf(line.h.toStageId)
                })}
              {line.kind !== 'now' && line.h.reason ? ` ${t('insights.whyReason', { reason: line.h.reason })}` : ''}
              {line.kind === 'now' &&
                t('insights.whyNow', { stage: line.stage.name, days: line.days, expected: line.stage.expectedDays })}
            </Text>
          ))}
        </Stack>
      </Paper>
    </Stack>
  )
}

type WhyLine =
  | { kind: 'created' | 'back'; h: StageHistory }
  | { kind: 'moved'; h: StageHistory; days: number }
  | { kind: 'now'; stage: Stage; days: number }

/** The story of the deal's stages: how it got here, and how long it has been here. */
export function whyHere(
  history: readonly StageHistory[],
  stages: readonly Stage[],
  current: Stage | undefined,
  enteredAt: number,
  now: number,
  timeZone: string
): WhyLine[] {
  const out: WhyLine[] = []
  const at = (id: string | null): number => stages.findIndex((s) => s.id === id)
  history.forEach((h, i) => {
    if (h.fromStageId === null) out.push({ kind: 'created', h })
    else {
      const prev = history[i - 1]
      const forward = at(h.toStageId) > at(h.fromStageId)
      out.push(forward ? { kind: 'moved', h, days: prev ? daysBetween(prev.at, h.at, timeZone) : 0 } : { kind: 'back', h })
    }
  })
  if (current && current.kind === 'open') out.push({ kind: 'now', stage: current, days: daysBetween(enteredAt, now, timeZone) })
  return out
}
