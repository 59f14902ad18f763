import { createContext, memo, useContext, useState } from 'react'
import { Menu } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useDraggable } from '@dnd-kit/core'
import { IconArrowRight } from '@tabler/icons-react'
import type { Deal, SalesProcess } from '@shared/model'
import type { HealthFinding } from '@shared/domain/deal-health'
import { daysInStage, daysSince } from '@shared/domain/days'
import { useLocale } from '../../app/preferences'
import { formatDay, formatMoney, formatMoneyExact } from '../../ui/format'
import { HealthBadges } from './HealthBadges'
import { dragging } from './board-layout'

interface CardProps {
  deal: Deal
  process: SalesProcess
  findings: HealthFinding[]
  lastTouchAt: number | null
  owner: string
  now: number
  /** Days without a touch at which the card's touch line turns orange (the stalled threshold). */
  noTouchDays: number
  onMove(deal: Deal, toStageId: string): void
  /** The card's place in its column; ↑/↓ focus the neighbour. */
  index: number
  onFocusCard(index: number): void
}

/**
 * The draggable shell: dnd-kit re-renders every draggable when the drop target changes, so the
 * hook lives here and the card inside stays memoised.
 */
export function CardSlot(props: CardProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { deal } = props
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    attributes: { roleDescription: t('board.dragRole') }
  })
  return <DealCard {...props} dragRef={setNodeRef} listeners={listeners} attributes={attributes} isDragging={isDragging} />
}

type DragProps = Pick<ReturnType<typeof useDraggable>, 'listeners' | 'attributes'> & {
  dragRef(el: HTMLElement | null): void
  isDragging: boolean
}

const DealCard = memo(function DealCard({
  deal,
  process,
  findings,
  lastTouchAt,
  owner,
  now,
  noTouchDays,
  onMove,
  index,
  onFocusCard,
  dragRef,
  listeners,
  attributes,
  isDragging
}: CardProps & DragProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { t: td } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  const navigate = useNavigate()
  const [menuOpen, setMenuOpen] = useState(false)
  const customers = useCustomerName(deal.customerId)
  const days = daysInStage(deal, now, timeZone)
  const touchDays = lastTouchAt === null ? null : daysSince(lastTouchAt, now, timeZone)

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>): void {
    if (e.target !== e.currentTarget || dragging.current) {
      listeners?.onKeyDown?.(e)
      return
    }
    if (e.key === 'm' || e.key === 'M') {
      e.preventDefault()
      setMenuOpen(true)
    } else if (e.key === 'Enter') {
      navigate(`/deals/${deal.id}`)
    } else if (e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault()
      const idx = process.stages.findIndex((s) => s.id === deal.stageId)
      const next = process.stages[idx + (e.key === 'ArrowRight' ? 1 : -1)]
      if (next && next.kind === 'open') onMove(deal, next.id)
    } else if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault()
      onFocusCard(index + 1)
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault()
      onFocusCard(index - 1)
    } else listeners?.onKeyDown?.(e)
  }

  return (
    <div
      ref={dragRef}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      data-deal-id={deal.id}
      data-dragging={isDragging}
      aria-label={`${customers} · ${deal.name}`}
      className="pb-card"
    >
      <div className="pb-row">
        <span className="pb-trunc pb-customer">{customers}</span>
        {deal.amount === undefined ? (
          <span className="pb-dim" data-amount-not-set="">
            {t('dataset:amountNotSet')}
          </span>
        ) : (
          <span className="pb-amount tabular" title={formatMoneyExact(deal.amount, deal.currency, locale)}>
            {formatMoney(deal.amount, deal.currency, locale)}
          </span>
        )}
      </div>
      <div className="pb-row">
        <Link to={`/deals/${deal.id}`} className="pb-trunc pb-link" draggable={false}>
          {deal.name}
        </Link>
        <button
          type="button"
          className="pb-move"
          aria-label={t('board.moveTo')}
          title={t('board.moveTo')}
          tabIndex={-1}
          onClick={() => setMenuOpen(true)}
        >
          <IconArrowRight size={14} />
          {menuOpen && <MoveMenu deal={deal} process={process} onMove={onMove} onClose={() => setMenuOpen(false)} />}
        </button>
      </div>
      <div className="pb-row pb-dim">
        <span className="pb-trunc">
          {owner} · {t('board.daysInStage', { days })}
        </span>
        <span className={touchDays === null || touchDays >= noTouchDays ? 'pb-warn' : undefined} style={{ flexShrink: 0 }}>
          {touchDays === null
            ? t('board.neverTouched')
            : touchDays < 1
              ? t('board.touchedToday')
              : t('board.touchDaysAgo', { count: touchDays })}
        </span>
      </div>
      <div className={deal.nextStep ? 'pb-trunc' : 'pb-trunc pb-dim pb-italic'}>
        {deal.nextStep ? t('board.nextStep', { step: deal.nextStep }) : t('board.noNextStep')}
      </div>
      <div className="pb-badges pb-row">
        <HealthBadges findings={findings} />
        {/* A CRM export often has no close date for early deals: say so rather than invent one. */}
        <span className={deal.expectedCloseAt === undefined ? 'pb-dim pb-italic' : 'pb-dim'} style={{ flexShrink: 0 }}>
          {deal.expectedCloseAt === undefined ? td('cardCloseNotSet') : td('cardCloses', { date: formatDay(deal.expectedCloseAt, locale, timeZone) })}
        </span>
      </div>
    </div>
  )
})

