import { memo } from 'react'
import { ThemeIcon, type MantineColor } from '@mantine/core'
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconBrandWechat,
  IconCalendarEvent,
  IconCash,
  IconChecklist,
  IconCheck,
  IconCoin,
  IconCurrencyYuan,
  IconFileCertificate,
  IconFileInvoice,
  IconFlag,
  IconFlag3,
  IconHandGrab,
  IconListDetails,
  IconMail,
  IconMapPin,
  IconMasksTheater,
  IconMessage,
  IconMessage2,
  IconMessageCircle,
  IconNote,
  IconPhone,
  IconPhoneOff,
  IconPlayerPlay,
  IconPresentation,
  IconQuestionMark,
  IconReceipt,
  IconShieldCheck,
  IconSignature,
  IconStairsUp,
  IconTruckDelivery,
  IconUserShare,
  IconUsersGroup,
  type Icon
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { Activity, ActivityKind, Deal } from '@shared/model'
import { kindGroup, type KindGroup, type TimelineEvent, type TimelineKind } from '@shared/domain/timeline'
import type { PostSaleKind } from '@shared/domain/post-sale-timeline'
import { PostSaleDetail } from '../collections/PostSaleDetail'
import { formatDate, formatMoney, formatMoneyExact, type Locale } from '../../ui/format'
import type { CallSnippet } from './use-timeline-data'
import './timeline.css'

/** Everything a row needs besides its event; one object so rows stay memo-friendly. */
export interface RowContext {
  locale: Locale
  timeZone: string
  userName(id: string): string
  contact(id: string): { name: string; title: string } | undefined
  deal(id: string): Deal | undefined
  stageName(dealId: string, stageId: string): string
  /** On a customer's timeline each row says which deal it belongs to. */
  showDeal: boolean
  /** A transcript line of a recorded call, by recording id. */
  snippet?(recordingId: string): CallSnippet | undefined
  /** In-app navigation (deal links, the call player); plain links when absent. */
  navigate?(to: string): void
  /** Marks a task done through the write path; without it tasks show no button. */
  completeTask?(task: TimelineEvent): void
  /** Opens or closes a row's full text and behaviour sheet. */
  toggle?(e: TimelineEvent): void
}

/** One colour per kind group, the same in chips, icons and replay. */
export const groupColor: Record<KindGroup, MantineColor> = {
  visits: 'blue',
  calls: 'teal',
  messages: 'cyan',
  documents: 'indigo',
  money: 'green',
  dealChanges: 'orange',
  pool: 'yellow',
  coaching: 'grape',
  audit: 'red',
  other: 'gray'
}

/** An overdue instalment is a warning, whatever its group's colour. */
function kindColor(kind: TimelineKind): MantineColor {
  return kind === 'instalment_overdue' ? 'red' : groupColor[kindGroup(kind)]
}

export function KindIcon({ kind, size = 28, off = false }: { kind: TimelineKind; size?: number; off?: boolean }): React.ReactNode {
  const Glyph = off ? IconPhoneOff : presenters[kind].icon
  return (
    <ThemeIcon variant="light" color={off ? 'gray' : kindColor(kind)} size={size} radius="xl" aria-hidden>
      <Glyph size={Math.round(size * 0.6)} stroke={1.8} />
    </ThemeIcon>
  )
}

/**
 * Rows are plain elements with inline styles and a height known from the data: at 50,000
 * events a fast scroll renders a fresh screenful every frame, and Mantine's style props, a
 * Tooltip per amount and a measured height per row made single frames take 100+ ms.
 */
const LINE = 20
const PAD = 12
const MIN_ROW = 40
/** Text longer than this may not fit one line; the row offers "more". */
const ONE_LINE_CHARS = 40

export const DAY_ROW_HEIGHT = 34

