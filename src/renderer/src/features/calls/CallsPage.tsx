import { useMemo } from 'react'
import { Alert, Anchor, Badge, Card, Table, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { formatDate, formatTime } from '../../ui/format'

export function CallsPage(): React.ReactNode {
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const { contains } = useScope()
  const data = useLiveQuery(async () => {
    const db = getDb()
    const calls = await db.activities.where('kind').equals('call').reverse().sortBy('at')
    const customers = new Map((await db.customers.toArray()).map((c) => [c.id, c.name]))
    return { calls, customers }
  }, [])
  const rows = useMemo(() => {
    if (!data) return []
    return data.calls
      .filter((a) => {
        const u = userById.get(a.userId)
        return u ? contains({ orgUnitId: u.orgUnitId, ownerId: u.id }) : false
      })
      .slice(0, 100)
  }, [data, userById, contains])

  return (
    <div>
      <PageHeader title={t('calls.title')} />
      <Alert variant="light" mb="md" py={6}>
        <Text size="sm">{t('calls.intro')}</Text>
      </Alert>
      <Card withBorder padding="sm">
        <Text fw={600} mb="xs">
          {t('calls.recent')}
        </Text>
        <Table fz="sm" verticalSpacing={3}>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td className="tabular" w={170}>
                  {formatDate(a.at, locale, timeZone)} {formatTime(a.at, locale, timeZone)}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                    {data?.customers.get(a.customerId)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{userById.get(a.userId)?.name}</Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={a.connected ? 'teal' : 'gray'}>
                    {a.connected ? t('calls.connected') : t('calls.missed')}
                  </Badge>
                </Table.Td>
                <Table.Td className="tabular">
                  {a.durationSec ? t('calls.duration', { minutes: Math.floor(a.durationSec / 60), seconds: a.durationSec % 60 }) : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </div>
  )
}
