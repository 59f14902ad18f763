import { useEffect, useMemo, useState } from 'react'
import { Badge, Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Scorecard, ScorecardTemplate } from '@shared/model/scorecard'
import {
  SCALE_MAX,
  scorecardTotal,
  type ScorecardAnswer,
  type ScorecardAnswers,
  type TrackerSegment
} from '@shared/domain/coaching'
import type { CallMetrics } from '@shared/domain/call-metrics'
import { keptSuggestions, prefilledAnswers, suggestScorecard } from '@shared/domain/scorecard-suggest'
import { markForLibrary, saveScorecard } from '../../db/coaching'
import { ScoreSuggestion } from './ScoreSuggestion'

export interface ScorePanelProps {
  recordingId: string
  repId: string | undefined
  coachId: string | null
  templates: readonly ScorecardTemplate[]
  scorecards: readonly Scorecard[]
  skills: readonly string[]
  /** Skills this call is already in the library for. */
  librarySkills: readonly string[]
  /** The call's conversation figures and transcript, for questions linked to them. */
  metrics?: CallMetrics
  segments?: readonly TrackerSegment[]
  /** Play the call from a moment (a suggestion's evidence). */
  onSeek?: (atMs: number) => void
}

const NO_SEGMENTS: TrackerSegment[] = []