/** Colours of a kind group as CSS variables for .tl-icon / .tl-badge. */
const tone = new Map<string, React.CSSProperties>()
function toneOf(color: MantineColor): React.CSSProperties {
  let v = tone.get(color)
  if (!v) tone.set(color, (v = { ['--tl-bg' as string]: `var(--mantine-color-${color}-light)`, ['--tl-fg' as string]: `var(--mantine-color-${color}-light-color)` }))
  return v
}

function Badge({ color, children, ...rest }: { color: MantineColor; children: React.ReactNode } & Record<`data-${string}`, string>): React.ReactNode {
  return (
    <span className="tl-badge" style={toneOf(color)} {...rest}>
      {children}
    </span>
  )
}

/** A link that navigates inside the app (one shared navigate, not a router hook per row). */
function RowLink({ to, ctx, children, ...rest }: { to: string; ctx: RowContext; children: React.ReactNode; title?: string } & Partial<Record<`data-${string}`, string>>): React.ReactNode {
  return (
    <a
      href={`#${to}`}
      className="tl-link"
      onClick={(ev) => {
        if (!ctx.navigate) return
        ev.preventDefault()
        ctx.navigate(to)
      }}
      {...rest}
    >
      {children}
    </a>
  )
}

function duration(sec: number): string {
  const m = Math.floor(sec / 60)
  const s = sec % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

/** Where in the call player a moment of a recording opens. */
export function callLink(recordingId: string, atMs?: number): string {
  return `/calls?recording=${encodeURIComponent(recordingId)}${atMs !== undefined ? `&t=${Math.max(0, Math.round(atMs))}` : ''}`
}

/** Labels by language and kind (+ visit kind): one i18next lookup per label, not per row. */
const labelCache = new Map<string, string>()
/** The kind's name, as the manager says it: "拜访 · 促单", "陪访", "阶段推进". */
function kindLabel(e: TimelineEvent, t: TFunction<'timeline'>, language: string): string {
  if (e.kind === 'unknown') return t('kind.unknown', { kind: e.rawKind || '?' })
  const key = `${language}|${e.kind}|${e.activity?.visitKind ?? ''}`
  let l = labelCache.get(key)
  if (l === undefined) labelCache.set(key, (l = kindLabelOf(e, t)))
  return l
}

function kindLabelOf(e: TimelineEvent, t: TFunction<'timeline'>): string {
  const base = presenters[e.kind].label(t)
  const vk = e.activity?.visitKind
  return vk ? `${base} · ${t(`common:visitKinds.${vk}`)}` : base
}

/** A kind's name without an event (chips, the replay's counts, exports): the presenter's label. */
export function kindName(kind: TimelineKind, t: TFunction<'timeline'>): string {
  return presenters[kind].label(t)
}

const timeFormats = new Map<string, Intl.DateTimeFormat>()
/** HH:mm in the reader's zone, with one cached formatter per locale and zone. */
function timeOf(ms: number, ctx: Pick<RowContext, 'locale' | 'timeZone'>): string {
  const key = `${ctx.locale}|${ctx.timeZone}`
  let f = timeFormats.get(key)
  if (!f) timeFormats.set(key, (f = new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.timeZone, hour: '2-digit', minute: '2-digit', hour12: false })))
  return f.format(ms)
}

const sheetKeys = ['objective', 'conversationLogic', 'needsUncovered', 'impressionLeft'] as const

/** What a row shows besides its header line; its height follows from this alone. */
export interface RowLayout {
  detail: boolean
  text: string
  snippet: CallSnippet | undefined
  sheet: number
  expandable: boolean
}

/** Which lines a row has; cheap (no string building): the list asks for all 50,000 rows. */
function rowLines(e: TimelineEvent, ctx: Pick<RowContext, 'snippet'>): { detail: boolean; text: boolean; snippet: CallSnippet | undefined; sheet: number } {
  const a = e.activity
  const p = presenters[e.kind]
  let sheet = 0
  if (p.sheet && a?.behaviour) for (const k of sheetKeys) if (a.behaviour[k]) sheet++
  const detail = p.hasDetail?.(e, sheet) ?? false
  const snippet = e.kind === 'call' && a?.recordingId && ctx.snippet ? ctx.snippet(a.recordingId) : undefined
  const text = e.comment ? !!e.comment.body : !!(a && (a.subject || a.body))
  return { detail, text, snippet, sheet }
}

