import { useEffect, useMemo, useState } from 'react'
import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Scorecard, ScorecardTemplate } from '@shared/model/scorecard'
import { SCALE_MAX, scorecardTotal, type ScorecardAnswers } from '@shared/domain/coaching'
import { markForLibrary, saveScorecard } from '../../db/coaching'

export interface ScorePanelProps {
  recordingId: string
  repId: string | undefined
  coachId: string | null
  templates: readonly ScorecardTemplate[]
  scorecards: readonly Scorecard[]
  skills: readonly string[]
  /** Skills this call is already in the library for. */
  librarySkills: readonly string[]
}

/** Score the open call against a template (live weighted total) and mark it for the library. */
export function ScorePanel({
  recordingId,
  repId,
  coachId,
  templates,
  scorecards,
  skills,
  librarySkills
}: ScorePanelProps): React.ReactNode {
  const { t } = useTranslation('calls')
  const [templateId, setTemplateId] = useState<string | null>(templates[0]?.id ?? null)
  const template = templates.find((x) => x.id === templateId) ?? templates[0]
  const saved = scorecards.find((s) => s.recordingId === recordingId && s.templateId === template?.id && !s.deleted)
  const [answers, setAnswers] = useState<ScorecardAnswers>(saved?.answers ?? {})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const [skill, setSkill] = useState<string | null>(null)
  useEffect(() => {
    setAnswers(saved?.answers ?? {})
    // Only when another call or template is opened; a save must not reset what is on screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordingId, template?.id])
  const total = useMemo(() => (template ? scorecardTotal(template, answers) : null), [template, answers])
  if (!template) return null

  const set = (id: string, v: number | boolean | string): void => {
    setDone(false)
    setAnswers((a) => {
      const next = { ...a }
      if (next[id] === v) delete next[id]
      else next[id] = v
      return next
    })
  }
  const save = async (): Promise<void> => {
    if (!coachId || !repId) return
    setBusy(true)
    try {
      await saveScorecard({ templateId: template.id, recordingId, repId, coachId, answers })
      setDone(true)
    } finally {
      setBusy(false)
    }
  }
  const pick = (id: string, v: number | boolean | string, label: string): React.ReactNode => (
    <Button
      key={label}
      size="compact-xs"
      variant={answers[id] === v ? 'filled' : 'default'}
      onClick={() => set(id, v)}
      aria-pressed={answers[id] === v}
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
          <Group key={q.id} justify="space-between" wrap="nowrap" gap="xs" data-testid={`question-${q.id}`}>
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
        <Button
          size="compact-xs"
          variant="light"
          color="teal"
          disabled={!skill || !coachId}
          onClick={() => skill && coachId && void markForLibrary({ recordingId, skill, authorId: coachId })}
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
