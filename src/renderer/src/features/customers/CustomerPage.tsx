import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { Money } from '../../ui/Money'
import { ActivityList } from './ActivityList'

export function CustomerPage(): React.ReactNode {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { userById, stageName } = useWorkspaceData()
  const data = useLiveQuery(async () => {
    const db = getDb()
    const customer = await db.customers.get(id)
    if (!customer) return null
    const [contacts, deals, activities] = await Promise.all([
      db.contacts.where('customerId').equals(id).toArray(),
      db.deals.where('customerId').equals(id).toArray(),
      db.activities.where('[customerId+at]').between([id, 0], [id, Number.MAX_SAFE_INTEGER]).reverse().limit(50).toArray()
    ])
    return { customer, contacts, deals, activities }
  }, [id])
  if (data === undefined) return <Text c="dimmed">{t('common.loading')}</Text>
  if (data === null) return <Text>{t('customers.notFound')}</Text>
  const { customer: c, contacts, deals, activities } = data

  return (
    <Stack gap="md">
      <div>
        <Group gap="xs">
          <Title order={2}>{c.name}</Title>
          <Badge variant="light">{t(`customers.tier.${c.tier}`)}</Badge>
          {c.ownerId === null && <Badge color="yellow">{t('customers.inPool')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {[c.industry, t(`customers.sizes.${c.size}`), c.channel, c.city, c.address].filter(Boolean).join(' · ')}
        </Text>
        {c.ownerId && (
          <Text size="sm">
            {t('customers.owner')}:{' '}
            <Anchor component={Link} to={`/reps/${c.ownerId}`}>
              {userById.get(c.ownerId)?.name ?? '—'}
            </Anchor>
          </Text>
        )}
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">
              {t('customers.contacts')}
            </Text>
            <Table fz="sm" verticalSpacing={3}>
              <Table.Tbody>
                {contacts.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td c="dimmed">{p.title}</Table.Td>
                    <Table.Td c="dimmed">{p.phone}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">
              {t('customers.deals')}
            </Text>
            <Table fz="sm" verticalSpacing={3}>
              <Table.Tbody>
                {deals.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/deals/${d.id}`} size="sm">
                        {d.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{d.status === 'open' ? stageName(d.processId, d.stageId) : t(`deal.${d.status}`)}</Table.Td>
                    <Table.Td ta="right">
                      <Money minor={d.amount} currency={d.currency} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Stack>
        <Card withBorder padding="sm">
          <Text fw={600} mb="xs">
            {t('customers.activities')}
          </Text>
          <ActivityList activities={activities} />
        </Card>
      </SimpleGrid>
    </Stack>
  )
}