export function rowLayout(e: TimelineEvent, ctx: Pick<RowContext, 'snippet'>): RowLayout {
  const l = rowLines(e, ctx)
  const a = e.activity
  let text = ''
  if (e.comment) text = e.comment.body
  else if (a && l.text) text = [a.subject, a.body].filter(Boolean).join(a.subject && a.body ? ' — ' : '')
  return { detail: l.detail, text, snippet: l.snippet, sheet: l.sheet, expandable: l.sheet > 0 || text.length > ONE_LINE_CHARS || text.includes('\n') }
}

/** The collapsed row's height in px, known without rendering it. */
export function rowHeight(e: TimelineEvent, ctx: Pick<RowContext, 'snippet'>): number {
  const l = rowLines(e, ctx)
  const lines = 1 + (l.detail ? 1 : 0) + (l.text ? 1 : 0) + (l.snippet ? 1 : 0)
  return Math.max(MIN_ROW, PAD + lines * LINE)
}

function FromTo({ from, to }: { from: React.ReactNode; to: React.ReactNode }): React.ReactNode {
  return (
    <>
      <span className="tl-strike">{from}</span>→<span className="tl-strong">{to}</span>
    </>
  )
}

function Amount({ minor, currency, locale }: { minor: number; currency: string; locale: Locale }): React.ReactNode {
  return (
    <span className="tabular" title={formatMoneyExact(minor, currency, locale)}>
      {formatMoney(minor, currency, locale)}
    </span>
  )
}

interface DetailProps {
  e: TimelineEvent
  a: Activity | undefined
  ctx: RowContext
  t: TFunction<'timeline'>
  /** The deal's currency, for amounts. */
  currency: string
}

/**
 * What each kind of event shows besides its header: its icon, whether it has a detail line
 * (asked for every row, so cheap and without strings) and that line. One entry per kind, so a
 * new kind does not compile until it says how it looks.
 */
interface Presenter {
  icon: Icon
  /** The kind's name in the reader's language (a visit adds its visit kind in the row). */
  label(t: TFunction<'timeline'>): string
  hasDetail?(e: TimelineEvent, sheet: number): boolean
  Detail?(p: DetailProps): React.ReactNode
  /** Carries the behaviour control sheet (opens with the row). */
  sheet?: true
}

const moneyMoved: Presenter['hasDetail'] = (e) => typeof e.activity?.from === 'number' && typeof e.activity.to === 'number'
const hasAmount: Presenter['hasDetail'] = (e) => e.activity?.amount !== undefined

function AmountDetail({ a, ctx, currency }: DetailProps): React.ReactNode {
  return a?.amount !== undefined ? (
    <span className="tl-strong">
      <Amount minor={a.amount} currency={currency} locale={ctx.locale} />
    </span>
  ) : null
}

function PostSale({ e, ctx }: DetailProps): React.ReactNode {
  return <PostSaleDetail e={e} locale={ctx.locale} navigate={ctx.navigate} />
}

/** Activity kinds are named in the common namespace, shared with forms and filters. */
const named = (kind: ActivityKind): Pick<Presenter, 'label'> => ({ label: (t) => t(`common:kinds.${kind}`) })

/** Post-sale kinds are named by the collections feature that owns them. */
const postSale = (kind: PostSaleKind): Omit<Presenter, 'icon'> => ({ label: (t) => t(`collections:timeline.kind.${kind}`), hasDetail: (e) => !!e.postSale, Detail: PostSale })

