import { useMemo } from 'react'
import { Alert, Anchor, Badge, Card, Group, Progress, Table, Text, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { byAmountDesc } from '@shared/domain/deal-amount'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { completeness, redFlags } from '@shared/domain/strategy-sheet'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { Money } from '../../ui/Money'
import { useNow } from '../../ui/use-now'
import { formatDate, formatPercent } from '../../ui/format'
import { StrategySheetPage } from './StrategySheetPage'
import { SheetPrintPage } from './SheetPrintPage'
import { AccountPlanPage } from './AccountPlanPage'
import { loadSheetSummaries } from './sheet-summaries'

// Read by the cockpit home's agenda too, from its own small module (the home loads without this page).
export { loadSheetSummaries }

/**
 * `/war-room` lists the big deals and strategic accounts; `/war-room/:dealId` is one deal's
 * strategy sheet, `…/print` its A4 print view; `/war-room/account/:customerId` a strategic
 * customer's account business plan.
 */
export function WarRoomPage({ view = 'sheet' }: { view?: 'sheet' | 'print' | 'account' }): React.ReactNode {
  const { dealId, customerId } = useParams()
  if (view === 'account' && customerId) return <AccountPlanPage key={customerId} customerId={customerId} />
  if (view === 'print' && dealId) return <SheetPrintPage key={dealId} dealId={dealId} />
  if (dealId) return <StrategySheetPage key={dealId} dealId={dealId} />
  return <WarRoomList />
}

function WarRoomList(): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { processById, userById } = useWorkspaceData()
  const { contains } = useScope()
  const deals = useLiveQuery(() => getDb().deals.where('status').equals('open').toArray(), [])
  const customers = useLiveQuery(() => getDb().customers.toArray(), [])
  const sheets = useLiveQuery(loadSheetSummaries, [])
  const customerName = useMemo(() => new Map((customers ?? []).map((c) => [c.id, c.name])), [customers])
  const big = useMemo(
    () => (deals ?? []).filter((d) => !d.deleted && contains(d) && isBigDeal(d, processById)).sort(byAmountDesc),
    [deals, contains, processById]
  )
  const strategic = useMemo(
    () => (customers ?? []).filter((c) => !c.deleted && c.tier === 'strategic' && contains(c)).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [customers, contains, locale]
  )
  const now = useNow()
  return (
    <div>
      <PageHeader title={t('title')} subtitle={t('subtitle', { count: big.length })} />
      <Alert variant="light" mb="md" py={6}>
        <Text size="sm">{t('intro')}</Text>
      </Alert>
      <Card withBorder padding="sm">
        <Table fz="sm" verticalSpacing={4} highlightOnHover aria-label={t('list')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.deal')}</Table.Th>
              <Table.Th>{t('col.owner')}</Table.Th>
              <Table.Th ta="right">{t('col.amount')}</Table.Th>
              <Table.Th w={150}>{t('col.completeness')}</Table.Th>
              <Table.Th>{t('col.flags')}</Table.Th>
              <Table.Th>{t('col.nextAction')}</Table.Th>
              <Table.Th>{t('col.lastChange')}</Table.Th>
              <Table.Th>{t('col.working')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {big.map((d) => {
              const sheet = sheets?.get(d.id)
              const done = sheet ? completeness(sheet).ratio : 0
              const flags = sheet ? redFlags(sheet, { now }).length : null
              const next = sheet?.actions.filter((a) => a.chosen && a.dueAt !== null).sort((a, b) => a.dueAt! - b.dueAt!)[0]
              const last = sheet?.editors[0]
              return (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/war-room/${d.id}`} size="sm" fw={500}>
                      {d.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {d.customerId === undefined ? '—' : customerName.get(d.customerId)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{userById.get(d.ownerId)?.name}</Table.Td>
                  <Table.Td ta="right">
                    <Money minor={d.amount} currency={d.currency} size="sm" fw={600} />
                  </Table.Td>
                  <Table.Td>
                    {sheet ? (
                      <>
                        <Progress value={done * 100} size="sm" color={done >= 0.75 ? 'teal' : done >= 0.4 ? 'yellow' : 'red'} />
                        <Text size="xs" c="dimmed">
                          {formatPercent(done, locale)}
                        </Text>
                      </>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('noSheet')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {flags !== null && (
                      <Badge color={flags ? 'red' : 'teal'} variant="light">
                        {flags}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {next ? (
                      <Text size="xs" c={next.dueAt! < now ? 'red' : undefined}>
                        {formatDate(next.dueAt!, locale, timeZone)} · {next.text}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td className="tabular">{last ? formatDate(last.at, locale, timeZone) : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{sheet ? sheet.editors.slice(0, 3).map((e) => userById.get(e.userId)?.name ?? e.userId).join(t('listSeparator')) : ''}</Text>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder padding="sm" mt="md">
        <Title order={4}>{t('account.list')}</Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('account.listIntro')}
        </Text>
        {strategic.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('account.none')}
          </Text>
        ) : (
          <Group gap="xs" role="list" aria-label={t('account.list')}>
            {strategic.map((c) => (
              <Anchor key={c.id} role="listitem" component={Link} to={`/war-room/account/${c.id}`} size="sm">
                {c.name}
              </Anchor>
            ))}
          </Group>
        )}
      </Card>
    </div>
  )
}
