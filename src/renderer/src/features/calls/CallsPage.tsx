import { useEffect, useState } from 'react'
import { Alert, Button, Card, FileButton, Group, Select, Tabs, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { importCallsByDialog } from '../../db/recordings'
import { ensureDemoCalls } from '../../db/recordings-demo'
import { useWorkspaceData } from '../../app/workspace-data'
import { Guarded } from '../../session/Guarded'
import { PageHeader } from '../../ui/PageHeader'
import { CallLibrary, CoachingTracker, CoachQueue } from './CoachingViews'
import { errorText } from './errors'
import { AUDIO_ACCEPT } from './RecordingDropZone'
import { SttSetup, useSttStatus } from './SttPanel'
import { TemplateEditor } from './TemplateEditor'
import { useRuntime } from './use-runtime'
import { useRecordingDrop } from './use-recording-drop'
import { TeamBenchmarks } from './ConversationMetrics'
import { useCallsPage } from './use-calls-page'
import { OpenCall } from './OpenCall'
import { CallsList } from './CallsList'

export { CALLS_PAGE_QUERY, loadCallsPage } from './use-calls-page'

/**
 * Calls: import recordings onto a customer (file picker or drop), the list of recorded calls,
 * search across transcripts, and the player for the call that is open (`?recording=&t=`).
 */
export function CallsPage(): React.ReactNode {
  const { t } = useTranslation('calls')
  const { t: tm } = useTranslation('callMetrics')
  const { userById } = useWorkspaceData()
  const page = useCallsPage()
  const { tab, setTab, openCall, coachId, data, open, skills, now, recordings, metrics, atOf, ctx } = page
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [dragging, setDragging] = useState(false)
  const runtime = useRuntime()
  const drop = useRecordingDrop()
  const stt = useSttStatus()

  // A demo workspace opened before the demo calls shipped gets them here; a no-op otherwise.
  useEffect(() => {
    void ensureDemoCalls().catch(() => undefined)
  }, [])

  const fail = (e: unknown): void => {
    setMessage({ ok: false, text: errorText(t, e) })
  }

  const importFiles = async (files: File[]): Promise<void> => {
    if (!customerId) {
      setMessage({ ok: false, text: t('import.chooseCustomer') })
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      await drop.importFiles(
        files,
        (file) => ({ customerId, at: file.lastModified || Date.now() }),
        ({ recording, duplicate }, file) => {
          setMessage({
            ok: true,
            text: duplicate ? t('import.duplicate', { name: file.name }) : t('import.done', { name: file.name })
          })
          openCall(recording.id)
        }
      )
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  const importByDialog = async (): Promise<void> => {
    if (!customerId) {
      setMessage({ ok: false, text: t('import.chooseCustomer') })
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      const done = await importCallsByDialog({ customerId, at: Date.now() })
      const last = done?.at(-1)
      if (last) {
        setMessage({ ok: true, text: t(last.duplicate ? 'import.duplicate' : 'import.done', { name: last.recording.originalName }) })
        openCall(last.recording.id)
      }
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div
      data-testid="calls-page"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault()
          setDragging(true)
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        void importFiles([...e.dataTransfer.files])
      }}
      style={dragging ? { outline: '2px dashed var(--mantine-color-blue-5)', outlineOffset: 4 } : undefined}
    >
      <PageHeader title={t('title')} />
      <Card withBorder padding="sm" mb="md">
        <Group align="end" gap="sm" wrap="wrap">
          <Select
            label={t('import.customer')}
            placeholder={t('import.customerPlaceholder')}
            searchable
            limit={50}
            w={280}
            data-testid="import-customer"
            data={(data?.customers ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={customerId}
            onChange={setCustomerId}
          />
          {runtime === 'electron' ? (
            <Button loading={busy} onClick={() => void importByDialog()} data-testid="import-recording">
              {t('import.button')}
            </Button>
          ) : (
            <FileButton onChange={(f) => void importFiles(f)} accept={AUDIO_ACCEPT} multiple>
              {(props) => (
                <Button {...props} loading={busy} data-testid="import-recording">
                  {t('import.button')}
                </Button>
              )}
            </FileButton>
          )}
          <Text size="xs" c="dimmed">
            {t('import.dropHint')}
          </Text>
        </Group>
        {message && (
          <Alert mt="sm" py={6} color={message.ok ? 'teal' : 'red'} data-testid="calls-message">
            {message.text}
          </Alert>
        )}
        <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
          <SttSetup stt={stt} />
        </div>
      </Card>
      <OpenCall page={page} stt={stt} onMessage={setMessage} />

      <Tabs value={tab} onChange={setTab} keepMounted={false} mb="md">
        <Tabs.List mb="sm">
          <Tabs.Tab value="calls">{t('tabs.calls')}</Tabs.Tab>
          <Tabs.Tab value="queue" data-testid="tab-queue">
            {t('tabs.queue')}
          </Tabs.Tab>
          <Tabs.Tab value="library" data-testid="tab-library">
            {t('tabs.library')}
          </Tabs.Tab>
          <Tabs.Tab value="tracker" data-testid="tab-tracker">
            {t('tabs.tracker')}
          </Tabs.Tab>
          <Tabs.Tab value="templates" data-testid="tab-templates">
            {t('tabs.templates')}
          </Tabs.Tab>
          <Tabs.Tab value="benchmarks" data-testid="tab-benchmarks">
            {tm('bench.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue">
          <CoachQueue ctx={ctx} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="library">
          <CallLibrary ctx={ctx} marks={data?.marks ?? []} />
        </Tabs.Panel>
        <Tabs.Panel value="tracker">
          <CoachingTracker skills={skills} coachId={coachId} openRecordingId={open?.id ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <Guarded permission="scorecardTemplate.edit">
            <TemplateEditor templates={data?.templates ?? []} />
          </Guarded>
        </Tabs.Panel>
        <Tabs.Panel value="benchmarks">
          <TeamBenchmarks
            recordings={recordings}
            metrics={metrics}
            repOf={(id) => data?.activities.get(id)?.userId}
            atOf={atOf}
            repName={(id) => userById.get(id)?.name}
            now={now}
          />
        </Tabs.Panel>
        <Tabs.Panel value="calls">
          <CallsList page={page} />
        </Tabs.Panel>
      </Tabs>
    </div>
  )
}