const presenters: Record<TimelineKind, Presenter> = {
  visit: { ...named('visit'), icon: IconMapPin },
  call: {
    ...named('call'),
    icon: IconPhone,
    hasDetail: (e) => !!e.activity,
    Detail: ({ a, ctx, t }) =>
      a ? (
        <>
          <Badge color={a.connected ? 'teal' : 'gray'}>{a.connected ? t('row.connected') : t('row.notConnected')}</Badge>
          {a.durationSec !== undefined && (a.connected || a.durationSec > 0) && <span className="tabular tl-dim">{duration(a.durationSec)}</span>}
          {a.recordingId && (
            <RowLink to={callLink(a.recordingId)} ctx={ctx} data-recording-id={a.recordingId} title={t('row.openPlayer')}>
              <IconPlayerPlay size={12} className="tl-glyph" /> {t('row.recorded')}
            </RowLink>
          )}
        </>
      ) : null
  },
  sms: { ...named('sms'), icon: IconMessage },
  email: { ...named('email'), icon: IconMail },
  wechat: { ...named('wechat'), icon: IconBrandWechat },
  task: {
    ...named('task'),
    icon: IconChecklist,
    hasDetail: (e) => !!e.activity,
    Detail: ({ e, a, ctx, t }) =>
      a ? (
        <>
          <span className="tl-dim tl-clip">
            {a.otherUserId ? t('row.assignedTo', { name: ctx.userName(a.otherUserId) }) : ''}
            {a.dueAt ? ` · ${t('row.due', { date: formatDate(a.dueAt, ctx.locale, ctx.timeZone) })}` : ''}
          </span>
          {e.done ? (
            <Badge color="green" data-task-done={e.id}>
              <IconCheck size={10} className="tl-glyph" /> {t('row.doneOn', { date: formatDate(e.done.at, ctx.locale, ctx.timeZone) })}
            </Badge>
          ) : (
            ctx.completeTask &&
            a.status !== 'cancelled' && (
              <button type="button" className="tl-link" data-complete-task={e.id} onClick={() => ctx.completeTask?.(e)}>
                <IconCheck size={12} className="tl-glyph" /> {t('row.markDone')}
              </button>
            )
          )}
        </>
      ) : null
  },
  quote: { ...named('quote'), icon: IconReceipt, hasDetail: hasAmount, Detail: AmountDetail },
  requirement: { ...named('requirement'), icon: IconListDetails },
  proposal: { ...named('proposal'), icon: IconPresentation },
  contract: { ...named('contract'), icon: IconSignature, hasDetail: hasAmount, Detail: AmountDetail },
  delivery: { ...named('delivery'), icon: IconTruckDelivery, hasDetail: hasAmount, Detail: AmountDetail },
  payment: { ...named('payment'), icon: IconCash, hasDetail: hasAmount, Detail: AmountDetail },
  note: { ...named('note'), icon: IconNote },
  ride_along: {
    ...named('ride_along'),
    icon: IconUsersGroup,
    sheet: true,
    hasDetail: (e, sheet) => !!e.activity?.otherUserId || sheet > 0,
    Detail: ({ a, ctx, t }) => (a?.otherUserId ? <span className="tl-dim">{t('row.rodeAlong', { manager: ctx.userName(a.otherUserId) })}</span> : null)
  },
  role_play: { ...named('role_play'), icon: IconMasksTheater },
  amount_change: {
    ...named('amount_change'),
    icon: IconCurrencyYuan,
    hasDetail: moneyMoved,
    Detail: ({ a, ctx, currency }) =>
      typeof a?.from === 'number' && typeof a.to === 'number' ? (
        <FromTo from={<Amount minor={a.from} currency={currency} locale={ctx.locale} />} to={<Amount minor={a.to} currency={currency} locale={ctx.locale} />} />
      ) : null
  },
  close_date_change: {
    ...named('close_date_change'),
    icon: IconCalendarEvent,
    hasDetail: moneyMoved,
    Detail: ({ a, ctx }) =>
      typeof a?.from === 'number' && typeof a.to === 'number' ? (
        <FromTo from={formatDate(a.from, ctx.locale, ctx.timeZone)} to={formatDate(a.to, ctx.locale, ctx.timeZone)} />
      ) : null
  },
  owner_change: {
    ...named('owner_change'),
    icon: IconUserShare,
    hasDetail: (e) => !!e.activity,
    Detail: ({ a, ctx, t }) => (
      <FromTo
        from={typeof a?.from === 'string' ? ctx.userName(a.from) : t('row.nobody')}
        to={typeof a?.to === 'string' ? ctx.userName(a.to) : t('row.nobody')}
      />
    )
  },
  pool_claim: { ...named('pool_claim'), icon: IconHandGrab },
  pool_reclaim: { ...named('pool_reclaim'), icon: IconArrowBackUp },
  big_deal_flag: { ...named('big_deal_flag'), icon: IconFlag },
  audit_result: { ...named('audit_result'), icon: IconShieldCheck },
  coaching_comment: { ...named('coaching_comment'), icon: IconMessageCircle },
  call_comment: {
    label: (t) => t('kind.callComment'),
    icon: IconMessageCircle,
    hasDetail: (e) => !!e.comment,
    Detail: ({ e, ctx, t }) =>
      e.comment ? (
        <RowLink to={callLink(e.comment.targetId, e.comment.atMs)} ctx={ctx} data-call-moment={e.comment.targetId}>
          {t('row.atMoment', { time: duration(Math.floor((e.comment.atMs ?? 0) / 1000)) })}
        </RowLink>
      ) : null
  },
  stage_change: {
    label: (t) => t('kind.stageChange'),
    icon: IconStairsUp,
    hasDetail: (e) => !!e.stage,
    Detail: ({ e, ctx, t }) => {
      const h = e.stage
      if (!h) return null
      return (
        <>
          <FromTo from={h.fromStageId ? ctx.stageName(h.dealId, h.fromStageId) : t('row.start')} to={ctx.stageName(h.dealId, h.toStageId)} />
          {h.skippedStageIds && h.skippedStageIds.length > 0 && (
            <Badge color="orange">{t('row.skipped', { stages: h.skippedStageIds.map((s) => ctx.stageName(h.dealId, s)).join('、') })}</Badge>
          )}
          {h.reason && <span className="tl-dim tl-clip">{h.reason}</span>}
        </>
      )
    }
  },
  comment: { label: (t) => t('kind.comment'), icon: IconMessage2 },
  contract_signed: { icon: IconFileCertificate, ...postSale('contract_signed') },
  milestone: { icon: IconFlag3, ...postSale('milestone') },
  invoice: { icon: IconFileInvoice, ...postSale('invoice') },
  collection: { icon: IconCoin, ...postSale('collection') },
  instalment_overdue: { icon: IconAlertTriangle, ...postSale('instalment_overdue') },
  // The row names the raw kind it could not read (kindLabel); without an event it is "?".
  unknown: { label: (t) => t('kind.unknown', { kind: '?' }), icon: IconQuestionMark }
}

