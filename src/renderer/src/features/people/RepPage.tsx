import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { byAmountDesc } from '@shared/domain/deal-amount'
import { visitsToday } from '@shared/domain/cockpit-agenda'
import { DAY_MS } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { useNow } from '../../ui/use-now'
import { VisitsTable } from '../cockpit/CockpitHome'

export function RepPage(): React.ReactNode {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { timeZone } = useLocale()
  const { userById, orgUnitById, stageName } = useWorkspaceData()
  const now = useNow()
  const user = userById.get(id)
  const data = useLiveQuery(async () => {
    const db = getDb()
    const [deals, recent] = await Promise.all([
      db.deals.where('ownerId').equals(id).toArray(),
      db.activities.where('[userId+at]').between([id, now - 30 * DAY_MS], [id, now + DAY_MS]).toArray()
    ])
    return { deals, recent }
  }, [id, now])
  if (!user) return <Text>{t('rep.notFound')}</Text>
  if (!data) return <Text c="dimmed">{t('common.loading')}</Text>
  const today = visitsToday([user], data.recent, now, timeZone)
  const visits30 = data.recent.filter((a) => a.kind === 'visit' && a.status === 'done' && a.at <= now).length
  const open = data.deals.filter((d) => d.status === 'open' && !d.deleted).sort(byAmountDesc)

  return (
    <Stack gap="md">
      <div>
        <Group gap="xs">
          <Title order={2}>{user.name}</Title>
          {!user.active && <Badge color="gray">{t('rep.left')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {user.title} · {orgUnitById.get(user.orgUnitId)?.name}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="sm">
          <Text fw={600} mb="xs">
            {t('rep.visitsToday')}
          </Text>
          {today.length > 0 ? <VisitsTable rows={today} /> : <Text c="dimmed">{t('common.none')}</Text>}
          <Text size="sm" mt="sm">
            {t('rep.visits30')}: <b className="tabular">{visits30}</b> · {t('rep.perDay', { value: (visits30 / 22).toFixed(1) })}
          </Text>
        </Card>
        <Card withBorder padding="sm">
          <Text fw={600} mb="xs">
            {t('rep.deals')} ({open.length})
          </Text>
          <Table fz="sm" verticalSpacing={3}>
            <Table.Tbody>
              {open.slice(0, 30).map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/deals/${d.id}`} size="sm">
                      {d.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{stageName(d.processId, d.stageId)}</Table.Td>
                  <Table.Td ta="right">
                    <Money minor={d.amount} currency={d.currency} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  )
}
