import { useEffect, useState } from 'react'
import { ActionIcon, Badge, Button, Card, Checkbox, Group, NumberInput, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import type { Contact, User } from '@shared/model'
import { LiveText } from './LiveText'
import {
  addRow,
  adequacyLevels,
  answers,
  competitiveStrategies,
  deleteRow,
  influenceLevels,
  influenceModes,
  influenceRoles,
  setMeta,
  setObjective,
  tasQuestions,
  updateRow,
  type StrategySheetContent
} from '@shared/domain/strategy-sheet'

/**
 * The strategy sheet's sections. Free texts (the objective, business result, personal win,
 * questions, competitors, notes, actions) are Y.Texts edited live, keystroke by keystroke, with
 * whoever else is typing in them (LiveText); choices and numbers are row fields, last writer wins.
 */

export interface SectionProps {
  content: StrategySheetContent
  edit: (fn: (doc: Y.Doc) => void) => void
  readOnly: boolean
  users: User[]
}

/** A text field that commits on blur and follows remote changes while not focused. */
export function BlurText(props: { value: string; onCommit: (v: string) => void; label?: string; ariaLabel?: string; multiline?: boolean; readOnly: boolean; placeholder?: string }): React.ReactNode {
  const [draft, setDraft] = useState(props.value)
  const [focused, setFocused] = useState(false)
  useEffect(() => {
    if (!focused) setDraft(props.value)
  }, [props.value, focused])
  const common = {
    label: props.label,
    'aria-label': props.ariaLabel ?? props.label,
    placeholder: props.placeholder,
    value: draft,
    readOnly: props.readOnly,
    size: 'xs' as const,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false)
      if (draft !== props.value) props.onCommit(draft)
    }
  }
  return props.multiline ? (
    <Textarea {...common} autosize minRows={2} onChange={(e) => setDraft(e.currentTarget.value)} />
  ) : (
    <TextInput {...common} onChange={(e) => setDraft(e.currentTarget.value)} />
  )
}

export const toDateInput = (ms: number | null): string => {
  if (ms === null) return ''
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
/** A due date is the end of that working day in the user's zone. */
export const fromDateInput = (v: string): number | null => (v ? new Date(`${v}T18:00:00`).getTime() : null)

function userOptions(users: User[]): { value: string; label: string }[] {
  return users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))
}

export function ObjectiveSection({ content, edit, readOnly }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Title order={4} mb="xs">
        {t('section.objective')}
      </Title>
      <LiveText
        multiline
        field="objective"
        readOnly={readOnly}
        ariaLabel={t('section.objective')}
        placeholder={t('objective.placeholder')}
        value={content.objective}
        onChange={(v) => edit((d) => setObjective(d, v))}
      />
      <Text size="sm" fw={500} mt="sm" mb={4}>
        {t('adequacy.label')}
      </Text>
      <SegmentedControl
        size="xs"
        aria-label={t('adequacy.label')}
        readOnly={readOnly}
        value={content.adequacy}
        onChange={(v) => edit((d) => setMeta(d, 'adequacy', v))}
        data={adequacyLevels.map((a) => ({ value: a, label: t(`adequacy.${a}`) }))}
      />
    </Card>
  )
}

