import { useMemo, useState } from 'react'
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Menu,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { SalesProcess, type Stage } from '@shared/model'
import { newId } from '@shared/ids'
import { getDb } from '../../db/database'
import { saveSalesProcess } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { usePreferences } from '../../app/preferences'

type ProblemCode = 'tooFewStages' | 'duplicateNames' | 'emptyName' | 'probability' | 'days' | 'terminal' | 'invalid'

/** Problems a manager can fix, in words, before anything is written. */
export function processProblems(p: SalesProcess): ProblemCode[] {
  const out = new Set<ProblemCode>()
  const open = p.stages.filter((s) => s.kind === 'open')
  if (open.length < 1 || p.stages.length < 3) out.add('tooFewStages')
  const names = p.stages.map((s) => s.name.trim())
  if (names.some((n) => n === '')) out.add('emptyName')
  if (new Set(names).size !== names.length) out.add('duplicateNames')
  if (p.stages.some((s) => !(s.probability >= 0 && s.probability <= 100))) out.add('probability')
  if (p.stages.some((s) => s.minDays > s.expectedDays && s.expectedDays > 0)) out.add('days')
  if (p.stages.filter((s) => s.kind === 'won').length !== 1 || p.stages.filter((s) => s.kind === 'lost').length !== 1)
    out.add('terminal')
  if (out.size === 0 && !SalesProcess.safeParse(p).success) out.add('invalid')
  return [...out]
}

const lines = (s: string): string[] =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)

/**
 * The sales process editor (Settings): stages with their milestones, probability, expected and
 * minimum days, steps and methods; abandon rules; loss reasons. Saving writes a new revision.
 */
