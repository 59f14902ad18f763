import { useMemo, useState } from 'react'
import { Alert, Anchor, Badge, Button, Group, NumberInput, Table, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { IconRepeat } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { dateOfDay, noonOfDay } from '@shared/domain/collections'
import type { RenewalCandidate } from '@shared/domain/renewals'
import { renewalOpportunities } from '@shared/domain/renewals-usage'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { Money } from '../../ui/Money'
import { openRenewalDeal } from '../../db/contracts'
import { CollectionsExport } from './CollectionsExport'
import { dayText, usePostSaleErrorText } from './labels'
import { contractLink, renewalsTable } from './tables'
import { useNames } from './use-names'
import { useUsageText } from './UsageSection'
import type { PostSaleWorkspace } from './use-post-sale-data'

const DAY = 86_400_000

/**
 * Repeat purchase: contracts ending soon (or just ended) without a renewal, and one-off buyers
 * due again. Each opens as a deal in one click, owned by the contract's collector.
 */
export function RenewalsView({ ws }: { ws: PostSaleWorkspace }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { t: tu } = useTranslation('usage')
  const usage = useUsageText()
  const { locale, timeZone } = useLocale()
  const names = useNames(ws)
  const navigate = useNavigate()
  const errorText = usePostSaleErrorText()
  const [within, setWithin] = useLocalStorage({ key: 'collections.renewals.within', defaultValue: 60 })
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const list = useMemo(
    () => renewalOpportunities(ws.states.map((s) => s.contract), ws.usageReadings, { today: ws.today, withinDays: within, dayOf: ws.dayOf }),
    [ws, within]
  )
  const when = (c: RenewalCandidate): string =>
    c.reason.daysLeft === 0 ? t('renewals.today') : c.reason.daysLeft > 0 ? t('renewals.inDays', { count: c.reason.daysLeft }) : t('renewals.ago', { count: -c.reason.daysLeft })
  const why = (c: RenewalCandidate): string => {
    const r = c.reason
    if (r.kind === 'purchaseCycle') return t('renewals.purchaseCycle', { days: r.cycleDays, count: r.purchases, date: dayText(r.nextDay, locale, timeZone) })
    if (r.kind !== 'termEnds') return usage.reason(c) ?? ''
    const ends = t('renewals.termEnds', { date: dayText(r.endDay, locale, timeZone) })
    return c.churnRisk ? usage.withRisk(ends, c.churnRisk) : ends
  }
  const data = useMemo(() => renewalsTable(list, names, when, why), [list, names, usage]) // eslint-disable-line react-hooks/exhaustive-deps

  const open = async (c: RenewalCandidate): Promise<void> => {
    setBusy(c.contract.id)
    setError(null)
    try {
      const r = c.reason
      const day = r.kind === 'termEnds' ? r.endDay : r.kind === 'purchaseCycle' ? r.nextDay : r.kind === 'usageRunsOut' ? Math.max(r.exhaustDay, ws.today) : ws.today
      const expectedCloseAt = Math.max(noonOfDay(day, timeZone), ws.now + 7 * DAY)
      const customer = ws.customers.get(c.customerId)?.name ?? c.contract.number
      const year = dateOfDay(day).slice(0, 4)
      // Usage opens an expansion or a top-up, named so in the pipeline; the rest a renewal.
      const name = r.kind === 'usageNearCap' ? tu('deal.expansion', { customer, year }) : r.kind === 'usageRunsOut' ? tu('deal.topUp', { customer, year }) : t('renewals.dealName', { customer, year })
      const deal = await openRenewalDeal(
        { contractId: c.contract.id, name, expectedCloseAt },
        { now: ws.now }
      )
      void navigate(`/deals/${deal.id}`)
    } catch (e) {
      setError(errorText(e, c.contract.currency))
    } finally {
      setBusy(null)
    }
  }

  return (
    <SectionCard
      title={t('renewals.title')}
      note={t('renewals.note')}
      actions={
        <Group gap="xs" align="flex-end">
          <NumberInput size="xs" w={110} label={t('renewals.within')} min={7} max={365} value={within} onChange={(v) => setWithin(Math.max(7, Math.min(365, Number(v) || 60)))} />
          <CollectionsExport sheets={[data]} view={t('tabs.renewals')} />
        </Group>
      }
      empty={list.length === 0 ? t('renewals.empty') : undefined}
      testId="renewals"
    >
      {error && (
        <Alert color="red" mb="xs">
          {error}
        </Alert>
      )}
      <Table striped highlightOnHover verticalSpacing={4} fz="sm" aria-label={data.name}>
        <Table.Thead>
          <Table.Tr>
            {data.columns.map((c) => (
              <Table.Th key={c.key} ta={c.kind === 'money' ? 'right' : undefined}>
                {c.header}
              </Table.Th>
            ))}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((c, i) => (
            <Table.Tr key={`${c.contract.id}-${c.reason.kind}-${'metric' in c.reason ? c.reason.metric : ''}`} data-kind={c.reason.kind}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
                  {data.rows[i]!.customer}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={contractLink(c.contract.id)} size="sm">
                  {c.contract.number}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {(c.reason.kind === 'usageNearCap' || c.reason.kind === 'usageRunsOut' || c.churnRisk) && (
                  <Badge size="xs" variant="light" mr={6} color={c.churnRisk ? 'red' : c.reason.kind === 'usageNearCap' ? 'teal' : 'orange'}>
                    {c.churnRisk ? tu('tag.risk') : c.reason.kind === 'usageNearCap' ? tu('tag.expansion') : tu('tag.topUp')}
                  </Badge>
                )}
                {why(c)}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={c.reason.daysLeft < 0 ? 'red.7' : undefined}>
                  {when(c)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Money minor={c.contract.amount} currency={c.contract.currency} size="sm" />
              </Table.Td>
              <Table.Td ta="right" w={140}>
                <Button size="compact-xs" variant="light" leftSection={<IconRepeat size={12} />} loading={busy === c.contract.id} onClick={() => void open(c)}>
                  {t('renewals.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </SectionCard>
  )
}