export function InfluencesSection({ content, edit, readOnly, users, contacts }: SectionProps & { contacts: Contact[] }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const [contactId, setContactId] = useState<string | null>(null)
  const [role, setRole] = useState<string | null>('economic')
  const contactById = new Map(contacts.map((c) => [c.id, c]))
  const add = (): void => {
    const c = contactId ? contactById.get(contactId) : undefined
    if (!c || !role) return
    edit((d) =>
      addRow(d, 'influences', { contactId: c.id, name: c.name, role: role as (typeof influenceRoles)[number], mode: 'even_keel', influence: c.seniority >= 4 ? 'high' : 'medium' })
    )
    setContactId(null)
  }
  const users$ = userOptions(users)
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Title order={4} mb="xs">
        {t('section.influences')}
      </Title>
      {content.influences.length === 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('influence.empty')}
        </Text>
      )}
      <Stack gap="xs">
        {content.influences.map((i) => {
          const upd = (patch: Parameters<typeof updateRow<'influences'>>[3]): void => edit((d) => updateRow(d, 'influences', i.id, patch))
          const contact = contactById.get(i.contactId)
          return (
            <Card key={i.id} withBorder padding="xs" radius="sm" data-row={i.id} aria-label={i.name || t('influence.unnamed')} component="section">
              <Group justify="space-between" mb={4} wrap="nowrap">
                <Group gap={6}>
                  <Text fw={600} size="sm">
                    {i.name || t('influence.unnamed')}
                  </Text>
                  {contact && (
                    <Text size="xs" c="dimmed">
                      {contact.title}
                    </Text>
                  )}
                  {!contact && i.contactId && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('influence.contactRemoved')}
                    </Badge>
                  )}
                </Group>
                {!readOnly && (
                  <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: i.name })} onClick={() => edit((d) => deleteRow(d, 'influences', i.id))}>
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              </Group>
              <Group gap="xs" align="flex-end" wrap="wrap">
                <Select size="xs" w={150} label={t('influence.role')} readOnly={readOnly} allowDeselect={false} value={i.role} onChange={(v) => v && upd({ role: v as typeof i.role })} data={influenceRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                <Select size="xs" w={100} label={t('influence.influence')} readOnly={readOnly} allowDeselect={false} value={i.influence} onChange={(v) => v && upd({ influence: v as typeof i.influence })} data={influenceLevels.map((r) => ({ value: r, label: t(`level.${r}`) }))} />
                <Select size="xs" w={120} label={t('influence.mode')} readOnly={readOnly} allowDeselect={false} value={i.mode} onChange={(v) => v && upd({ mode: v as typeof i.mode })} data={influenceModes.map((r) => ({ value: r, label: t(`mode.${r}`) }))} />
                <NumberInput size="xs" w={90} label={t('influence.rating')} title={t('influence.ratingHint')} readOnly={readOnly} min={-5} max={5} value={i.rating} onChange={(v) => typeof v === 'number' && upd({ rating: Math.max(-5, Math.min(5, v)) })} />
                <Select size="xs" w={140} label={t('influence.coveredBy')} placeholder={t('influence.nobody')} readOnly={readOnly} clearable searchable value={i.coveredBy || null} onChange={(v) => upd({ coveredBy: v ?? '' })} data={users$} />
                <Checkbox size="xs" label={t('influence.newPlayer')} disabled={readOnly} checked={i.newPlayer} onChange={(e) => upd({ newPlayer: e.currentTarget.checked })} />
              </Group>
              <Group grow gap="xs" mt={4}>
                <LiveText field={`influences.${i.id}.businessResult`} readOnly={readOnly} label={t('influence.businessResult')} value={i.businessResult} onChange={(v) => upd({ businessResult: v })} />
                <LiveText field={`influences.${i.id}.personalWin`} readOnly={readOnly} label={t('influence.personalWin')} value={i.personalWin} onChange={(v) => upd({ personalWin: v })} />
              </Group>
            </Card>
          )
        })}
      </Stack>
      {!readOnly && (
        <Group gap="xs" mt="sm" align="flex-end">
          <Select
            size="xs"
            w={240}
            label={t('influence.contact')}
            placeholder={contacts.length ? t('influence.pickContact') : t('influence.noContacts')}
            searchable
            value={contactId}
            onChange={setContactId}
            data={contacts.filter((c) => !c.deleted).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }))}
          />
          <Select size="xs" w={130} label={t('influence.role')} allowDeselect={false} value={role} onChange={setRole} data={influenceRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          <Button size="xs" onClick={add} disabled={!contactId}>
            {t('influence.add')}
          </Button>
        </Group>
      )}
    </Card>
  )
}