export function ProcessEditor(): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { language } = usePreferences()
  const { processes } = useWorkspaceData()
  const [selected, setSelected] = useState<string | null>(null)
  const [draft, setDraft] = useState<SalesProcess | null>(null)
  const [busy, setBusy] = useState(false)
  const source = processes.find((p) => p.id === selected) ?? processes[0]
  // A new process (from a template) is edited as a draft until its first save.
  const creating = draft !== null && !processes.some((x) => x.id === draft.id)
  const p = draft && (creating || draft.id === source?.id) ? draft : (source ?? null)
  const openDeals = useLiveQuery(() => getDb().deals.where('status').equals('open').toArray(), [])
  const stranded = useMemo(() => {
    if (!p || !openDeals) return 0
    const ids = new Set(p.stages.map((s) => s.id))
    return openDeals.filter((d) => d.processId === p.id && !d.deleted && !ids.has(d.stageId)).length
  }, [p, openDeals])

  /** A new process starts as a copy of one of the standard two (new-customer, key-account), in the UI language. */
  async function startFrom(key: string): Promise<void> {
    const { PROCESS_DEFS, buildProcess } = await import('@shared/demo/processes')
    const def = PROCESS_DEFS.find((d) => d.key === key) ?? PROCESS_DEFS[0]!
    const fresh = buildProcess(def, newId(), language === 'zh-CN' ? 0 : 1)
    setDraft(fresh)
    setSelected(fresh.id)
  }
  const newMenu = (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />}>
          {t('org:process.new')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('org:process.newFrom')}</Menu.Label>
        <Menu.Item onClick={() => void startFrom('new')}>{t('org:process.template.new')}</Menu.Item>
        <Menu.Item onClick={() => void startFrom('ka')}>{t('org:process.template.ka')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )

  if (!p) {
    // A team starting on an empty hub: nothing to edit yet, so the first process is made here.
    return (
      <Card withBorder>
        <Group justify="space-between">
          <Text fw={600}>{t('process.title')}</Text>
          {newMenu}
        </Group>
        <Text size="sm" c="dimmed" mt="xs">
          {t('org:process.none')}
        </Text>
      </Card>
    )
  }
  const problems = processProblems(p)
  const edit = (patch: Partial<SalesProcess>): void => setDraft({ ...p, ...patch })
  const editStage = (i: number, patch: Partial<Stage>): void =>
    edit({ stages: p.stages.map((s, k) => (k === i ? { ...s, ...patch } : s)) })
  const move = (i: number, d: number): void => {
    const stages = [...p.stages]
    const [s] = stages.splice(i, 1)
    stages.splice(i + d, 0, s!)
    edit({ stages })
  }
  const firstTerminal = p.stages.findIndex((s) => s.kind !== 'open')

  async function save(): Promise<void> {
    if (!p) return
    setBusy(true)
    try {
      await saveSalesProcess(p)
      setDraft(null)
      notifications.show({ color: 'teal', message: t('process.saved', { name: p.name }) })
    } catch (e) {
      notifications.show({ color: 'red', message: t('process.saveFailed', { message: String(e) }) })
    } finally {
      setBusy(false)
    }
  }

  // The settings column is narrow; the stage table needs room, so the card takes the page width.
  return (
    <Card withBorder w="min(1100px, calc(100vw - 240px))">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('process.title')}</Text>
        <Group gap="xs">
          <Select
            aria-label={t('process.choose')}
            size="xs"
            w={220}
            value={p.id}
            allowDeselect={false}
            onChange={(v) => {
              setSelected(v)
              setDraft(null)
            }}
            data={[...processes, ...(creating ? [p] : [])].map((x) => ({ value: x.id, label: creating && x.id === p.id ? t('org:process.unsaved', { name: x.name }) : `${x.name} · r${x.revision}` }))}
          />
          {newMenu}
        </Group>
      </Group>
      <Stack gap="sm">
        <TextInput label={t('process.name')} size="xs" value={p.name} onChange={(e) => edit({ name: e.currentTarget.value })} />
        <Table fz="xs" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('process.stage')}</Table.Th>
              <Table.Th w={80}>{t('process.probability')}</Table.Th>
              <Table.Th w={80}>{t('process.expectedDays')}</Table.Th>
              <Table.Th w={80}>{t('process.minDays')}</Table.Th>
              <Table.Th>{t('process.criteria')}</Table.Th>
              <Table.Th>{t('process.stepsMethods')}</Table.Th>
              <Table.Th w={84} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.stages.map((s, i) => (
              <Table.Tr key={s.id} style={{ verticalAlign: 'top' }}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('process.stage')}
                    value={s.name}
                    onChange={(e) => editStage(i, { name: e.currentTarget.value })}
                  />
                  {s.kind !== 'open' && (
                    <Text size="xs" c="dimmed">
                      {t(`process.kind.${s.kind}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={t('process.probability')}
                    value={s.probability}
                    disabled={s.kind !== 'open'}
                    onChange={(v) => editStage(i, { probability: typeof v === 'number' ? v : Number.NaN })}
                  />
                </Table.Td>
                <Table.Td>
                  {s.kind === 'open' && (
                    <NumberInput
                      size="xs"
                      aria-label={t('process.expectedDays')}
                      min={0}
                      value={s.expectedDays}
                      onChange={(v) => editStage(i, { expectedDays: typeof v === 'number' ? Math.round(v) : 0 })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {s.kind === 'open' && (
                    <NumberInput
                      size="xs"
                      aria-label={t('process.minDays')}
                      min={0}
                      value={s.minDays}
                      onChange={(v) => editStage(i, { minDays: typeof v === 'number' ? Math.round(v) : 0 })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {s.kind === 'open' && (
                    <Textarea
                      size="xs"
                      autosize
                      minRows={1}
                      aria-label={t('process.criteria')}
                      value={s.exitCriteria.map((c) => c.label).join('\n')}
                      onChange={(e) => {
                        // Keep each criterion's id by position, so deals' checked milestones stay checked.
                        const labels = e.currentTarget.value.split('\n')
                        editStage(i, {
                          exitCriteria: labels.map((label, k) => ({
                            id: s.exitCriteria[k]?.id ?? `${s.id}-${newId().slice(-8)}`,
                            label
                          }))
                        })
                      }}
                      onBlur={() => editStage(i, { exitCriteria: s.exitCriteria.filter((c) => c.label.trim()) })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {s.kind === 'open' && (
                    <Textarea
                      size="xs"
                      autosize
                      minRows={1}
                      aria-label={t('process.stepsMethods')}
                      value={[...s.steps, ...(s.methods.length ? ['—', ...s.methods] : [])].join('\n')}
                      onChange={(e) => {
                        const [steps, methods = ''] = e.currentTarget.value.split(/\n—\n?/)
                        editStage(i, { steps: lines(steps ?? ''), methods: lines(methods) })
                      }}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {s.kind === 'open' && (
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        aria-label={t('process.up')}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        aria-label={t('process.down')}
                        disabled={i + 1 >= firstTerminal}
                        onClick={() => move(i, 1)}
                      >
                        <IconArrowDown size={14} />
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="red"
                        aria-label={t('process.remove')}
                        onClick={() => edit({ stages: p.stages.filter((_, k) => k !== i) })}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              const stage: Stage = {
                id: `stage-${newId().slice(-12)}`,
                name: t('process.newStage', { n: firstTerminal + 1 }),
                kind: 'open',
                probability: 50,
                expectedDays: 14,
                minDays: 1,
                exitCriteria: [],
                steps: [],
                methods: []
              }
              const stages = [...p.stages]
              stages.splice(firstTerminal < 0 ? stages.length : firstTerminal, 0, stage)
              edit({ stages })
            }}
          >
            {t('process.addStage')}
          </Button>
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            size="xs"
            label={t('process.ageVsMedian')}
            min={1}
            max={20}
            decimalScale={1}
            value={p.abandonRules.ageVsMedian}
            onChange={(v) => edit({ abandonRules: { ...p.abandonRules, ageVsMedian: typeof v === 'number' ? v : 1 } })}
          />
          <NumberInput
            size="xs"
            label={t('process.maxPushes')}
            min={1}
            max={50}
            value={p.abandonRules.maxPushes}
            onChange={(v) => edit({ abandonRules: { ...p.abandonRules, maxPushes: typeof v === 'number' ? Math.round(v) : 1 } })}
          />
          <Switch
            mt={24}
            size="xs"
            label={t('process.requireEconomicBuyer')}
            checked={p.abandonRules.requireEconomicBuyer}
            onChange={(e) => edit({ abandonRules: { ...p.abandonRules, requireEconomicBuyer: e.currentTarget.checked } })}
          />
        </Group>
        <Textarea
          size="xs"
          label={t('process.lossReasons')}
          autosize
          minRows={2}
          value={p.lossReasons.join('\n')}
          onChange={(e) => edit({ lossReasons: e.currentTarget.value.split('\n') })}
          onBlur={() => edit({ lossReasons: lines(p.lossReasons.join('\n')) })}
        />
        {problems.length > 0 && (
          <Alert color="red" variant="light" py={6}>
            {problems.map((c) => (
              <Text key={c} size="sm">
                {t(`process.problems.${c}`)}
              </Text>
            ))}
          </Alert>
        )}
        {stranded > 0 && (
          <Alert color="yellow" variant="light" py={6}>
            {t('process.stranded', { count: stranded })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button size="xs" variant="default" disabled={!draft} onClick={() => setDraft(null)}>
            {t('process.discard')}
          </Button>
          <Button size="xs" disabled={!draft || problems.length > 0} loading={busy} onClick={() => void save()}>
            {t('process.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