/** Score the open call against a template (live weighted total) and mark it for the library. */
export function ScorePanel({
  recordingId,
  repId,
  coachId,
  templates,
  scorecards,
  skills,
  librarySkills,
  metrics,
  segments = NO_SEGMENTS,
  onSeek = () => undefined
}: ScorePanelProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const [templateId, setTemplateId] = useState<string | null>(templates[0]?.id ?? null)
  const template = templates.find((x) => x.id === templateId) ?? templates[0]
  const saved = scorecards.find((s) => s.recordingId === recordingId && s.templateId === template?.id && !s.deleted)
  // The coach's own answers; `touched` are the questions the coach decided (so no suggestion
  // fills them). A saved scorecard is all the coach's.
  const [answers, setAnswers] = useState<ScorecardAnswers>(saved?.answers ?? {})
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => touchedOf(saved, template))
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const [skill, setSkill] = useState<string | null>(null)
  const [note, setNote] = useState('')
  useEffect(() => {
    setAnswers(saved?.answers ?? {})
    setTouched(touchedOf(saved, template))
    // Only when another call or template is opened; a save must not reset what is on screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordingId, template?.id])
  const suggestions = useMemo(
    () => (template ? suggestScorecard(template, { metrics, segments }) : new Map()),
    [template, metrics, segments]
  )
  const shown = useMemo(() => prefilledAnswers(answers, suggestions, touched), [answers, suggestions, touched])
  const total = useMemo(() => (template ? scorecardTotal(template, shown) : null), [template, shown])
  if (!template) return null

  const set = (id: string, v: number | boolean | string): void => {
    setDone(false)
    setTouched((s) => new Set(s).add(id))
    setAnswers(() => {
      const next = { ...shown }
      if (next[id] === v) delete next[id]
      else next[id] = v
      return next
    })
  }
  const answerLabel = (a: ScorecardAnswer): string => (typeof a === 'boolean' ? t(a ? 'score.yes' : 'score.no') : String(a))
  const save = async (): Promise<void> => {
    if (!coachId || !repId) return
    setBusy(true)
    try {
      // What is on screen is the coach's answer (a suggestion left as it is, confirmed); the suggestions are kept beside it.
      await saveScorecard({
        templateId: template.id,
        recordingId,
        repId,
        coachId,
        answers: shown,
        suggestions: keptSuggestions(suggestions)
      })
      setAnswers(shown)
      setTouched(new Set(template.questions.map((q) => q.id)))
      setDone(true)
    } finally {
      setBusy(false)
    }
  }
  const pick = (id: string, v: number | boolean | string, label: string): React.ReactNode => (
    <Button
      key={label}
      size="compact-xs"
      variant={shown[id] === v ? 'filled' : 'default'}
      onClick={() => set(id, v)}
      aria-pressed={shown[id] === v}
    >
      {label}
    </Button>
  )
  return (
    <Card withBorder padding="sm" data-testid="score-panel">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t('score.title')}
          </Text>
          {templates.length > 1 && (
            <Select
              size="xs"
              w={200}
              data={templates.map((x) => ({ value: x.id, label: x.name }))}
              value={template.id}
              onChange={setTemplateId}
              data-testid="score-template"
            />
          )}
        </Group>
        <Badge
          size="lg"
          variant="light"
          color={total?.total == null ? 'gray' : total.total >= 70 ? 'teal' : total.total >= 50 ? 'yellow' : 'red'}
          data-testid="score-total"
        >
          {total?.total == null ? '—' : `${total.total}`}
        </Badge>
      </Group>
      <Stack gap={6}>
        {template.questions.map((q) => (
          <Stack key={q.id} gap={2}>
            <Group justify="space-between" wrap="nowrap" gap="xs" data-testid={`question-${q.id}`}>
              <Text size="sm" style={{ flex: 1 }}>
                {q.label}{' '}
                <Text span size="xs" c="dimmed">
                  ×{q.weight}
                </Text>
              </Text>
              <Group gap={2} wrap="nowrap">
                {q.type === 'scale' && Array.from({ length: SCALE_MAX }, (_, i) => pick(q.id, i + 1, String(i + 1)))}
                {q.type === 'yes_no' && [pick(q.id, true, t('score.yes')), pick(q.id, false, t('score.no'))]}
                {q.type === 'choice' && (q.options ?? []).map((o) => pick(q.id, o, o))}
              </Group>
            </Group>
            {q.link && (
              <ScoreSuggestion
                questionId={q.id}
                link={q.link}
                suggestion={saved?.suggestions?.[q.id] ?? suggestions.get(q.id)}
                current={shown[q.id]}
                answerLabel={answerLabel}
                onSeek={onSeek}
              />
            )}
          </Stack>
        ))}
      </Stack>
      <Group justify="space-between" mt="sm">
        <Text size="xs" c="dimmed">
          {t('score.answered', { answered: total?.answered ?? 0, questions: total?.questions ?? 0 })}
        </Text>
        <Group gap="xs">
          {done && (
            <Text size="xs" c="teal">
              {t('score.saved')}
            </Text>
          )}
          <Button
            size="xs"
            onClick={() => void save()}
            loading={busy}
            disabled={!coachId || !repId || !total?.answered}
            data-testid="score-save"
          >
            {t('score.save')}
          </Button>
        </Group>
      </Group>
      <Group gap="xs" mt="sm" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="xs">{t('library.markLabel')}</Text>
        <Select
          size="xs"
          w={160}
          data={[...skills]}
          value={skill}
          onChange={setSkill}
          placeholder={t('library.skill')}
          data-testid="library-skill"
        />
        <TextInput
          size="xs"
          style={{ flex: 1, minWidth: 160 }}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          placeholder={t('library.notePlaceholder')}
          aria-label={t('library.note')}
          maxLength={2000}
          data-testid="library-note"
        />
        <Button
          size="compact-xs"
          variant="light"
          color="teal"
          disabled={!skill || !coachId}
          onClick={() => {
            if (!skill || !coachId) return
            void markForLibrary({ recordingId, skill, authorId: coachId, note }).then(() => setNote(''))
          }}
          data-testid="library-mark"
        >
          {t('library.mark')}
        </Button>
        {librarySkills.map((s) => (
          <Badge
            key={s}
            size="sm"
            color="teal"
            variant="light"
            style={{ cursor: 'pointer' }}
            title={t('library.remove')}
            onClick={() => coachId && void markForLibrary({ recordingId, skill: s, authorId: coachId, remove: true })}
          >
            ★ {s} ×
          </Badge>
        ))}
      </Group>
    </Card>
  )
}

/** A saved scorecard is the coach's word on every question, answered or left open: nothing is filled in over it. */
function touchedOf(saved: Scorecard | undefined, template: ScorecardTemplate | undefined): ReadonlySet<string> {
  return saved ? new Set([...Object.keys(saved.answers), ...(template?.questions.map((q) => q.id) ?? [])]) : new Set()
}
