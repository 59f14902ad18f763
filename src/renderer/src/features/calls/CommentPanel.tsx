import { useMemo, useState } from 'react'
import {
  Badge,
  Button,
  Card,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  UnstyledButton
} from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Comment } from '@shared/model/comment'
import { parseClock, threadComments } from '@shared/domain/coaching'
import { formatClock } from '@shared/domain/transcripts'
import { addRecordingComment, editRecordingComment } from '../../db/coaching'
import { useWorkspaceData } from '../../app/workspace-data'

export interface CommentDraft {
  kind: 'comment' | 'bookmark'
  atMs: number
}

export interface CommentPanelProps {
  recordingId: string
  comments: readonly Comment[]
  authorId: string | null
  /** The open add form (prefilled with the playhead time), or null. */
  draft: CommentDraft | null
  setDraft(d: CommentDraft | null): void
  seek(ms: number): void
  timeMs: number
  activeId: string | null
}

/** Comments and bookmarks on the call by time, with replies; click one to jump there. */
export function CommentPanel({
  recordingId,
  comments,
  authorId,
  draft,
  setDraft,
  seek,
  timeMs,
  activeId
}: CommentPanelProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const { userById } = useWorkspaceData()
  const threads = useMemo(() => threadComments(comments), [comments])
  const [replyTo, setReplyTo] = useState<string | null>(null)
  const [reply, setReply] = useState('')
  /** One's own comment being edited, with the text so far. */
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null)
  const saveEdit = async (): Promise<void> => {
    if (!editing || !authorId || !editing.body.trim()) return
    await editRecordingComment({ commentId: editing.id, authorId, body: editing.body })
    setEditing(null)
  }

  const sendReply = async (parent: Comment): Promise<void> => {
    if (!authorId || !reply.trim()) return
    await addRecordingComment({
      recordingId,
      authorId,
      kind: 'comment',
      atMs: parent.atMs ?? 0,
      body: reply,
      parentId: parent.id
    })
    setReply('')
    setReplyTo(null)
  }

  return (
    <Card withBorder padding="xs" mt="xs">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {t('comments.title')}
        </Text>
        <Group gap={4}>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setDraft({ kind: 'comment', atMs: timeMs })}
            data-testid="add-comment"
          >
            {t('comments.add')}
          </Button>
          <Button
            size="compact-xs"
            variant="light"
            color="grape"
            onClick={() => setDraft({ kind: 'bookmark', atMs: timeMs })}
            data-testid="add-bookmark"
          >
            {t('comments.bookmark')}
          </Button>
        </Group>
      </Group>
      {draft && (
        <DraftForm
          key={`${draft.kind}:${draft.atMs}`}
          draft={draft}
          recordingId={recordingId}
          authorId={authorId}
          onDone={() => setDraft(null)}
        />
      )}
      {threads.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('comments.none')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={260}>
          <Stack gap={4} data-testid="comment-list">
            {threads.map(({ comment: c, replies }) => (
              <div key={c.id} data-testid="comment-item" data-kind={c.kind} data-at-ms={c.atMs}>
                <UnstyledButton
                  onClick={() => c.atMs !== undefined && seek(c.atMs)}
                  px={6}
                  py={2}
                  w="100%"
                  style={{ borderRadius: 4, background: activeId === c.id ? 'var(--mantine-color-yellow-light)' : undefined }}
                >
                  <Group gap={6} wrap="nowrap" align="start">
                    <Badge size="xs" variant="light" color={c.kind === 'bookmark' ? 'grape' : 'yellow'} className="tabular">
                      {c.atMs !== undefined ? formatClock(c.atMs) : ''}
                      {c.endMs !== undefined ? `–${formatClock(c.endMs)}` : ''}
                    </Badge>
                    <Text size="sm" style={{ flex: 1 }}>
                      {c.body || (c.kind === 'bookmark' ? t('comments.bookmarkLabel') : '')}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {userById.get(c.authorId)?.name}
                        {(c as Comment & { editedAt?: number }).editedAt !== undefined && ` · ${t('comments.edited')}`}
                      </Text>
                    </Text>
                  </Group>
                </UnstyledButton>
                {replies.map((r) => (
                  <Text key={r.id} size="xs" pl={40} data-testid="comment-reply">
                    ↳ {r.body}{' '}
                    <Text span size="xs" c="dimmed">
                      · {userById.get(r.authorId)?.name}
                    </Text>
                  </Text>
                ))}
                {replyTo === c.id ? (
                  <Group gap={4} pl={40} mt={2}>
                    <TextInput
                      size="xs"
                      style={{ flex: 1 }}
                      value={reply}
                      onChange={(e) => setReply(e.currentTarget.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') void sendReply(c)
                      }}
                      placeholder={t('comments.replyPlaceholder')}
                      data-autofocus
                    />
                    <Button size="compact-xs" onClick={() => void sendReply(c)} disabled={!reply.trim() || !authorId}>
                      {t('comments.send')}
                    </Button>
                  </Group>
                ) : (
                  <Group gap={0} ml={34}>
                    <Button size="compact-xs" variant="subtle" onClick={() => setReplyTo(c.id)}>
                      {t('comments.reply')}
                    </Button>
                    {authorId !== null && c.authorId === authorId && editing?.id !== c.id && (
                      <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setEditing({ id: c.id, body: c.body })} data-testid="comment-edit">
                        {t('comments.edit')}
                      </Button>
                    )}
                  </Group>
                )}
                {editing?.id === c.id && (
                  <Group gap={4} pl={40} mt={2}>
                    <TextInput
                      size="xs"
                      style={{ flex: 1 }}
                      value={editing.body}
                      onChange={(e) => setEditing({ id: c.id, body: e.currentTarget.value })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') void saveEdit()
                        if (e.key === 'Escape') setEditing(null)
                      }}
                      data-testid="comment-edit-body"
                      data-autofocus
                    />
                    <Button size="compact-xs" onClick={() => void saveEdit()} disabled={!editing.body.trim()} data-testid="comment-edit-save">
                      {t('comments.save')}
                    </Button>
                  </Group>
                )}
              </div>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Card>
  )
}

