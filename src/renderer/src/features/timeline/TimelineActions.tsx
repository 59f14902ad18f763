import { useState } from 'react'
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, TextInput, Textarea } from '@mantine/core'
import { IconChecklist, IconNote, IconUsersGroup } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { Deal, User, VisitKind } from '@shared/model'
import { addNote, assignCoachingTask, logRideAlongOnCustomer } from '../../db/timeline'
import { WriteError } from '../../db/write'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import type { Me } from '../../session/session'

type Form = 'note' | 'rideAlong' | 'task' | null

const DAY = 86_400_000

/** `YYYY-MM-DDTHH:mm` in the browser's zone, for datetime-local inputs. */
function localInput(ms: number, withTime: boolean): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString()
  return withTime ? d.slice(0, 16) : d.slice(0, 10)
}

function parseInput(v: string): number {
  const ms = new Date(v).getTime()
  return Number.isFinite(ms) ? ms : NaN
}

/**
 * Add a note, log a ride-along (陪访) with the behaviour control sheet, assign a coaching task —
 * from the timeline, through the write path. The live query puts the new row in its place.
 */
export function TimelineActions({ customerId, dealId, deals, repId }: { customerId: string; dealId?: string; deals: readonly Deal[]; repId: string | null }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const { users, userById } = useWorkspaceData()
  const me = useMe()
  const [form, setForm] = useState<Form>(null)
  const rep = repId ? userById.get(repId) : undefined
  // The note's author, the manager riding along, the task's assigner: whoever is signed in.
  if (!me) return null
  const props = { customerId, dealId, deals, rep, me, users, onClose: () => setForm(null) }
  return (
    <Group gap={6}>
      <Button size="xs" variant="light" leftSection={<IconNote size={14} />} onClick={() => setForm('note')}>
        {t('actions.addNote')}
      </Button>
      <Button size="xs" variant="light" color="grape" leftSection={<IconUsersGroup size={14} />} onClick={() => setForm('rideAlong')}>
        {t('actions.logRideAlong')}
      </Button>
      <Button size="xs" variant="light" color="violet" leftSection={<IconChecklist size={14} />} onClick={() => setForm('task')}>
        {t('actions.assignTask')}
      </Button>
      <Modal opened={form === 'note'} onClose={() => setForm(null)} title={t('actions.addNote')} size="lg">
        {form === 'note' && <NoteForm {...props} />}
      </Modal>
      <Modal opened={form === 'rideAlong'} onClose={() => setForm(null)} title={t('actions.logRideAlong')} size="lg">
        {form === 'rideAlong' && <RideAlongForm {...props} />}
      </Modal>
      <Modal opened={form === 'task'} onClose={() => setForm(null)} title={t('actions.assignTask')} size="lg">
        {form === 'task' && <TaskForm {...props} />}
      </Modal>
    </Group>
  )
}

interface FormProps {
  customerId: string
  dealId?: string
  deals: readonly Deal[]
  rep: User | undefined
  me: Me
  users: User[]
  onClose(): void
}

const options = (us: readonly User[]): { value: string; label: string }[] => us.map((u) => ({ value: u.id, label: u.title ? `${u.name} · ${u.title}` : u.name }))

/** Which deal the entry belongs to; on a deal's page it is that deal. */
function DealSelect({ deals, value, onChange }: { deals: readonly Deal[]; value: string | null; onChange(v: string | null): void }): React.ReactNode {
  const { t } = useTranslation('timeline')
  if (deals.length === 0) return null
  return (
    <Select
      label={t('form.deal')}
      placeholder={t('form.noDeal')}
      data={deals.map((d) => ({ value: d.id, label: d.name }))}
      value={value}
      onChange={onChange}
      clearable
    />
  )
}

function useSubmit(onClose: () => void): { busy: boolean; error: string | null; run(fn: () => Promise<unknown>): void } {
  const { t } = useTranslation('timeline')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return {
    busy,
    error,
    run: (fn) => {
      setBusy(true)
      setError(null)
      fn()
        .then(onClose)
        .catch((e: unknown) => setError(e instanceof WriteError ? t('form.invalid', { detail: e.message }) : t('form.failed')))
        .finally(() => setBusy(false))
    }
  }
}