/** The kind-specific line: stage and value moves, call state, amounts, assignee and due date. */
function Detail({ e, ctx, t }: { e: TimelineEvent; ctx: RowContext; t: TFunction<'timeline'> }): React.ReactNode {
  const Line = presenters[e.kind].Detail
  if (!Line) return null
  const currency = (e.dealId && ctx.deal(e.dealId)?.currency) || 'CNY'
  return <Line e={e} a={e.activity} ctx={ctx} t={t} currency={currency} />
}

/** The behaviour control sheet of a ride-along, shown when the row is open. */
function Sheet({ e, t }: { e: TimelineEvent; t: TFunction<'timeline'> }): React.ReactNode {
  const b = e.activity?.behaviour
  if (!b) return null
  return (
    <div data-behaviour-sheet>
      {sheetKeys
        .filter((k) => b[k])
        .map((k) => (
          <div key={k} className="tl-full">
            <span className="tl-dim">
              {t(`behaviour.${k}`)}
              {t('row.colon')}
            </span>
            {b[k]}
          </div>
        ))}
    </div>
  )
}

/**
 * One event in the stream: icon and colour by kind, who and when, then a line of what the kind
 * needs and a line of what was written. `expanded` shows the full text and the behaviour sheet
 * (the list measures such a row instead of using its fixed height).
 */
