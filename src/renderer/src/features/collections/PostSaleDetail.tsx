import { useTranslation } from 'react-i18next'
import type { TimelineEvent } from '@shared/domain/timeline'
import { formatMoney, formatMoneyExact, type Locale } from '../../ui/format'
import { contractLink } from './tables'

/**
 * The detail line of a post-sale event in the mixed timeline: the contract it belongs to (a
 * link), the amount, and what happened to the money — what a collection settled or left open,
 * how long an instalment has been (or was) overdue, how late a milestone is.
 */
export function PostSaleDetail({ e, locale, navigate }: { e: TimelineEvent; locale: Locale; navigate?(to: string): void }): React.ReactNode {
  const { t } = useTranslation('collections')
  const p = e.postSale
  if (!p) return null
  const money = (n: number): React.ReactNode => (
    <span className="tabular tl-strong" title={formatMoneyExact(n, p.currency, locale)}>
      {formatMoney(n, p.currency, locale)}
    </span>
  )
  const to = contractLink(p.contractId)
  const link = (
    <a
      href={`#${to}`}
      className="tl-link"
      data-contract-id={p.contractId}
      onClick={(ev) => {
        if (!navigate) return
        ev.preventDefault()
        navigate(to)
      }}
    >
      {p.contractNumber}
    </a>
  )
  const label = p.instalmentLabel ?? (p.instalmentSeq !== undefined ? t('line.default', { n: p.instalmentSeq }) : '')
  switch (e.kind) {
    case 'contract_signed':
      return (
        <>
          {link}
          {p.amount !== undefined && money(p.amount)}
        </>
      )
    case 'invoice':
      return (
        <>
          {link}
          <span className="tl-dim">{p.invoiceNumber}</span>
          {p.amount !== undefined && money(p.amount)}
          {label && <span className="tl-dim">{label}</span>}
        </>
      )
    case 'collection':
      return (
        <>
          {p.amount !== undefined && money(p.amount)}
          {p.method && <span className="tl-dim">{t(`method.${p.method}`)}</span>}
          <span className="tl-dim tl-clip" data-collection-effect>
            {p.leftOpen !== undefined && p.leftOpen > 0
              ? t('timeline.leftOpen', { amount: formatMoney(p.leftOpen, p.currency, locale), label })
              : label
                ? t('timeline.settles', { label })
                : ''}
            {p.overpaid ? ` · ${t('timeline.overpaid', { amount: formatMoney(p.overpaid, p.currency, locale) })}` : ''}
          </span>
          {link}
        </>
      )
    case 'instalment_overdue':
      return (
        <>
          <span className="tl-strong">{label}</span>
          <span className="tl-dim" data-overdue-days={p.daysOverdue}>
            {p.settledDay !== undefined
              ? t('timeline.overdueSettled', { amount: formatMoney(p.outstanding ?? 0, p.currency, locale), count: p.daysOverdue ?? 0 })
              : t('timeline.overdueOpen', { amount: formatMoney(p.outstanding ?? 0, p.currency, locale), count: p.daysOverdue ?? 0 })}
          </span>
          {link}
        </>
      )
    case 'milestone':
      return (
        <>
          <span className="tl-strong">{p.milestoneName ?? (p.milestoneKind ? t(`milestone.kind.${p.milestoneKind}`) : '')}</span>
          {e.planned && <span className="tl-dim">{t('timeline.plannedFor')}</span>}
          {p.lateDays !== undefined && p.lateDays > 0 && <span className="tl-dim">{t('timeline.late', { count: p.lateDays })}</span>}
          {link}
        </>
      )
    default:
      return null
  }
}
