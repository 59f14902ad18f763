import { useMemo } from 'react'
import { Alert, Anchor, Card, Table, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { Money } from '../../ui/Money'
import { formatDate } from '../../ui/format'

/** The big deals in scope; each will get its strategy sheet here. */
export function WarRoomPage(): React.ReactNode {
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const { processById, userById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const deals = useLiveQuery(() => getDb().deals.where('status').equals('open').toArray(), [])
  const big = useMemo(
    () => (deals ?? []).filter((d) => !d.deleted && contains(d) && isBigDeal(d, processById)).sort((a, b) => b.amount - a.amount),
    [deals, contains, processById]
  )
  return (
    <div>
      <PageHeader title={t('warRoom.title')} />
      <Alert variant="light" mb="md" py={6}>
        <Text size="sm">{t('warRoom.intro')}</Text>
      </Alert>
      <Card withBorder padding="sm">
        <Text fw={600} mb="xs">
          {t('warRoom.list')} ({big.length})
        </Text>
        <Table fz="sm" verticalSpacing={4} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deal.customer')}</Table.Th>
              <Table.Th>{t('deal.stage')}</Table.Th>
              <Table.Th>{t('deal.owner')}</Table.Th>
              <Table.Th>{t('deal.closeDate')}</Table.Th>
              <Table.Th ta="right">{t('deal.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {big.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/deals/${d.id}`} size="sm">
                    {d.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{stageName(d.processId, d.stageId)}</Table.Td>
                <Table.Td>{userById.get(d.ownerId)?.name}</Table.Td>
                <Table.Td className="tabular">{formatDate(d.expectedCloseAt, locale, timeZone)}</Table.Td>
                <Table.Td ta="right">
                  <Money minor={d.amount} currency={d.currency} size="sm" fw={600} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </div>
  )
}
