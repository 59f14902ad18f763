import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Loader,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Title
} from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconHistory, IconPresentation, IconPrinter, IconStethoscope } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import {
  answerDiagnostic,
  answers,
  completeness,
  diagnosticQuestions,
  meddpicc,
  meddpiccLetters,
  redFlags,
  type RedFlag,
  type StrategySheetContent
} from '@shared/domain/strategy-sheet'
import { getDb, type SheetSnapshotRow } from '../../db/database'
import {
  createActionTasks,
  listSnapshots,
  restoreSnapshot,
  setBigDealFlag,
  snapshotContent,
  takeSnapshot
} from '../../db/strategy-sheets'
import { MeetingMode } from './MeetingMode'
import { SnapshotDiff } from './SnapshotDiff'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { useNow } from '../../ui/use-now'
import { formatDate, formatMoney, formatPercent, formatTime } from '../../ui/format'
import { useCloseDate } from '../dataset/use-close-date'
import { SheetLiveContext, useStrategySheet, type SheetPeer } from './use-strategy-sheet'
import {
  ActionsSection,
  CompetitionSection,
  GapsSection,
  InfluencesSection,
  NotesSection,
  ObjectiveSection,
  TasSection
} from './SheetSections'
import './war-room.css'

/** One big deal's strategy sheet, edited live with whoever else has it open. */
export function StrategySheetPage({ dealId }: { dealId: string }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { users, userById, processById } = useWorkspaceData()
  const deal = useLiveQuery(() => getDb().deals.get(dealId), [dealId])
  const customer = useLiveQuery(() => (deal?.customerId ? getDb().customers.get(deal.customerId) : undefined), [deal?.customerId])
  const closeDate = useCloseDate()
  const contacts = useLiveQuery(
    () => (deal?.customerId ? getDb().contacts.where('customerId').equals(deal.customerId).toArray() : []),
    [deal?.customerId]
  )
  // Presence, snapshots and tasks are the signed-in person's: "正在此处输入" names who really types.
  const signedIn = useMe()
  const actingUser = signedIn?.id ?? ''
  const me = useMemo(() => ({ id: actingUser, name: signedIn?.name ?? '' }), [actingUser, signedIn?.name])
  const { state, edit, live, hubError } = useStrategySheet(deal && !deal.deleted && signedIn ? dealId : undefined, me)
  const [diagnosticOpen, setDiagnosticOpen] = useState(false)
  const [historyOpen, setHistoryOpen] = useState(false)
  const [meeting, setMeeting] = useState(false)
  const navigate = useNavigate()
  const closeMeeting = useCallback(() => setMeeting(false), [])

  const now = useNow()
  const liveContacts = useMemo(() => (contacts ?? []).filter((c) => !c.deleted), [contacts])
  const content = state.status === 'ready' ? state.content : null
  const flags = useMemo(
    () => (content ? redFlags(content, { now, contactIds: contacts ? new Set(liveContacts.map((c) => c.id)) : undefined }) : []),
    [content, contacts, liveContacts, now]
  )

  // Chosen best actions with an owner and a date become tasks; ids make this safe to repeat.
  const creating = useRef(false)
  useEffect(() => {
    // Tasks live on a customer's timeline: a deal imported without one gets them once it has one.
    if (state.status !== 'ready' || state.readOnly || !deal || deal.customerId === undefined || creating.current) return
    if (!state.content.actions.some((a) => a.chosen && a.owner && a.dueAt !== null && !a.taskId)) return
    creating.current = true
    createActionTasks(state.doc, { id: deal.id, customerId: deal.customerId, name: deal.name }, actingUser, Date.now()).finally(() => {
      creating.current = false
    })
  }, [state, deal, actingUser])

  if (deal === undefined && state.status === 'loading') return <Loader m="xl" />
  if (!deal || deal.deleted) {
    return (
      <Alert color="orange" title={t('error.dealMissingTitle')} m="md">
        <Text size="sm">{t('error.dealMissing')}</Text>
        <Anchor component={Link} to="/war-room" size="sm">
          {t('back')}
        </Anchor>
      </Alert>
    )
  }
  if (state.status === 'loading') return <Loader m="xl" />
  if (state.status === 'error') {
    return (
      <Alert color="red" title={t('error.loadTitle')} m="md">
        {t('error.load')}
      </Alert>
    )
  }
  const { content: sheet, readOnly } = state
  const props = { content: sheet, edit, readOnly, users }
  const done = completeness(sheet)
  const letters = meddpicc(sheet)
  const userName = (id: string): string => userById.get(id)?.name ?? id

  return (
    <SheetLiveContext.Provider value={live}>
      <div className="strategy-sheet">
        <Group justify="space-between" align="flex-end" mb="sm" wrap="nowrap">
          <div>
            <Anchor component={Link} to="/war-room" size="xs" className="no-print">
              {t('back')}
            </Anchor>
            <Title order={2}>{t('sheetTitle', { deal: deal.name })}</Title>
            <Group gap="md">
              <Text size="sm" c="dimmed">
                {customer?.name}
              </Text>
              <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" className="no-print">
                {t('openDeal')}
              </Anchor>
              <Money minor={deal.amount} currency={deal.currency} size="sm" fw={600} />
              <Text size="sm" c="dimmed">
                {t('owner', { name: userName(deal.ownerId) })} ·{' '}
                {t('closeDate', { date: closeDate(deal.expectedCloseAt) })}
              </Text>
              <BigDealState
                amount={deal.amount}
                currency={deal.currency}
                processName={processById.get(deal.processId)?.name}
                threshold={processById.get(deal.processId)?.bigDealThreshold}
                flagged={deal.bigDeal}
              >
                <Switch
                  size="xs"
                  className="no-print"
                  label={t('bigDeal.flag')}
                  title={t('bigDeal.hint')}
                  checked={deal.bigDeal}
                  onChange={(e) => {
                    const on = e.currentTarget.checked
                    void setBigDealFlag(deal.id, on, actingUser, t(on ? 'bigDeal.flagged' : 'bigDeal.unflagged'), Date.now())
                  }}
                />
              </BigDealState>
            </Group>
          </div>
          <Group gap="xs" className="no-print" wrap="nowrap">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconStethoscope size={14} />}
              onClick={() => setDiagnosticOpen(true)}
              disabled={readOnly}
            >
              {t('diagnostic.open')}
            </Button>
            <Button size="xs" variant="light" leftSection={<IconHistory size={14} />} onClick={() => setHistoryOpen(true)}>
              {t('history.open')}
            </Button>
            <Button size="xs" variant="light" leftSection={<IconPresentation size={14} />} onClick={() => setMeeting(true)}>
              {t('meeting.open')}
            </Button>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPrinter size={14} />}
              onClick={() => void navigate(`/war-room/${deal.id}/print`)}
            >
              {t('print')}
            </Button>
          </Group>
        </Group>
        <PresenceBar peers={live.peers} hubError={hubError} />
        {readOnly && (
          <Alert color="orange" mb="sm" title={t('error.newerTitle')}>
            {t('error.newer')}
          </Alert>
        )}
        {state.damaged > 0 && (
          <Alert color="orange" mb="sm" title={t('error.damagedTitle')}>
            {t('error.damaged', { count: state.damaged })}
          </Alert>
        )}
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="sm">
              <ObjectiveSection {...props} />
              <InfluencesSection {...props} contacts={liveContacts} />
              <GapsSection {...props} />
              <CompetitionSection {...props} />
              <NotesSection {...props} />
              <TasSection {...props} />
              <ActionsSection {...props} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="sm" className="sheet-side">
              <Card withBorder padding="sm" role="region" aria-label={t('flags.title')}>
                <Group justify="space-between" mb="xs">
                  <Title order={4}>{t('flags.title')}</Title>
                  <Badge color={flags.length ? 'red' : 'teal'} variant="light">
                    {flags.length}
                  </Badge>
                </Group>
                {flags.length === 0 ? (
                  <Group gap={6}>
                    <ThemeIcon size="sm" color="teal" variant="light">
                      <IconCheck size={14} />
                    </ThemeIcon>
                    <Text size="sm">{t('flags.none')}</Text>
                  </Group>
                ) : (
                  <List spacing={4} size="sm" icon={<IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />}>
                    {flags.map((f, n) => (
                      <List.Item key={`${f.code}-${f.rowId ?? n}`} data-flag={f.code}>
                        <FlagText flag={f} />
                      </List.Item>
                    ))}
                  </List>
                )}
                <Text size="xs" c="dimmed" mt="xs">
                  {t('flags.hint')}
                </Text>
              </Card>
              <Card withBorder padding="sm">
                <Group justify="space-between" mb={4}>
                  <Title order={4}>{t('completeness.title')}</Title>
                  <Text fw={600}>{formatPercent(done.ratio, locale)}</Text>
                </Group>
                <Progress
                  value={done.ratio * 100}
                  color={done.ratio >= 0.75 ? 'teal' : done.ratio >= 0.4 ? 'yellow' : 'red'}
                  mb="xs"
                />
                {done.missing.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('completeness.missing')} {done.missing.map((p) => t(`part.${p}`)).join(t('listSeparator'))}
                  </Text>
                )}
                <Text size="sm" fw={500} mt="sm" mb={4}>
                  {t('meddpicc.title')}
                </Text>
                <Group gap={4}>
                  {meddpiccLetters.map((l) => (
                    <Badge
                      key={l}
                      size="sm"
                      variant={letters[l] ? 'filled' : 'outline'}
                      color={letters[l] ? 'teal' : 'gray'}
                      title={t(`meddpicc.${l}`)}
                    >
                      {t(`meddpicc.${l}`)}
                    </Badge>
                  ))}
                </Group>
              </Card>
              <Card withBorder padding="sm">
                <Title order={4} mb="xs">
                  {t('working.title')}
                </Title>
                {sheet.editors.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('working.none')}
                  </Text>
                ) : (
                  <Stack gap={2}>
                    {sheet.editors.slice(0, 6).map((e) => (
                      <Text key={e.userId} size="sm">
                        {userName(e.userId)}{' '}
                        <Text span size="xs" c="dimmed">
                          {formatDate(e.at, locale, timeZone)} {formatTime(e.at, locale, timeZone)}
                        </Text>
                      </Text>
                    ))}
                  </Stack>
                )}
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
        <Modal opened={diagnosticOpen} onClose={() => setDiagnosticOpen(false)} title={t('diagnostic.title')} size="lg">
          <Text size="sm" c="dimmed" mb="sm">
            {t('diagnostic.intro')}
          </Text>
          <Stack gap="sm">
            {diagnosticQuestions.map((q) => (
              <div key={q}>
                <Text size="sm" fw={500} mb={4}>
                  {t(`diagnostic.${q}.question`)}
                </Text>
                <SegmentedControl
                  size="xs"
                  aria-label={t(`diagnostic.${q}.question`)}
                  value={sheet.diagnostic[q]}
                  onChange={(v) =>
                    edit((d) =>
                      answerDiagnostic(d, q, v as (typeof answers)[number], {
                        flag: t(`diagnostic.${q}.flag`),
                        gap: t(`diagnostic.${q}.question`)
                      })
                    )
                  }
                  data={answers.map((a) => ({ value: a, label: t(`answer.${a}`) }))}
                />
              </div>
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt="md">
            {t('diagnostic.writes')}
          </Text>
          <Group justify="flex-end" mt="sm">
            <Button size="xs" onClick={() => setDiagnosticOpen(false)}>
              {t('done')}
            </Button>
          </Group>
        </Modal>
        {meeting && <MeetingMode dealName={deal.name} content={sheet} flags={flags} userName={userName} onClose={closeMeeting} />}
        <HistoryModal
          current={sheet}
          opened={historyOpen}
          onClose={() => setHistoryOpen(false)}
          sheetId={state.record.id}
          legacyIds={state.legacyIds}
          onSnapshot={() => takeSnapshot(state.record.id, state.doc, actingUser, Date.now())}
          onRestore={(row) => edit((d) => restoreSnapshot(d, row))}
          readOnly={readOnly}
        />
      </div>
    </SheetLiveContext.Provider>
  )
}

/**
 * Why this deal is (or isn't) a big deal, both ways at once: the process rule ("above ¥X for
 * this process") and the manual flag, so nobody wonders which of the two put it in the war room.
 */
function BigDealState(p: {
  amount: number | undefined
  currency: string
  processName?: string
  threshold?: number
  flagged: boolean
  children: React.ReactNode
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale } = useLocale()
  const byRule = p.threshold !== undefined && p.amount !== undefined && p.amount >= p.threshold
  const rule =
    p.threshold === undefined
      ? t('bigDeal.noRule')
      : t(byRule ? 'bigDeal.ruleMet' : 'bigDeal.ruleNotMet', {
          amount: formatMoney(p.threshold, p.currency, locale),
          process: p.processName ?? ''
        })
  return (
    <Group gap={6} className="no-print" wrap="nowrap">
      {p.children}
      <Badge
        size="sm"
        variant={byRule ? 'light' : 'outline'}
        color={byRule ? 'grape' : 'gray'}
        data-big-deal-rule={byRule ? 'met' : 'not-met'}
        title={rule}
      >
        {rule}
      </Badge>
      {p.flagged && (
        <Badge size="sm" variant="light" color="orange" data-big-deal-manual>
          {t('bigDeal.manual')}
        </Badge>
      )}
    </Group>
  )
}

const HUB_ERRORS = new Set(['sheet.out-of-scope', 'sheet.unknown'])

/** Who else has the sheet open, and in which section; plus why the hub does not carry it, if it doesn't. */
function PresenceBar({ peers, hubError }: { peers: SheetPeer[]; hubError: string | null }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const sectionOf = (field: string | null): string | null => {
    const section = field?.split('.')[0]
    if (!section) return null
    return t(`presence.section.${section === 'competitors' ? 'competition' : section}`, { defaultValue: '' }) || null
  }
  if (peers.length === 0 && !hubError) return null
  return (
    <Group gap={6} mb="sm" className="no-print" role="region" aria-label={t('presence.title')}>
      {peers.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('presence.title')}
        </Text>
      )}
      {peers.map((p) => {
        const where = sectionOf(p.field)
        return (
          <Badge
            key={p.clientId}
            variant="light"
            color={p.color}
            leftSection={
              <Avatar size={16} color={p.color} radius="xl">
                {p.name.slice(0, 1)}
              </Avatar>
            }
            data-peer={p.name}
          >
            {where ? t('presence.in', { name: p.name, section: where }) : p.name}
          </Badge>
        )
      })}
      {hubError && (
        <Text size="xs" c="orange" data-hub-error={hubError}>
          {hubError === 'sheet.revoked'
            ? t('presence.hub.revoked')
            : t(HUB_ERRORS.has(hubError) ? `presence.hub.${hubError === 'sheet.unknown' ? 'unknown' : 'outOfScope'}` : 'presence.hub.other')}
        </Text>
      )}
    </Group>
  )
}

