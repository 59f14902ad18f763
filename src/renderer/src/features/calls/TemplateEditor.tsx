import { useState } from 'react'
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ScorecardTemplate } from '@shared/model/scorecard'
import { useLiveQuery } from 'dexie-react-hooks'
import {
  cleanScorecardTemplate,
  loadTrackers,
  saveScorecardTemplate,
  TemplateInvalidError,
  type TemplateQuestionDraft
} from '../../db/coaching'
import { QuestionLinkEditor } from './QuestionLinkEditor'

type Draft = { id?: string; name: string; questions: TemplateQuestionDraft[] }

const NO_TRACKERS: string[] = []
const blankQuestion = (): TemplateQuestionDraft => ({ label: '', type: 'scale', weight: 10 })
const toDraft = (t: ScorecardTemplate): Draft => ({ id: t.id, name: t.name, questions: t.questions.map((q) => ({ ...q })) })

/**
 * Scorecard templates: scale (1–5), yes/no and choice questions, added, removed and reordered,
 * each with a weight and the coaching skill it trains. Saved questions keep their ids, so calls
 * already scored stay scored.
 */
export function TemplateEditor({ templates }: { templates: readonly ScorecardTemplate[] }): React.ReactNode {
  const { t } = useTranslation('calls')
  const [draft, setDraft] = useState<Draft | null>(templates[0] ? toDraft(templates[0]) : null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  /** Weights that do not add up to 100 are said before saving; the coach saves anyway or fixes them. */
  const [confirmWeights, setConfirmWeights] = useState(false)
  const trackers = useLiveQuery(() => loadTrackers(), []) ?? NO_TRACKERS

  const setQuestion = (i: number, patch: Partial<TemplateQuestionDraft>): void =>
    setDraft((d) => d && { ...d, questions: d.questions.map((q, k) => (k === i ? { ...q, ...patch } : q)) })
  const move = (i: number, by: -1 | 1): void =>
    setDraft((d) => {
      if (!d || i + by < 0 || i + by >= d.questions.length) return d
      const qs = [...d.questions]
      ;[qs[i], qs[i + by]] = [qs[i + by]!, qs[i]!]
      return { ...d, questions: qs }
    })
  const save = async (anyway = false): Promise<void> => {
    if (!draft) return
    setConfirmWeights(false)
    try {
      // What is wrong is said first; weights off 100 are asked about only on an otherwise good template.
      cleanScorecardTemplate(draft)
      if (!anyway && weights !== 100) {
        setMessage(null)
        setConfirmWeights(true)
        return
      }
      const saved = await saveScorecardTemplate(draft)
      setDraft(toDraft(saved))
      setMessage({ ok: true, text: t('templates.saved', { name: saved.name }) })
    } catch (e) {
      setMessage({ ok: false, text: e instanceof TemplateInvalidError ? t(`templates.errors.${e.code}`, e.params) : String(e) })
    }
  }
  const weights = draft?.questions.reduce((s, q) => s + (q.weight || 0), 0) ?? 0

  return (
    <Stack gap="sm" data-testid="template-editor">
      <Group gap="xs" align="end">
        <Select
          label={t('templates.pick')}
          w={280}
          data={templates.map((x) => ({ value: x.id, label: x.name }))}
          value={draft?.id ?? null}
          onChange={(id) => {
            const tpl = templates.find((x) => x.id === id)
            if (tpl) setDraft(toDraft(tpl))
            setMessage(null)
          }}
          data-testid="template-pick"
        />
        <Button variant="default" onClick={() => setDraft({ name: '', questions: [blankQuestion()] })} data-testid="template-new">
          {t('templates.new')}
        </Button>
      </Group>
      {draft && (
        <Card withBorder padding="sm">
          <TextInput
            label={t('templates.name')}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            mb="sm"
            data-testid="template-name"
          />
          <Stack gap="xs">
            {draft.questions.map((q, i) => (
              <Stack key={q.id ?? `new-${i}`} gap={4} data-testid="template-question">
                <Group gap="xs" align="end" wrap="nowrap">
                  <TextInput
                    label={i === 0 ? t('templates.label') : undefined}
                    style={{ flex: 1 }}
                    value={q.label}
                    onChange={(e) => setQuestion(i, { label: e.currentTarget.value })}
                    data-testid="question-label"
                  />
                  <Select
                    label={i === 0 ? t('templates.type') : undefined}
                    w={120}
                    data={(['scale', 'yes_no', 'choice'] as const).map((v) => ({ value: v, label: t(`templates.types.${v}`) }))}
                    value={q.type}
                    onChange={(v) => v && setQuestion(i, { type: v as TemplateQuestionDraft['type'] })}
                    data-testid="question-type"
                  />
                  {q.type === 'choice' && (
                    <TagsInput
                      label={i === 0 ? t('templates.options') : undefined}
                      w={220}
                      value={q.options ?? []}
                      onChange={(v) => setQuestion(i, { options: v })}
                      data-testid="question-options"
                    />
                  )}
                  <NumberInput
                    label={i === 0 ? t('templates.weight') : undefined}
                    w={80}
                    min={0}
                    max={100}
                    value={q.weight}
                    onChange={(v) => setQuestion(i, { weight: Number(v) || 0 })}
                    data-testid="question-weight"
                  />
                  <TextInput
                    label={i === 0 ? t('templates.skill') : undefined}
                    w={120}
                    value={q.skill ?? ''}
                    onChange={(e) => setQuestion(i, { skill: e.currentTarget.value })}
                  />
                  <ActionIcon.Group>
                    <ActionIcon
                      variant="default"
                      size="input-sm"
                      aria-label={t('templates.up')}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      data-testid="question-up"
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      size="input-sm"
                      aria-label={t('templates.down')}
                      disabled={i === draft.questions.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      size="input-sm"
                      color="red"
                      aria-label={t('templates.remove')}
                      onClick={() => setDraft({ ...draft, questions: draft.questions.filter((_, k) => k !== i) })}
                      data-testid="question-remove"
                    >
                      ×
                    </ActionIcon>
                  </ActionIcon.Group>
                </Group>
                <QuestionLinkEditor link={q.link} trackers={trackers} onChange={(link) => setQuestion(i, { link })} />
              </Stack>
            ))}
          </Stack>
          <Group justify="space-between" mt="sm">
            <Button
              variant="light"
              size="xs"
              onClick={() => setDraft({ ...draft, questions: [...draft.questions, blankQuestion()] })}
              data-testid="question-add"
            >
              {t('templates.add')}
            </Button>
            <Group gap="xs">
              <Text size="xs" c={weights === 100 ? 'dimmed' : 'orange'} data-testid="template-weights">
                {weights === 100 ? t('templates.weights', { sum: weights }) : t('templates.weightsOff', { sum: weights })}
              </Text>
              <Button size="xs" onClick={() => void save()} data-testid="template-save">
                {t('templates.save')}
              </Button>
            </Group>
          </Group>
          {confirmWeights && weights !== 100 && (
            <Alert mt="sm" py={6} color="orange" data-testid="template-weights-confirm">
              <Group justify="space-between" gap="xs">
                <Text size="sm">{t('templates.weightsConfirm', { sum: weights })}</Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  color="orange"
                  onClick={() => void save(true)}
                  data-testid="template-save-anyway"
                >
                  {t('templates.saveAnyway')}
                </Button>
              </Group>
            </Alert>
          )}
          {message && (
            <Alert mt="sm" py={4} color={message.ok ? 'teal' : 'red'} data-testid="template-message">
              {message.text}
            </Alert>
          )}
        </Card>
      )}
    </Stack>
  )
}
