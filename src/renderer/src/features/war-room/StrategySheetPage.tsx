import { useCallback, useState } from 'react'
import { Alert, Anchor, Button, Grid, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core'
import { IconHistory, IconPresentation, IconPrinter, IconStethoscope } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { restoreSnapshot, setBigDealFlag, takeSnapshot } from '../../db/strategy-sheets'
import { MeetingMode } from './MeetingMode'
import { useWorkspaceData } from '../../app/workspace-data'
import { Money } from '../../ui/Money'
import { useCloseDate } from '../dataset/use-close-date'
import { SheetLiveContext } from './use-strategy-sheet'
import {
  ActionsSection,
  CompetitionSection,
  GapsSection,
  InfluencesSection,
  NotesSection,
  ObjectiveSection,
  TasSection
} from './SheetSections'
import { useStrategySheetPage } from './use-strategy-sheet-page'
import { BigDealState, PresenceBar } from './SheetHeader'
import { SheetSide } from './SheetSide'
import { DiagnosticModal } from './DiagnosticModal'
import { HistoryModal } from './HistoryModal'
import './war-room.css'

/** One big deal's strategy sheet, edited live with whoever else has it open. */
export function StrategySheetPage({ dealId }: { dealId: string }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { users, userById, processById } = useWorkspaceData()
  const { deal, customer, liveContacts, actingUser, state, edit, live, hubError, flags } = useStrategySheetPage(dealId)
  const closeDate = useCloseDate()
  const [diagnosticOpen, setDiagnosticOpen] = useState(false)
  const [historyOpen, setHistoryOpen] = useState(false)
  const [meeting, setMeeting] = useState(false)
  const navigate = useNavigate()
  const closeMeeting = useCallback(() => setMeeting(false), [])

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
            <SheetSide sheet={sheet} flags={flags} userName={userName} />
          </Grid.Col>
        </Grid>
        <DiagnosticModal sheet={sheet} edit={edit} opened={diagnosticOpen} onClose={() => setDiagnosticOpen(false)} />
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