export const EventRow = memo(function EventRow({ e, ctx, expanded = false }: { e: TimelineEvent; ctx: RowContext; expanded?: boolean }): React.ReactNode {
  // One i18n subscription per row; the parts below get `t` passed down.
  const { t, i18n } = useTranslation('timeline')
  const label = kindLabel(e, t, i18n.language)
  const a = e.activity
  const layout = rowLayout(e, ctx)
  const who = e.personIds[0] ? ctx.userName(e.personIds[0]) : ''
  const contact = a?.contactId ? ctx.contact(a.contactId) : undefined
  const deal = ctx.showDeal && e.dealId ? ctx.deal(e.dealId) : undefined
  const notConnected = e.kind === 'call' && a?.connected === false
  const color = notConnected ? 'gray' : kindColor(e.kind)
  const Glyph = notConnected ? IconPhoneOff : presenters[e.kind].icon
  const toggle = layout.expandable && ctx.toggle ? (
    <button type="button" className="tl-link" aria-expanded={expanded} onClick={() => ctx.toggle?.(e)}>
      {expanded ? t('row.less') : layout.sheet > 0 ? t('row.behaviourSheet', { count: layout.sheet }) : t('row.more')}
    </button>
  ) : null
  return (
    <div className="tl-row" style={expanded ? undefined : { height: rowHeight(e, ctx) }} data-open={expanded || undefined} data-kind={e.kind} data-event-id={e.id}>
      <div className="tl-icon" style={toneOf(color)} aria-hidden>
        <Glyph size={17} stroke={1.8} />
      </div>
      <div className="tl-main">
        <div className="tl-line">
          <span className={e.done ? 'tl-label tl-strike' : 'tl-label'}>{label}</span>
          {!e.dateOnly && <span className="tabular tl-dim">{Number.isNaN(e.at) ? '—' : timeOf(e.at, ctx)}</span>}
          {who && <span className="tl-dim">{who}</span>}
          {contact && (
            <span className="tl-dim tl-clip">
              · {contact.name}
              {contact.title ? (ctx.locale === 'zh-CN' ? `（${contact.title}）` : ` (${contact.title})`) : ''}
            </span>
          )}
          {deal && (
            <RowLink to={`/deals/${deal.id}`} ctx={ctx}>
              {deal.name}
            </RowLink>
          )}
          {e.timeState === 'future' && (
            <Badge color={a?.status === 'planned' || e.planned ? 'blue' : 'red'}>{a?.status === 'planned' || e.planned ? t('row.planned') : t('row.future')}</Badge>
          )}
          {a?.status === 'cancelled' && <Badge color="gray">{t('row.cancelled')}</Badge>}
        </div>
        {layout.detail && (
          <div className="tl-line">
            <Detail e={e} ctx={ctx} t={t} />
            {layout.sheet > 0 && toggle}
          </div>
        )}
        {layout.text &&
          (expanded ? (
            <div className="tl-full">
              {layout.text} {layout.sheet === 0 && toggle}
            </div>
          ) : (
            <div className="tl-line">
              <span className="tl-clip" title={layout.text.length > ONE_LINE_CHARS ? layout.text.slice(0, 500) : undefined}>
                {layout.text}
              </span>
              {layout.sheet === 0 && toggle}
            </div>
          ))}
        {expanded && <Sheet e={e} t={t} />}
        {layout.snippet && a?.recordingId && (
          <div className="tl-line">
            <RowLink to={callLink(a.recordingId, layout.snippet.startMs)} ctx={ctx} data-snippet-of={a.recordingId}>
              <span className="tabular">{duration(Math.floor(layout.snippet.startMs / 1000))}</span> “{layout.snippet.text}”
            </RowLink>
          </div>
        )}
      </div>
    </div>
  )
})
