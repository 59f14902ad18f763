import { memo, useState } from 'react'
import { Anchor, Badge, Box, Button, Collapse, Group, Text, ThemeIcon, type MantineColor } from '@mantine/core'
import {
  IconArrowBackUp,
  IconBrandWechat,
  IconCalendarEvent,
  IconCash,
  IconChecklist,
  IconChevronDown,
  IconChevronRight,
  IconCurrencyYuan,
  IconFlag,
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
import { Link } from 'react-router'
import type { Deal } from '@shared/model'
import { kindGroup, type KindGroup, type TimelineEvent, type TimelineKind } from '@shared/domain/timeline'
import { Money } from '../../ui/Money'
import { formatDate, formatTime, type Locale } from '../../ui/format'

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

const kindIcon: Record<TimelineKind, Icon> = {
  visit: IconMapPin,
  call: IconPhone,
  sms: IconMessage,
  email: IconMail,
  wechat: IconBrandWechat,
  task: IconChecklist,
  quote: IconReceipt,
  requirement: IconListDetails,
  proposal: IconPresentation,
  contract: IconSignature,
  delivery: IconTruckDelivery,
  payment: IconCash,
  note: IconNote,
  ride_along: IconUsersGroup,
  role_play: IconMasksTheater,
  amount_change: IconCurrencyYuan,
  close_date_change: IconCalendarEvent,
  owner_change: IconUserShare,
  pool_claim: IconHandGrab,
  pool_reclaim: IconArrowBackUp,
  big_deal_flag: IconFlag,
  audit_result: IconShieldCheck,
  coaching_comment: IconMessageCircle,
  stage_change: IconStairsUp,
  comment: IconMessage2,
  unknown: IconQuestionMark
}

export function KindIcon({ kind, size = 28, off = false }: { kind: TimelineKind; size?: number; off?: boolean }): React.ReactNode {
  const Glyph = off ? IconPhoneOff : kindIcon[kind]
  return (
    <ThemeIcon variant="light" color={off ? 'gray' : groupColor[kindGroup(kind)]} size={size} radius="xl" aria-hidden>
      <Glyph size={Math.round(size * 0.6)} stroke={1.8} />
    </ThemeIcon>
  )
}

function duration(sec: number): string {
  const m = Math.floor(sec / 60)
  const s = sec % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

/** The kind's name, as the manager says it: "拜访 · 促单", "陪访", "阶段推进". */
function useKindLabel(): (e: TimelineEvent) => string {
  const { t } = useTranslation('timeline')
  return (e) => {
    if (e.kind === 'stage_change') return t('kind.stageChange')
    if (e.kind === 'comment') return t('kind.comment')
    if (e.kind === 'unknown') return t('kind.unknown', { kind: e.rawKind || '?' })
    const base = t(`common:kinds.${e.kind}`)
    const vk = e.activity?.visitKind
    return vk ? `${base} · ${t(`common:visitKinds.${vk}`)}` : base
  }
}

function FromTo({ from, to }: { from: React.ReactNode; to: React.ReactNode }): React.ReactNode {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c="dimmed" td="line-through">
        {from}
      </Text>
      <Text size="sm">→</Text>
      <Text size="sm" fw={600}>
        {to}
      </Text>
    </Group>
  )
}

/** Free text from the field can be very long; three lines, then "more" opens it in place. */
function Body({ text }: { text: string }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [open, setOpen] = useState(false)
  const long = text.length > 220 || text.split('\n').length > 3
  return (
    <Box>
      <Text size="sm" lineClamp={open ? undefined : 3} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {text}
      </Text>
      {long && (
        <Anchor component="button" type="button" size="xs" onClick={() => setOpen((o) => !o)}>
          {open ? t('row.less') : t('row.more')}
        </Anchor>
      )}
    </Box>
  )
}

function BehaviourSheetView({ e }: { e: TimelineEvent }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [open, setOpen] = useState(false)
  const b = e.activity?.behaviour
  if (!b) return null
  const items = (['objective', 'conversationLogic', 'needsUncovered', 'impressionLeft'] as const).filter((k) => b[k])
  if (items.length === 0) return null
  return (
    <Box>
      <Button
        variant="subtle"
        size="compact-xs"
        leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
      >
        {t('row.behaviourSheet', { count: items.length })}
      </Button>
      <Collapse expanded={open} transitionDuration={0}>
        <Box pl="md" pt={4}>
          {items.map((k) => (
            <Text key={k} size="sm">
              <Text span c="dimmed" size="sm">
                {t(`behaviour.${k}`)}
                {t('row.colon')}
              </Text>
              {b[k]}
            </Text>
          ))}
        </Box>
      </Collapse>
    </Box>
  )
}

function Details({ e, ctx }: { e: TimelineEvent; ctx: RowContext }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const a = e.activity
  const currency = (e.dealId && ctx.deal(e.dealId)?.currency) || 'CNY'
  if (e.stage) {
    const h = e.stage
    return (
      <Box>
        <FromTo from={h.fromStageId ? ctx.stageName(h.dealId, h.fromStageId) : t('row.start')} to={ctx.stageName(h.dealId, h.toStageId)} />
        {h.skippedStageIds && h.skippedStageIds.length > 0 && (
          <Badge size="xs" color="orange" variant="light">
            {t('row.skipped', { stages: h.skippedStageIds.map((s) => ctx.stageName(h.dealId, s)).join('、') })}
          </Badge>
        )}
        {h.reason && (
          <Text size="sm" c="dimmed">
            {h.reason}
          </Text>
        )}
      </Box>
    )
  }
  if (e.comment) return <Body text={e.comment.body} />
  if (!a) return null
  const text = [a.subject, a.body].filter(Boolean).join(a.subject && a.body ? ' — ' : '')
  switch (e.kind) {
    case 'amount_change':
      return typeof a.from === 'number' && typeof a.to === 'number' ? (
        <FromTo from={<Money minor={a.from} currency={currency} size="sm" />} to={<Money minor={a.to} currency={currency} size="sm" />} />
      ) : null
    case 'close_date_change':
      return typeof a.from === 'number' && typeof a.to === 'number' ? (
        <FromTo from={formatDate(a.from, ctx.locale, ctx.timeZone)} to={formatDate(a.to, ctx.locale, ctx.timeZone)} />
      ) : null
    case 'owner_change':
      return (
        <FromTo
          from={typeof a.from === 'string' ? ctx.userName(a.from) : t('row.nobody')}
          to={typeof a.to === 'string' ? ctx.userName(a.to) : t('row.nobody')}
        />
      )
    case 'call':
      return (
        <Box>
          <Group gap={6}>
            <Badge size="xs" variant="light" color={a.connected ? 'teal' : 'gray'}>
              {a.connected ? t('row.connected') : t('row.notConnected')}
            </Badge>
            {a.durationSec !== undefined && (a.connected || a.durationSec > 0) && (
              <Text size="xs" c="dimmed" className="tabular">
                {duration(a.durationSec)}
              </Text>
            )}
            {a.recordingId && (
              // The call player comes with the recordings issue; this is its place in the stream.
              <Badge size="xs" variant="outline" leftSection={<IconPlayerPlay size={10} />} data-recording-id={a.recordingId}>
                {t('row.recorded')}
              </Badge>
            )}
          </Group>
          {text && <Body text={text} />}
        </Box>
      )
    case 'payment':
    case 'delivery':
    case 'quote':
    case 'contract':
      return (
        <Box>
          {a.amount !== undefined && <Money minor={a.amount} currency={currency} size="sm" fw={600} />}
          {text && <Body text={text} />}
        </Box>
      )
    case 'ride_along':
      return (
        <Box>
          {a.otherUserId && (
            <Text size="sm" c="dimmed">
              {t('row.rodeAlong', { manager: ctx.userName(a.otherUserId) })}
            </Text>
          )}
          {text && <Body text={text} />}
          <BehaviourSheetView e={e} />
        </Box>
      )
    case 'task':
      return (
        <Box>
          <Text size="sm">
            {a.otherUserId ? t('row.assignedTo', { name: ctx.userName(a.otherUserId) }) : ''}
            {a.dueAt ? ` · ${t('row.due', { date: formatDate(a.dueAt, ctx.locale, ctx.timeZone) })}` : ''}
          </Text>
          {text && <Body text={text} />}
        </Box>
      )
    default:
      return text ? <Body text={text} /> : null
  }
}

/** One event in the stream: icon and colour by kind, who and when, then what the kind needs. */
export const EventRow = memo(function EventRow({ e, ctx }: { e: TimelineEvent; ctx: RowContext }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const label = useKindLabel()(e)
  const a = e.activity
  const who = e.personIds[0] ? ctx.userName(e.personIds[0]) : ''
  const contact = a?.contactId ? ctx.contact(a.contactId) : undefined
  const deal = ctx.showDeal && e.dealId ? ctx.deal(e.dealId) : undefined
  const notConnected = e.kind === 'call' && a?.connected === false
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" py={6} px="xs" data-kind={e.kind} data-event-id={e.id}>
      <KindIcon kind={e.kind} off={notConnected} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Text size="xs" c="dimmed" className="tabular">
            {Number.isNaN(e.at) ? '—' : formatTime(e.at, ctx.locale, ctx.timeZone)}
          </Text>
          {who && (
            <Text size="xs" c="dimmed">
              {who}
            </Text>
          )}
          {contact && (
            <Text size="xs" c="dimmed">
              · {contact.name}
              {contact.title ? (ctx.locale === 'zh-CN' ? `（${contact.title}）` : ` (${contact.title})`) : ''}
            </Text>
          )}
          {deal && (
            <Anchor component={Link} to={`/deals/${deal.id}`} size="xs">
              {deal.name}
            </Anchor>
          )}
          {e.timeState === 'future' && (
            <Badge size="xs" color={a?.status === 'planned' ? 'blue' : 'red'} variant="light">
              {a?.status === 'planned' ? t('row.planned') : t('row.future')}
            </Badge>
          )}
          {a?.status === 'cancelled' && (
            <Badge size="xs" color="gray" variant="light">
              {t('row.cancelled')}
            </Badge>
          )}
        </Group>
        <Details e={e} ctx={ctx} />
      </Box>
    </Group>
  )
})