function NoteForm({ customerId, dealId, deals, me, onClose }: FormProps): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [body, setBody] = useState('')
  const [deal, setDeal] = useState<string | null>(dealId ?? null)
  const s = useSubmit(onClose)
  const ok = body.trim() !== ''
  return (
    <Stack>
      <TextInput label={t('form.author')} value={me.name} readOnly />
      {!dealId && <DealSelect deals={deals} value={deal} onChange={setDeal} />}
      <Textarea label={t('form.note')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={4} maxRows={12} data-autofocus required />
      {s.error && <Alert color="red">{s.error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('form.cancel')}
        </Button>
        <Button disabled={!ok} loading={s.busy} onClick={() => s.run(() => addNote({ customerId, dealId: deal, authorId: me.id, body, at: Date.now() }))}>
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}

function RideAlongForm({ customerId, dealId, deals, rep, me, users, onClose }: FormProps): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [repId, setRepId] = useState<string | null>(rep?.id ?? null)
  const [when, setWhen] = useState(() => localInput(Date.now(), true))
  const [visitKind, setVisitKind] = useState<VisitKind>('follow_up')
  const [deal, setDeal] = useState<string | null>(dealId ?? null)
  const [sheet, setSheet] = useState({ objective: '', conversationLogic: '', needsUncovered: '', impressionLeft: '' })
  const [body, setBody] = useState('')
  const s = useSubmit(onClose)
  const at = parseInput(when)
  const ok = repId !== null && Number.isFinite(at)
  const field = (k: keyof typeof sheet): React.ReactNode => (
    <Textarea label={t(`behaviour.${k}`)} description={t(`behaviourHint.${k}`)} value={sheet[k]} onChange={(e) => setSheet({ ...sheet, [k]: e.currentTarget.value })} autosize minRows={2} maxRows={6} />
  )
  return (
    <Stack gap="sm">
      <Group grow>
        <Select label={t('form.rep')} data={options(users.filter((u) => u.role === 'rep'))} value={repId} onChange={setRepId} searchable required />
        <TextInput label={t('form.manager')} value={me.name} readOnly />
      </Group>
      <Group grow align="flex-end">
        <TextInput type="datetime-local" label={t('form.when')} value={when} onChange={(e) => setWhen(e.currentTarget.value)} required />
        <SegmentedControl
          value={visitKind}
          onChange={(v) => setVisitKind(v as VisitKind)}
          data={(['new', 'follow_up', 'closing'] as const).map((k) => ({ value: k, label: t(`common:visitKinds.${k}`) }))}
        />
      </Group>
      {!dealId && <DealSelect deals={deals} value={deal} onChange={setDeal} />}
      {field('objective')}
      {field('conversationLogic')}
      {field('needsUncovered')}
      {field('impressionLeft')}
      <Textarea label={t('form.rideAlongNote')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
      {s.error && <Alert color="red">{s.error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('form.cancel')}
        </Button>
        <Button
          disabled={!ok}
          loading={s.busy}
          onClick={() =>
            s.run(() => logRideAlongOnCustomer({ customerId, dealId: deal, repId: repId!, at, loggedAt: Date.now(), visitKind, behaviour: sheet, body }))
          }
        >
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}

function TaskForm({ customerId, dealId, deals, rep, me, users, onClose }: FormProps): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [assignee, setAssignee] = useState<string | null>(rep?.id ?? null)
  const [subject, setSubject] = useState('')
  const [due, setDue] = useState(() => localInput(Date.now() + 7 * DAY, false))
  const [deal, setDeal] = useState<string | null>(dealId ?? null)
  const s = useSubmit(onClose)
  // Due at the end of the chosen local day.
  const dueAt = parseInput(`${due}T18:00`)
  const ok = assignee !== null && subject.trim() !== '' && Number.isFinite(dueAt)
  return (
    <Stack gap="sm">
      <Group grow>
        <Select label={t('form.assignee')} data={options(users)} value={assignee} onChange={setAssignee} searchable required />
        <TextInput label={t('form.assigner')} value={me.name} readOnly />
      </Group>
      <TextInput label={t('form.task')} placeholder={t('form.taskHint')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required data-autofocus />
      <TextInput type="date" label={t('form.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} required />
      {!dealId && <DealSelect deals={deals} value={deal} onChange={setDeal} />}
      {s.error && <Alert color="red">{s.error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('form.cancel')}
        </Button>
        <Button
          disabled={!ok}
          loading={s.busy}
          onClick={() => s.run(() => assignCoachingTask({ customerId, dealId: deal, managerId: me.id, assigneeId: assignee!, subject, dueAt, at: Date.now() }))}
        >
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}
