import { useEffect, useState } from 'react'
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip
} from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { defaultInterviewFactors, templateProblems, weightSum, type InterviewFactor } from '@shared/domain/hiring'
import { currentInterviewTemplate, saveInterviewTemplate } from '../../db/hiring'
import { usePreferences } from '../../app/preferences'
import { Guarded } from '../../session/Guarded'
import { hiringErrorText, templateProblemText } from './hiring-text'

/**
 * The interview scorecard: factors with their weight and questions, editable. The weights must
 * add up to 100 and the editor says so, with the current sum, before anything is saved. Saving
 * makes a new version; scores already made keep the factors they were made with.
 */
export function ScorecardEditor(): React.ReactNode {
  const { t } = useTranslation('hiring')
  const { language } = usePreferences()
  const template = useLiveQuery(() => currentInterviewTemplate(), [])
  const [name, setName] = useState('')
  const [factors, setFactors] = useState<InterviewFactor[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    if (template === undefined && factors === null) return
    if (factors === null) {
      setName(template?.name ?? t('scorecard.defaultName'))
      setFactors(template?.factors ?? defaultInterviewFactors(language))
    }
  }, [template, factors, language, t])
  if (!factors) return null
  const problems = templateProblems(factors)
  const sum = weightSum(factors)
  const setFactor = (i: number, patch: Partial<InterviewFactor>): void =>
    setFactors(factors.map((f, j) => (j === i ? { ...f, ...patch } : f)))
  const save = async (): Promise<void> => {
    setError(null)
    setSaved(false)
    try {
      await saveInterviewTemplate({ ...(template ? { id: template.id } : {}), name, factors })
      setSaved(true)
    } catch (e) {
      setError(hiringErrorText(t, e))
    }
  }
  return (
    <Guarded permission="hiring.manage">
      <Stack gap="sm" data-testid="scorecard-editor">
        <Group align="end">
          <TextInput label={t('scorecard.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
          {template ? (
            <Badge variant="light">{t('scorecard.version', { version: template.version })}</Badge>
          ) : (
            <Text size="sm" c="dimmed">
              {t('scorecard.notSaved')}
            </Text>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('scorecard.hint')}
        </Text>
        {factors.map((f, i) => (
          <Card key={f.id || i} withBorder padding="sm" data-testid="scorecard-factor">
            <Group align="end" gap="xs">
              <TextInput
                label={t('scorecard.factor')}
                value={f.label}
                onChange={(e) => setFactor(i, { label: e.currentTarget.value })}
                w={220}
              />
              <NumberInput
                label={t('scorecard.weight')}
                value={f.weight}
                min={0}
                max={100}
                allowDecimal={false}
                suffix="%"
                w={110}
                onChange={(v) => setFactor(i, { weight: typeof v === 'number' ? v : Number(v) || 0 })}
                data-testid="scorecard-weight"
              />
              <Switch
                label={t('scorecard.rolePlay')}
                checked={Boolean(f.rolePlay)}
                onChange={(e) => setFactor(i, { rolePlay: e.currentTarget.checked })}
                mb={6}
              />
              <Tooltip label={t('scorecard.removeFactor')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('scorecard.removeFactor')}
                  onClick={() => setFactors(factors.filter((_, j) => j !== i))}
                  mb={4}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <Stack gap={4} mt="xs">
              {f.questions.map((q, k) => (
                <Group key={q.id || k} gap="xs" wrap="nowrap">
                  <Text size="xs" c="dimmed" w={18}>
                    {k + 1}.
                  </Text>
                  <TextInput
                    style={{ flex: 1 }}
                    size="xs"
                    aria-label={t('scorecard.question')}
                    value={q.text}
                    onChange={(e) =>
                      setFactor(i, {
                        questions: f.questions.map((x, m) => (m === k ? { ...x, text: e.currentTarget.value } : x))
                      })
                    }
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('scorecard.removeQuestion')}
                    onClick={() => setFactor(i, { questions: f.questions.filter((_, m) => m !== k) })}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="compact-xs"
                leftSection={<IconPlus size={12} />}
                w="fit-content"
                onClick={() => setFactor(i, { questions: [...f.questions, { id: '', text: '' }] })}
              >
                {t('scorecard.addQuestion')}
              </Button>
            </Stack>
          </Card>
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => setFactors([...factors, { id: '', label: '', weight: 0, questions: [{ id: '', text: '' }] }])}
          >
            {t('scorecard.addFactor')}
          </Button>
          <Text size="sm" fw={600} c={sum === 100 ? 'teal' : 'red'} data-testid="scorecard-sum">
            {t('scorecard.sum', { sum })}
          </Text>
        </Group>
        {problems.length > 0 && (
          <Alert color="orange" py={6} data-testid="scorecard-problems">
            {problems.map((p) => (
              <Text key={JSON.stringify(p)} size="sm">
                {templateProblemText(t, p)}
              </Text>
            ))}
          </Alert>
        )}
        {error && (
          <Alert color="red" py={6}>
            {error}
          </Alert>
        )}
        <Group>
          <Button onClick={() => void save()} disabled={problems.length > 0} data-testid="scorecard-save">
            {t('scorecard.save')}
          </Button>
          {saved && (
            <Text size="sm" c="teal">
              {t('scorecard.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </Guarded>
  )
}
