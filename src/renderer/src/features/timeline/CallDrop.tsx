import { useState } from 'react'
import { Alert, Anchor, CloseButton, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { TimelineEvent } from '@shared/domain/timeline'
import { errorText } from '../calls/errors'
import { useRecordingDrop } from '../calls/use-recording-drop'

export interface CallDrop {
  /** Spread on the list: one drop target for every row, not a wrapper per row. */
  dropProps: {
    onDragOver: (e: React.DragEvent) => void
    onDragLeave: (e: React.DragEvent) => void
    onDrop: (e: React.DragEvent) => void
  }
  /** The call row a recording would attach to, for its outline. */
  overId: string | null
  busy: boolean
  status: React.ReactNode
}

/** A logged call without audio: the only row a dropped recording can attach to. */
function callWithoutRecording(target: EventTarget | null, eventById: (id: string) => TimelineEvent | undefined): TimelineEvent | undefined {
  const row = target instanceof Element ? target.closest('[data-event-id]') : null
  if (!row || row.getAttribute('data-kind') !== 'call') return undefined
  const e = eventById(row.getAttribute('data-event-id')!)
  return e?.kind === 'call' && e.activity && !e.activity.recordingId ? e : undefined
}

/**
 * Dropping a call recording onto a logged call in the timeline attaches it to that call (the
 * rep typed "called, 12 min" and the audio came later from the phone). The row under the drop
 * point is found from the drop's target, so 50,000 rows need no handler each; anywhere else the
 * drop is not taken and falls through to the page's own drop zone.
 */
export function useCallDrop(customerId: string | null, eventById: (id: string) => TimelineEvent | undefined): CallDrop {
  const { t } = useTranslation('calls')
  const [overId, setOverId] = useState<string | null>(null)
  const drop = useRecordingDrop()
  const [result, setResult] = useState<{ ok: boolean; text: string; recordingId?: string } | null>(null)

  const attach = async (call: TimelineEvent, files: File[]): Promise<void> => {
    const a = call.activity!
    setResult(null)
    try {
      const done = await drop.importFiles(files, () => ({ customerId: a.customerId || customerId || '', dealId: a.dealId, activityId: a.id, at: call.at }))
      const last = done.at(-1)
      if (last) setResult({ ok: true, text: t(last.duplicate ? 'drop.duplicate' : 'drop.done', { count: done.length }), recordingId: last.recording.id })
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) })
    }
  }

  const dropProps: CallDrop['dropProps'] = {
    onDragOver: (e) => {
      if (!e.dataTransfer.types.includes('Files')) return
      const call = callWithoutRecording(e.target, eventById)
      setOverId(call ? call.id : null)
      if (!call) return
      // Taking the drop only over a call row: elsewhere the page's drop zone gets it.
      e.preventDefault()
      e.stopPropagation()
      e.dataTransfer.dropEffect = 'copy'
    },
    onDragLeave: (e) => {
      // Leaving a row for its neighbour fires leave then over; only leaving the list clears.
      if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setOverId(null)
    },
    onDrop: (e) => {
      setOverId(null)
      const call = callWithoutRecording(e.target, eventById)
      if (!call || !e.dataTransfer.files.length) return
      e.preventDefault()
      e.stopPropagation()
      void attach(call, [...e.dataTransfer.files])
    }
  }

  const status = result && (
    <Alert py={4} color={result.ok ? 'teal' : 'red'} data-testid="drop-result">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <span>
          {result.text}{' '}
          {result.recordingId && (
            <Anchor component={Link} to={`/calls?recording=${result.recordingId}`} size="sm">
              {t('drop.open')}
            </Anchor>
          )}
        </span>
        <CloseButton size="sm" aria-label={t('timeline:dropDismiss')} onClick={() => setResult(null)} />
      </Group>
    </Alert>
  )
  return { dropProps, overId, busy: drop.busy, status }
}
