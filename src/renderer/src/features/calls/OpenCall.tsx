import { useState } from 'react'
import { Button, FileButton, Group, Modal, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { attachTranscript, hasTranscript, transcribeRecording } from '../../db/recordings'
import { CallPlayer } from './CallPlayer'
import { ScorePanel } from './ScorePanel'
import { errorCode, errorText } from './errors'
import { SttRunning, type useSttStatus } from './SttPanel'
import { CallTitle } from './CallTitle'
import { CallMetricsStrip } from './ConversationMetrics'
import type { useCallsPage } from './use-calls-page'

const TRANSCRIPT_ACCEPT = '.vtt,.srt,.json,text/vtt,application/json'

type Page = ReturnType<typeof useCallsPage>

/**
 * The open call at the top of the page: its title, a transcript from a file or from
 * speech-to-text (replacing one asks first), the player, the conversation figures and the scorecard.
 */
export function OpenCall({
  page,
  stt,
  onMessage
}: {
  page: Page
  stt: ReturnType<typeof useSttStatus>
  /** What the page's message line says after an attach or a transcription (null clears it). */
  onMessage(message: { ok: boolean; text: string } | null): void
}): React.ReactNode {
  const { t } = useTranslation('calls')
  const { open, openAt, segments, comments, authorId, coachId, trackerWords, data, skills, library, metrics, titleOf, openCall, playerRef } = page
  const [transcribing, setTranscribing] = useState(false)
  /** A transcript replacement waiting for the user's yes: from a file or from speech-to-text. */
  const [replacing, setReplacing] = useState<{ file: File } | { stt: true } | null>(null)

  const fail = (e: unknown): void => {
    onMessage({ ok: false, text: errorText(t, e) })
  }

  const importTranscript = async (file: File | null, replace = false): Promise<void> => {
    if (!file || !open) return
    onMessage(null)
    try {
      // A call that has a transcript keeps it unless the user says to replace it.
      if (!replace && (await hasTranscript(open.id))) {
        setReplacing({ file })
        return
      }
      const n = await attachTranscript(open.id, file.name, await file.text(), { replace })
      onMessage({ ok: true, text: t('transcript.attached', { count: n }) })
    } catch (e) {
      fail(e)
    }
  }

  const transcribe = async (replace = false): Promise<void> => {
    if (!open) return
    onMessage(null)
    try {
      if (!replace && (await hasTranscript(open.id))) {
        setReplacing({ stt: true })
        return
      }
      setTranscribing(true)
      const n = await transcribeRecording(open.id, { rep: t('player.laneRep'), customer: t('player.laneCustomer') }, { replace })
      onMessage({ ok: true, text: t('stt.done', { count: n }) })
    } catch (e) {
      // Stopped by the user: said plainly, not as a failure.
      if (errorCode(e).code === 'stt.cancelled') onMessage({ ok: true, text: errorText(t, e) })
      else fail(e)
    } finally {
      setTranscribing(false)
    }
  }

  const confirmReplace = (): void => {
    const r = replacing
    setReplacing(null)
    if (r && 'file' in r) void importTranscript(r.file, true)
    else if (r) void transcribe(true)
  }

  return (
    <>
      <Modal opened={replacing !== null} onClose={() => setReplacing(null)} title={t('transcript.replaceTitle')} data-testid="replace-transcript">
        <Text size="sm" mb="md">
          {t(replacing && 'stt' in replacing ? 'transcript.replaceBodyStt' : 'transcript.replaceBody')}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => setReplacing(null)}>
            {t('transcript.keep')}
          </Button>
          <Button color="red" onClick={confirmReplace} data-testid="confirm-replace">
            {t('transcript.replace')}
          </Button>
        </Group>
      </Modal>

      {open && (
        <Stack gap="xs" mb="md" ref={playerRef}>
          <Group justify="space-between">
            <CallTitle recording={open} title={titleOf(open)} />
            <Group gap="xs">
              {transcribing ? (
                <SttRunning sha256={open.sha256} />
              ) : (
                stt.status?.state === 'ready' && (
                  <Button size="xs" variant="light" onClick={() => void transcribe()} data-testid="transcribe">
                    {t('stt.transcribe')}
                  </Button>
                )
              )}
              <FileButton onChange={(f) => void importTranscript(f)} accept={TRANSCRIPT_ACCEPT}>
                {(props) => (
                  <Button {...props} size="xs" variant="light" data-testid="attach-transcript">
                    {segments.length ? t('transcript.replaceButton') : t('transcript.attach')}
                  </Button>
                )}
              </FileButton>
            </Group>
          </Group>
          <CallPlayer
            key={`${open.id}:${openAt ?? ''}`}
            recording={open}
            segments={segments}
            startMs={openAt}
            comments={comments}
            authorId={authorId}
            trackerWords={trackerWords}
          />
          <CallMetricsStrip metrics={metrics.get(open.id)} />
          <ScorePanel
            key={open.id}
            recordingId={open.id}
            repId={data?.activities.get(open.id)?.userId}
            coachId={coachId}
            templates={data?.templates ?? []}
            scorecards={data?.scorecards ?? []}
            skills={skills}
            librarySkills={[...library.entries()].filter(([, ids]) => ids.includes(open.id)).map(([s]) => s)}
            metrics={metrics.get(open.id)}
            segments={segments}
            onSeek={(ms) => openCall(open.id, ms)}
          />
        </Stack>
      )}
    </>
  )
}
