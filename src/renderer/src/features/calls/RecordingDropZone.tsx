import { useState } from 'react'
import { Alert, Anchor, Button, FileButton, Group, Paper, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { importCallsByDialog, type CallTarget } from '../../db/recordings'
import { errorText } from './errors'
import { useRuntime } from './use-runtime'
import { useRecordingDrop } from './use-recording-drop'

export const AUDIO_ACCEPT = 'audio/*,.mp3,.wav,.m4a,.aac,.ogg,.opus,.amr,.awb'

export interface RecordingDropZoneProps {
  customerId: string
  dealId?: string | null
  /** A logged call without audio: the recording attaches to it. */
  activityId?: string
  /** Wrap existing content (a call row) instead of showing the compact import box. */
  children?: React.ReactNode
}

/**
 * Where a call recording can be dropped or imported onto a customer, a deal or a logged call:
 * the customer and deal pages show the box, a timeline call row wraps itself in it. In the app
 * "Import…" opens the native dialog (main reads the files); in the browser harness it uploads.
 */
export function RecordingDropZone({ customerId, dealId, activityId, children }: RecordingDropZoneProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const runtime = useRuntime()
  const drop = useRecordingDrop()
  const [over, setOver] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string; recordingId?: string } | null>(null)
  const target = (at: number): CallTarget => ({ customerId, ...(dealId ? { dealId } : {}), ...(activityId ? { activityId } : {}), at })

  const run = async (work: () => Promise<{ recording: { id: string }; duplicate: boolean }[] | null>): Promise<void> => {
    setBusy(true)
    setResult(null)
    try {
      const done = await work()
      const last = done?.at(-1)
      if (done && last) setResult({ ok: true, text: t(last.duplicate ? 'drop.duplicate' : 'drop.done', { count: done.length }), recordingId: last.recording.id })
    } catch (e) {
      setResult({ ok: false, text: errorText(t, e) })
    } finally {
      setBusy(false)
    }
  }
  const importFiles = (files: File[]): Promise<void> => run(() => drop.importFiles(files, (file) => target(file.lastModified || Date.now())))

  const dropProps = {
    onDragOver: (e: React.DragEvent): void => {
      if (!e.dataTransfer.types.includes('Files')) return
      e.preventDefault()
      e.stopPropagation()
      setOver(true)
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: React.DragEvent): void => {
      if (!e.dataTransfer.files.length) return
      e.preventDefault()
      // The calls page listens for drops too: this target is the more specific one.
      e.stopPropagation()
      setOver(false)
      void importFiles([...e.dataTransfer.files])
    },
    'data-testid': 'recording-drop-zone',
    'data-drop-over': over || undefined
  }
  const status = result && (
    <Alert py={4} mt={4} color={result.ok ? 'teal' : 'red'} data-testid="drop-result">
      {result.text}{' '}
      {result.recordingId && (
        <Anchor component={Link} to={`/calls?recording=${result.recordingId}`} size="sm">
          {t('drop.open')}
        </Anchor>
      )}
    </Alert>
  )
  const outline = over ? { outline: '2px dashed var(--mantine-color-blue-5)', outlineOffset: 2 } : undefined

  if (children) {
    return (
      <div {...dropProps} style={outline}>
        {children}
        {status}
      </div>
    )
  }
  return (
    <Paper withBorder p="xs" {...dropProps} style={{ borderStyle: 'dashed', ...outline }}>
      <Group gap="xs" justify="space-between">
        <Text size="xs" c="dimmed">
          {t(dealId ? 'drop.hintDeal' : 'drop.hintCustomer')}
        </Text>
        {runtime === 'electron' ? (
          <Button size="compact-xs" variant="light" loading={busy} onClick={() => void run(() => importCallsByDialog(target(Date.now())))} data-testid="drop-import">
            {t('drop.import')}
          </Button>
        ) : (
          <FileButton onChange={(f) => void importFiles(f)} accept={AUDIO_ACCEPT} multiple>
            {(props) => (
              <Button {...props} size="compact-xs" variant="light" loading={busy} data-testid="drop-import">
                {t('drop.import')}
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {status}
    </Paper>
  )
}