function DraftForm({
  draft,
  recordingId,
  authorId,
  onDone
}: {
  draft: CommentDraft
  recordingId: string
  authorId: string | null
  onDone(): void
}): React.ReactNode {
  const { t } = useTranslation('calls')
  const [kind, setKind] = useState(draft.kind)
  const [at, setAt] = useState(formatClock(draft.atMs))
  const [to, setTo] = useState('')
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const atMs = parseClock(at)
  const endMs = to.trim() ? parseClock(to) : undefined
  const ok =
    authorId !== null &&
    atMs !== null &&
    endMs !== null &&
    (kind === 'bookmark' || body.trim() !== '') &&
    (endMs === undefined || endMs > atMs)
  const save = async (): Promise<void> => {
    if (!ok || atMs === null || endMs === null) return
    setBusy(true)
    try {
      await addRecordingComment({
        recordingId,
        authorId,
        kind,
        atMs,
        ...(endMs !== undefined && kind === 'comment' ? { endMs } : {}),
        body
      })
      onDone()
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap={4} mb="xs" data-testid="comment-form">
      <Group gap={4} align="end">
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v as 'comment' | 'bookmark')}
          data={[
            { value: 'comment', label: t('comments.kindComment') },
            { value: 'bookmark', label: t('comments.kindBookmark') }
          ]}
        />
        <TextInput
          size="xs"
          w={70}
          label={t('comments.at')}
          value={at}
          onChange={(e) => setAt(e.currentTarget.value)}
          error={atMs === null}
          data-testid="comment-at"
        />
        {kind === 'comment' && (
          <TextInput
            size="xs"
            w={70}
            label={t('comments.to')}
            placeholder="–"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={endMs === null}
            data-testid="comment-to"
          />
        )}
      </Group>
      <Textarea
        size="xs"
        autosize
        minRows={2}
        placeholder={kind === 'bookmark' ? t('comments.bookmarkPlaceholder') : t('comments.placeholder')}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save()
          if (e.key === 'Escape') onDone()
        }}
        data-autofocus
        autoFocus
        data-testid="comment-body"
      />
      <Group gap={4} justify="end">
        <Button size="compact-xs" variant="default" onClick={onDone}>
          {t('comments.cancel')}
        </Button>
        <Button size="compact-xs" onClick={() => void save()} loading={busy} disabled={!ok} data-testid="comment-save">
          {t('comments.save')}
        </Button>
      </Group>
    </Stack>
  )
}
