import { useCallback, useMemo, useState } from 'react'
import { ActionIcon, Alert, Button, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core'
import { IconGauge, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { dayOfDate } from '@shared/domain/collections'
import { localDate } from '@shared/domain/calendar'
import type { ChurnRisk, RenewalCandidate } from '@shared/domain/renewals'
import { UsageMeasure, type Contract, type UsageReading } from '@shared/model'
import { useLocale } from '../../app/preferences'
import { useWorkspaceData } from '../../app/workspace-data'
import { Chart } from '../../ui/Chart'
import { SectionCard } from '../../ui/SectionCard'
import { useNow } from '../../ui/use-now'
import { recordUsageReading, removeUsageReading } from '../../db/usage'
import { dayText, usePostSaleErrorText } from './labels'

/** Quantities as a manager reads them: 1,240 seats, 1574万 / 15.7M API calls. */
export function formatQuantity(n: number, locale: string): string {
  if (Math.abs(n) >= 10_000) return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
  return new Intl.NumberFormat(locale, { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n)
}

/** The sentence for a usage-driven renewal reason or a churn risk, with its numbers. */
export function useUsageText(): { reason(c: RenewalCandidate): string | undefined; risk(r: ChurnRisk): string; withRisk(ends: string, r: ChurnRisk): string } {
  const { t } = useTranslation('usage')
  const { locale, timeZone } = useLocale()
  const q = useCallback((n: number) => formatQuantity(n, locale), [locale])
  const reason = useCallback(
    (c: RenewalCandidate): string | undefined => {
      const r = c.reason
      if (r.kind === 'usageNearCap') return t('reason.nearCap', { metric: r.metric, used: q(r.used), entitled: q(r.entitled), percent: r.percent })
      if (r.kind !== 'usageRunsOut') return undefined
      const params = { metric: r.metric, used: q(r.used), entitled: q(r.entitled), perDay: q(r.perDay), date: dayText(r.exhaustDay, locale, timeZone) }
      return r.exhausted ? t('reason.ranOut', params) : t('reason.runsOut', params)
    },
    [t, q, locale, timeZone]
  )
  const risk = useCallback(
    (r: ChurnRisk): string => {
      const params = { metric: r.metric, used: q(r.used), entitled: q(r.entitled), percent: r.percent, projected: r.projectedPercent }
      return r.projectedPercent !== undefined ? t('reason.riskProjected', params) : t('reason.risk', params)
    },
    [t, q]
  )
  const withRisk = useCallback((ends: string, r: ChurnRisk): string => t('reason.withRisk', { ends, risk: risk(r) }), [t, risk])
  return { reason, risk, withRisk }
}

/** A contract's usage readings: the trend per metric, the readings, and recording a new one. */
export function UsageSection({ contract, readings, editable }: { contract: Contract; readings: readonly UsageReading[]; editable: boolean }): React.ReactNode {
  const { t } = useTranslation('usage')
  const { locale } = useLocale()
  const { userById } = useWorkspaceData()
  const errorText = usePostSaleErrorText()
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const live = useMemo(() => readings.filter((r) => !r.deleted).sort((a, b) => b.date.localeCompare(a.date) || a.metric.localeCompare(b.metric)), [readings])
  const option = useMemo(() => {
    const metrics = [...new Set(live.map((r) => r.metric))]
    const dates = [...new Set(live.map((r) => r.date))].sort()
    if (dates.length < 2) return null
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: dates },
      // Each metric as its share of what was licensed, so seats and API calls share one axis.
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: metrics.map((m) => ({
        name: m,
        type: 'line',
        connectNulls: true,
        data: dates.map((d) => {
          const r = live.find((x) => x.metric === m && x.date === d)
          return r && r.entitled ? Math.round((r.used / r.entitled) * 100) : null
        }),
        markLine: { silent: true, symbol: 'none', label: { show: false }, data: [{ yAxis: 90 }], lineStyle: { type: 'dashed' } }
      }))
    }
  }, [live])
  return (
    <SectionCard
      title={t('section.title')}
      note={t('section.note')}
      actions={
        editable ? (
          <Button size="xs" variant="light" leftSection={<IconGauge size={14} />} onClick={() => setOpen(true)}>
            {t('section.record')}
          </Button>
        ) : undefined
      }
      testId="usage-section"
    >
      {error && <Alert color="red">{error}</Alert>}
      {option && <Chart option={option} height={180} label={t('section.chart')} />}
      {live.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('section.empty')}
        </Text>
      ) : (
        <Table verticalSpacing={4} fz="sm" aria-label={t('section.title')} data-testid="usage-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('section.date')}</Table.Th>
              <Table.Th>{t('section.metric')}</Table.Th>
              <Table.Th ta="right">{t('section.used')}</Table.Th>
              <Table.Th ta="right">{t('section.entitled')}</Table.Th>
              <Table.Th ta="right">{t('section.share')}</Table.Th>
              <Table.Th>{t('section.by')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {/* The latest readings; the chart above carries the longer trend. */}
            {live.slice(0, 8).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td w={110}>{r.date}</Table.Td>
                <Table.Td>
                  {r.metric}{' '}
                  <Text span size="xs" c="dimmed">
                    · {t(`measure.${r.measure}`)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {formatQuantity(r.used, locale)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {r.entitled !== undefined ? formatQuantity(r.entitled, locale) : '—'}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {r.entitled ? `${Math.round((r.used / r.entitled) * 100)}%` : '—'}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {userById.get(r.recordedBy)?.name ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td w={40}>
                  {editable && (
                    <Tooltip label={t('section.remove')}>
                      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('section.remove')} onClick={() => removeUsageReading(r.id).catch((e: unknown) => setError(errorText(e)))}>
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={`${t('section.record')} · ${contract.number}`} size="lg">
        {open && <UsageForm contract={contract} last={live[0]} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />}
      </Modal>
    </SectionCard>
  )
}

/** Record one reading; starts from the latest reading's metric and licence, as the next month's usually repeats them. */
export function UsageForm({ contract, last, onDone, onCancel }: { contract: Contract; last?: UsageReading; onDone(): void; onCancel(): void }): React.ReactNode {
  const { t } = useTranslation('usage')
  const { timeZone } = useLocale()
  const errorText = usePostSaleErrorText()
  const now = useNow()
  const today = localDate(now, timeZone)
  const [metric, setMetric] = useState(last?.metric ?? '')
  const [measure, setMeasure] = useState<UsageMeasure>(last?.measure ?? 'level')
  const [date, setDate] = useState(today)
  const [used, setUsed] = useState<number | ''>('')
  const [entitled, setEntitled] = useState<number | ''>(last?.entitled ?? '')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await recordUsageReading(
        { contractId: contract.id, metric, measure, date, used: used === '' ? NaN : used, ...(entitled === '' ? {} : { entitled }), note },
        { now: Date.now(), today: localDate(Date.now(), timeZone) }
      )
      onDone()
    } catch (e) {
      setError(errorText(e, contract.currency))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm" data-testid="usage-form">
      <SimpleGrid cols={2}>
        <TextInput label={t('form.metric')} description={t('form.metricHint')} value={metric} onChange={(e) => setMetric(e.currentTarget.value)} required data-autofocus />
        <NativeSelect label={t('form.measure')} value={measure} data={UsageMeasure.options.map((m) => ({ value: m, label: t(`measure.${m}`) }))} onChange={(e) => setMeasure(e.currentTarget.value as UsageMeasure)} />
        <NumberInput label={t('form.used')} value={used} onChange={(v) => setUsed(typeof v === 'number' ? v : '')} min={0} thousandSeparator="," required />
        <NumberInput label={t('form.entitled')} value={entitled} onChange={(v) => setEntitled(typeof v === 'number' ? v : '')} min={0} thousandSeparator="," />
        <TextInput type="date" label={t('form.date')} value={date} max={today} onChange={(e) => setDate(e.currentTarget.value)} required />
      </SimpleGrid>
      <Textarea label={t('form.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={3} />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('form.cancel')}
        </Button>
        <Button loading={busy} disabled={!metric.trim() || used === '' || Number.isNaN(dayOfDate(date))} onClick={() => void save()}>
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}
