import { useMemo } from 'react'
import { Anchor, Badge, Card, Group, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { dayOfDate } from '@shared/domain/collections'
import { collectionsNeedingAttention, type AttentionItem } from '@shared/domain/collections-metrics'
import { useWorkspaceData } from '../../app/workspace-data'
import { Money } from '../../ui/Money'
import { lineName, milestoneName } from './labels'
import { contractLink } from './tables'
import { usePostSaleWorkspace } from './use-post-sale-data'

const ROWS = 8

/**
 * "Collections that need me today" on the cockpit home: overdue instalments, those due today
 * or in the next days, and those held up by an acceptance past its planned day — ranked by
 * what is at stake, each line opening its contract.
 */
export function CollectionsTodayCard(): React.ReactNode {
  const { t } = useTranslation('collections')
  const { userById } = useWorkspaceData()
  const ws = usePostSaleWorkspace()
  const items = useMemo(() => {
    if (!ws) return null
    const milestones = new Map(ws.rows.milestones.filter((m) => !m.deleted).map((m) => [m.id, m]))
    return {
      list: collectionsNeedingAttention(ws.states, {
        today: ws.today,
        rates: ws.rates,
        milestoneDay: (id) => {
          const m = milestones.get(id)
          return m ? dayOfDate(m.plannedDate) : null
        }
      }),
      milestones
    }
  }, [ws])
  if (!ws || !items) return null
  const reason = (i: AttentionItem): { text: string; color: string } => {
    switch (i.reason.kind) {
      case 'overdue':
        return { text: t('home.overdue', { count: i.reason.days }), color: i.reason.days >= 30 ? 'red' : 'orange' }
      case 'dueToday':
        return { text: t('home.dueToday'), color: 'yellow' }
      case 'dueSoon':
        return { text: t('home.dueSoon', { count: i.reason.days }), color: 'blue' }
      case 'gateLate':
        return { text: t('home.gateLate', { count: i.reason.days, milestone: milestoneName(items.milestones.get(i.reason.milestoneId), t) }), color: 'grape' }
    }
  }
  return (
    <Card withBorder padding="sm" component="section" aria-label={t('home.title')} data-testid="collections-today">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('home.title')}</Text>
        <Anchor component={Link} to="/collections?tab=overdue" size="xs">
          {t('home.all')}
        </Anchor>
      </Group>
      {items.list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('home.empty')}
        </Text>
      ) : (
        <Table highlightOnHover verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {items.list.slice(0, ROWS).map((i) => {
              const r = reason(i)
              const c = i.state.contract
              return (
                <Table.Tr key={i.line.key}>
                  <Table.Td>
                    <Anchor component={Link} to={contractLink(c.id)} size="sm" fw={500}>
                      {ws.customers.get(c.customerId)?.name ?? c.number}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t('home.line', { label: `${c.number} ${lineName(i.line, t)}`, collector: userById.get(c.collectorId)?.name ?? '—' })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Money minor={i.amount} currency={c.currency} size="sm" fw={600} />
                  </Table.Td>
                  <Table.Td ta="right" w={150}>
                    <Badge color={r.color} variant="light" tt="none" styles={{ label: { overflow: 'visible' } }}>
                      {r.text}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
      {items.list.length > ROWS && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('home.more', { count: items.list.length - ROWS })}
        </Text>
      )}
    </Card>
  )
}
