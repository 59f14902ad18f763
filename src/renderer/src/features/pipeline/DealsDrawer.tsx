import { createContext, useCallback, useContext, useMemo, useState } from 'react'
import { Anchor, Drawer, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Deal } from '@shared/model'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { VirtualList } from '../../ui/VirtualList'
import { formatMoney } from '../../ui/format'
import { AmountsLeftOut, Money } from '../../ui/Money'
import { byAmountDesc } from '@shared/domain/deal-amount'
import { sumMoney } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { formatTotal, useTotalNote } from '../currency/MoneyTotal'
import { ExportMenu } from '../export/ExportMenu'
import { dealsTable } from '../export/tables'

const ROW = 48
/** Up to this many deals the list is plain markup; beyond, only the rows on screen are rendered. */
const PLAIN_LIST_MAX = 60

/** Opens the deals behind a figure: a title that says which figure, and the deals themselves. */
export type OpenDeals = (title: string, deals: readonly Deal[]) => void

const DealsDoor = createContext<OpenDeals | null>(null)

/**
 * "Every number is a door": any count, total or forecast figure in the pipeline opens this
 * drawer with the deals it was computed from, each one a link to its deal page.
 */
export function DealsDoorProvider({
  customers,
  children
}: {
  customers: ReadonlyMap<string, string>
  children: React.ReactNode
}): React.ReactNode {
  const [shown, setShown] = useState<{ title: string; deals: readonly Deal[] } | null>(null)
  const open = useCallback<OpenDeals>((title, deals) => setShown({ title, deals }), [])
  return (
    <DealsDoor.Provider value={open}>
      {children}
      <DealsDrawer shown={shown} customers={customers} onClose={() => setShown(null)} />
    </DealsDoor.Provider>
  )
}

/** The opener; outside a provider (the bench's bare board) numbers open nothing. */
export function useDealsDoor(): OpenDeals {
  return useContext(DealsDoor) ?? noDoor
}
const noDoor: OpenDeals = () => undefined

export function DealsDrawer({
  shown,
  customers,
  onClose
}: {
  shown: { title: string; deals: readonly Deal[] } | null
  customers: ReadonlyMap<string, string>
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const { userById, orgUnitById, processById, stageName } = useWorkspaceData()
  const deals = useMemo(() => [...(shown?.deals ?? [])].sort(byAmountDesc), [shown])
  const rates = useCurrencyRates()
  const total = useMemo(() => sumMoney(deals, rates), [deals, rates])
  const note = useTotalNote()(total, rates)
  const title = shown?.title ?? ''
  return (
    <Drawer
      opened={shown !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={
        <Group gap="sm" wrap="nowrap">
          <Text fw={600}>{title}</Text>
          <ExportMenu title={title} tables={() => [dealsTable(title, deals, { customers, userById, orgUnitById, processById, stageName }, t)]} />
        </Group>
      }
    >
      <Text size="sm" c="dimmed" mb="xs" data-testid="door-summary">
        <span title={note || undefined}>{t('door.summary', { count: deals.length, amount: formatTotal(total, locale) })}</span>
        <AmountsLeftOut count={total.unset} ml={6} />
      </Text>
      {deals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('door.empty')}
        </Text>
      ) : deals.length <= PLAIN_LIST_MAX ? (
        <div role="list" aria-label={shown?.title ?? ''}>
          {deals.map((d) => (
            <div role="listitem" key={d.id}>
              <DealRow deal={d} customer={(d.customerId && customers.get(d.customerId)) || '—'} onOpen={onClose} />
            </div>
          ))}
        </div>
      ) : (
        <VirtualList
          label={shown?.title ?? ''}
          items={deals}
          rowHeight={ROW}
          height={Math.min(deals.length * ROW, 640)}
          getKey={(d) => d.id}
          renderRow={(d) => <DealRow deal={d} customer={(d.customerId && customers.get(d.customerId)) || '—'} onOpen={onClose} />}
        />
      )}
    </Drawer>
  )
}

function DealRow({ deal: d, customer, onOpen }: { deal: Deal; customer: string; onOpen(): void }): React.ReactNode {
  const { locale } = useLocale()
  const { stageName, userById } = useWorkspaceData()
  return (
    <Group
      h={ROW}
      gap="xs"
      wrap="nowrap"
      justify="space-between"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <div style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500} truncate display="block" onClick={onOpen}>
          {d.name}
        </Anchor>
        <Text size="xs" c="dimmed" truncate>
          {customer} · {stageName(d.processId, d.stageId)} · {userById.get(d.ownerId)?.name ?? '—'}
        </Text>
      </div>
      {d.amount === undefined ? (
        <Money minor={undefined} size="sm" style={{ flexShrink: 0 }} />
      ) : (
        <Text size="sm" fw={600} className="tabular" style={{ flexShrink: 0 }}>
          {formatMoney(d.amount, d.currency, locale)}
        </Text>
      )}
    </Group>
  )
}

/**
 * A figure that opens its deals: looks like the number it is, reads as a button. Plain markup,
 * since boards render dozens of these.
 */
export function DoorButton({
  title,
  deals,
  children,
  className
}: {
  /** What the drawer's title says, e.g. "Proposal · weighted". */
  title: string
  deals: readonly Deal[] | (() => readonly Deal[])
  children: React.ReactNode
  className?: string
}): React.ReactNode {
  const open = useDealsDoor()
  return (
    <button
      type="button"
      className={`pb-door${className ? ` ${className}` : ''}`}
      title={title}
      onClick={(e) => {
        e.stopPropagation()
        open(title, typeof deals === 'function' ? deals() : deals)
      }}
    >
      {children}
    </button>
  )
}