/**
 * "Move to…", mounted only while open (a Menu per card was most of a card's cost), anchored on a
 * stand-in over the card's arrow button.
 */
function MoveMenu({
  deal,
  process,
  onMove,
  onClose
}: {
  deal: Deal
  process: SalesProcess
  onMove(deal: Deal, toStageId: string): void
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const stages = [...process.stages.filter((s) => s.kind === 'open'), ...process.stages.filter((s) => s.kind !== 'open')]
  return (
    <Menu
      opened
      onChange={(o) => !o && onClose()}
      position="bottom-end"
      withinPortal
      // Mounted by the M keydown itself: Menu's default "keydown outside closes" would catch that
      // very keydown on its way to the document and close the menu at once.
      clickOutsideEvents={CLOSE_MENU_ON}
      hideDetached={false}
    >
      <Menu.Target>
        <span className="pb-anchor" />
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()}>
        <Menu.Label>{t('board.moveTo')}</Menu.Label>
        {stages.map((s) => (
          <Menu.Item
            key={s.id}
            disabled={s.id === deal.stageId}
            c={s.kind === 'won' ? 'teal' : s.kind === 'lost' ? 'red' : undefined}
            onClick={() => onMove(deal, s.id)}
          >
            {s.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}

const CLOSE_MENU_ON = ['mousedown', 'touchstart']

/** What follows the pointer while a card is dragged. */
export function CardPreview({ deal }: { deal: Deal }): React.ReactNode {
  const { locale } = useLocale()
  const { t } = useTranslation('dataset')
  const customer = useCustomerName(deal.customerId)
  return (
    <div className="pb-overlay">
      <div className="pb-row">
        <span className="pb-trunc" style={{ fontWeight: 600 }}>
          {customer}
        </span>
        <span className="tabular" style={{ fontWeight: 700 }}>
          {deal.amount === undefined ? t('dataset:amountNotSet') : formatMoney(deal.amount, deal.currency, locale)}
        </span>
      </div>
      <div className="pb-trunc pb-dim">{deal.name}</div>
    </div>
  )
}

/** Customer names come from a context map so cards stay memoised. */
export const CustomerNames = createContext<ReadonlyMap<string, string>>(new Map())
function useCustomerName(id: string | undefined): string {
  const names = useContext(CustomerNames)
  const { t } = useTranslation()
  // A deal imported without an account says so, rather than a dash that reads like a missing name.
  if (id === undefined) return t('dataset:noCustomer')
  return names.get(id) ?? '—'
}