export function GapsSection({ content, edit, readOnly, users }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const users$ = userOptions(users)
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('section.gaps')}</Title>
        {!readOnly && (
          <Button size="xs" variant="light" onClick={() => edit((d) => addRow(d, 'gaps', {}))}>
            {t('gap.add')}
          </Button>
        )}
      </Group>
      {content.gaps.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('gap.empty')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('gap.question')}</Table.Th>
              <Table.Th w={150}>{t('gap.owner')}</Table.Th>
              <Table.Th w={150}>{t('gap.due')}</Table.Th>
              <Table.Th w={90}>{t('gap.closed')}</Table.Th>
              <Table.Th w={36} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {content.gaps.map((g, n) => (
              <Table.Tr key={g.id} data-row={g.id} style={g.status === 'closed' ? { opacity: 0.6 } : undefined}>
                <Table.Td>
                  <LiveText field={`gaps.${g.id}.question`} readOnly={readOnly} ariaLabel={t('gap.questionN', { n: n + 1 })} placeholder={t('gap.placeholder')} value={g.question} onChange={(v) => edit((d) => updateRow(d, 'gaps', g.id, { question: v }))} />
                </Table.Td>
                <Table.Td>
                  <Select size="xs" aria-label={t('gap.ownerN', { n: n + 1 })} readOnly={readOnly} clearable searchable value={g.owner || null} onChange={(v) => edit((d) => updateRow(d, 'gaps', g.id, { owner: v ?? '' }))} data={users$} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" type="date" aria-label={t('gap.dueN', { n: n + 1 })} readOnly={readOnly} value={toDateInput(g.dueAt)} onChange={(e) => { const v = e.currentTarget.value; edit((d) => updateRow(d, 'gaps', g.id, { dueAt: fromDateInput(v) })) }} />
                </Table.Td>
                <Table.Td>
                  <Checkbox size="xs" aria-label={t('gap.closeN', { n: n + 1 })} disabled={readOnly} checked={g.status === 'closed'} onChange={(e) => { const closed = e.currentTarget.checked; edit((d) => updateRow(d, 'gaps', g.id, { status: closed ? 'closed' : 'open' })) }} />
                </Table.Td>
                <Table.Td>
                  {!readOnly && (
                    <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: g.question })} onClick={() => edit((d) => deleteRow(d, 'gaps', g.id))}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  )
}

export function CompetitionSection({ content, edit, readOnly }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('section.competition')}</Title>
        {!readOnly && (
          <Button size="xs" variant="light" onClick={() => edit((d) => addRow(d, 'competitors', {}))}>
            {t('competitor.add')}
          </Button>
        )}
      </Group>
      {content.competitors.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('competitor.empty')}
        </Text>
      )}
      <Stack gap="xs">
        {content.competitors.map((c, n) => (
          <Group key={c.id} gap="xs" align="flex-end" wrap="nowrap" data-row={c.id}>
            <LiveText field={`competitors.${c.id}.competitor`} readOnly={readOnly} label={n === 0 ? t('competitor.name') : undefined} ariaLabel={t('competitor.name')} value={c.competitor} onChange={(v) => edit((d) => updateRow(d, 'competitors', c.id, { competitor: v }))} />
            <LiveText field={`competitors.${c.id}.position`} readOnly={readOnly} label={n === 0 ? t('competitor.position') : undefined} ariaLabel={t('competitor.position')} value={c.position} onChange={(v) => edit((d) => updateRow(d, 'competitors', c.id, { position: v }))} />
            <Select size="xs" w={200} label={n === 0 ? t('competitor.strategy') : undefined} aria-label={t('competitor.strategy')} readOnly={readOnly} value={c.strategy || null} onChange={(v) => edit((d) => updateRow(d, 'competitors', c.id, { strategy: (v ?? '') as typeof c.strategy }))} data={competitiveStrategies.map((s) => ({ value: s, label: t(`strategy.${s}`) }))} />
            {!readOnly && (
              <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: c.competitor })} onClick={() => edit((d) => deleteRow(d, 'competitors', c.id))}>
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  )
}