function FlagText({ flag }: { flag: RedFlag }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const params = { ...flag.params, mode: typeof flag.params.mode === 'string' ? t(`mode.${flag.params.mode}`) : '' }
  return (
    <>
      <Text span size="sm" fw={500}>
        {t(`flag.${flag.code}.title`, params)}
      </Text>
      <Text size="xs" c="dimmed">
        {t(`flag.${flag.code}.why`, params)}
      </Text>
    </>
  )
}

function HistoryModal(p: {
  current: StrategySheetContent
  opened: boolean
  onClose: () => void
  sheetId: string
  legacyIds: string[]
  onSnapshot: () => Promise<void>
  onRestore: (row: SheetSnapshotRow) => void
  readOnly: boolean
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const snapshots = useLiveQuery(() => (p.opened ? listSnapshots(p.sheetId, p.legacyIds) : []), [p.opened, p.sheetId, p.legacyIds])
  // Any two versions: a snapshot against another snapshot or against the sheet as it is now.
  const [from, setFrom] = useState<number | null>(null)
  const [to, setTo] = useState<number | 'now'>('now')
  const rows = snapshots ?? []
  const fromRow = rows.find((s) => s.seq === from)
  const toRow = to === 'now' ? undefined : rows.find((s) => s.seq === to)
  const label = (s: SheetSnapshotRow): string =>
    `${formatDate(s.at, locale, timeZone)} ${formatTime(s.at, locale, timeZone)} · ${userById.get(s.userId)?.name ?? s.userId}`
  const options = rows.map((s) => ({ value: String(s.seq), label: label(s) }))
  return (
    <Modal opened={p.opened} onClose={p.onClose} title={t('history.title')} size="lg">
      <Text size="sm" c="dimmed" mb="sm">
        {t('history.intro')}
      </Text>
      <Button size="xs" mb="sm" disabled={p.readOnly} onClick={() => void p.onSnapshot()}>
        {t('history.take')}
      </Button>
      {(snapshots ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('history.none')}
        </Text>
      ) : (
        <Stack gap={4}>
          {(snapshots ?? []).map((s) => (
            <Group key={s.seq} justify="space-between">
              <Text size="sm">{label(s)}</Text>
              <Group gap={4}>
                <Button
                  size="xs"
                  variant={from === s.seq ? 'light' : 'subtle'}
                  onClick={() => {
                    setFrom(from === s.seq ? null : (s.seq ?? null))
                    setTo('now')
                  }}
                >
                  {t('history.compare')}
                </Button>
                <Button size="xs" variant="subtle" disabled={p.readOnly} onClick={() => p.onRestore(s)}>
                  {t('history.restore')}
                </Button>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {fromRow && (
        <>
          <Group gap="xs" mt="md" align="flex-end">
            <Select
              size="xs"
              w={260}
              label={t('history.from')}
              allowDeselect={false}
              value={String(fromRow.seq)}
              data={options}
              onChange={(v) => v && setFrom(Number(v))}
            />
            <Select
              size="xs"
              w={260}
              label={t('history.to')}
              allowDeselect={false}
              value={String(to)}
              data={[{ value: 'now', label: t('history.now') }, ...options]}
              onChange={(v) => v && setTo(v === 'now' ? 'now' : Number(v))}
            />
          </Group>
          <SnapshotDiff before={snapshotContent(fromRow)} after={toRow ? snapshotContent(toRow) : p.current} />
        </>
      )}
    </Modal>
  )
}