export function NotesSection({ content, edit, readOnly }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('section.notes')}</Title>
        {!readOnly && (
          <Group gap="xs">
            <Button size="xs" variant="light" color="red" onClick={() => edit((d) => addRow(d, 'notes', { kind: 'red_flag' }))}>
              {t('note.addFlag')}
            </Button>
            <Button size="xs" variant="light" color="teal" onClick={() => edit((d) => addRow(d, 'notes', { kind: 'strength' }))}>
              {t('note.addStrength')}
            </Button>
          </Group>
        )}
      </Group>
      <Checkbox
        size="xs"
        mb="xs"
        label={t('note.reorganisation')}
        disabled={readOnly}
        checked={content.reorganisation}
        onChange={(e) => {
          const on = e.currentTarget.checked
          edit((d) => setMeta(d, 'reorganisation', on || null))
        }}
      />
      <Stack gap={6}>
        {content.notes.map((note) => (
          <Group key={note.id} gap="xs" wrap="nowrap" data-row={note.id}>
            <Badge w={84} color={note.kind === 'strength' ? 'teal' : 'red'} variant="light">
              {t(`note.${note.kind}`)}
            </Badge>
            <div style={{ flex: 1 }}>
              <LiveText field={`notes.${note.id}.text`} readOnly={readOnly} ariaLabel={t(`note.${note.kind}`)} value={note.text} onChange={(v) => edit((d) => updateRow(d, 'notes', note.id, { text: v }))} />
            </div>
            {!readOnly && (
              <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: note.text })} onClick={() => edit((d) => deleteRow(d, 'notes', note.id))}>
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  )
}

export function TasSection({ content, edit, readOnly }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Title order={4} mb="xs">
        {t('section.tas')}
      </Title>
      <Stack gap={6}>
        {tasQuestions.map((q) => (
          <Group key={q} justify="space-between" wrap="nowrap">
            <Text size="sm">{t(`tas.${q}`)}</Text>
            <SegmentedControl
              size="xs"
              aria-label={t(`tas.${q}`)}
              readOnly={readOnly}
              value={content.tas[q]}
              onChange={(v) => edit((d) => setMeta(d, `tas.${q}`, v))}
              data={answers.map((a) => ({ value: a, label: t(`answer.${a}`) }))}
            />
          </Group>
        ))}
      </Stack>
    </Card>
  )
}

export function ActionsSection({ content, edit, readOnly, users }: SectionProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const users$ = userOptions(users)
  return (
    <Card withBorder padding="sm" className="sheet-section">
      <Group justify="space-between" mb={4}>
        <Title order={4}>{t('section.actions')}</Title>
        {!readOnly && (
          <Button size="xs" variant="light" onClick={() => edit((d) => addRow(d, 'actions', {}))}>
            {t('action.add')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('action.hint')}
      </Text>
      {content.actions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('action.empty')}
        </Text>
      )}
      <Stack gap="xs">
        {content.actions.map((a, n) => (
          <Group key={a.id} gap="xs" wrap="nowrap" align="center" data-row={a.id}>
            <Checkbox size="xs" aria-label={t('action.chosenN', { n: n + 1 })} title={t('action.chosen')} disabled={readOnly || a.taskId !== ''} checked={a.chosen} onChange={(e) => { const on = e.currentTarget.checked; edit((d) => updateRow(d, 'actions', a.id, { chosen: on })) }} />
            <div style={{ flex: 1 }}>
              <LiveText field={`actions.${a.id}.text`} readOnly={readOnly} ariaLabel={t('action.textN', { n: n + 1 })} placeholder={t('action.placeholder')} value={a.text} onChange={(v) => edit((d) => updateRow(d, 'actions', a.id, { text: v }))} />
            </div>
            <Select size="xs" w={140} aria-label={t('action.ownerN', { n: n + 1 })} placeholder={t('action.owner')} readOnly={readOnly || a.taskId !== ''} clearable searchable value={a.owner || null} onChange={(v) => edit((d) => updateRow(d, 'actions', a.id, { owner: v ?? '' }))} data={users$} />
            <TextInput size="xs" w={140} type="date" aria-label={t('action.dueN', { n: n + 1 })} readOnly={readOnly || a.taskId !== ''} value={toDateInput(a.dueAt)} onChange={(e) => { const v = e.currentTarget.value; edit((d) => updateRow(d, 'actions', a.id, { dueAt: fromDateInput(v) })) }} />
            {a.taskId ? (
              <Badge size="sm" color="teal" variant="light" w={96}>
                {t('action.taskCreated')}
              </Badge>
            ) : (
              <Badge size="sm" color="gray" variant="outline" w={96}>
                {a.chosen ? t('action.needsOwnerDue') : t('action.possible')}
              </Badge>
            )}
            {!readOnly && (
              <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: a.text })} onClick={() => edit((d) => deleteRow(d, 'actions', a.id))}>
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  )
}
