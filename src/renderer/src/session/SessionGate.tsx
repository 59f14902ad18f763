import { useEffect, useState, type ReactNode } from 'react'
import { Alert, Button, Card, Center, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { getDb } from '../db/database'
import { pendingOpCount } from '../db/outbox'
import { demoProfile, getWorkspaceMeta } from '../db/workspace'
import { useSyncStatus } from '../sync/use-sync-status'
import { HubConnectForm, syncErrorText } from '../features/settings/HubSettings'
import { syncNow } from '../sync/loop'
import { useMe, useSession } from './use-me'
import { chooseLocalProfile, createLocalProfile, switchWorkspace } from './switch'
import { ProfileChooser } from './ProfileForm'
import { setSession, type Session } from './session'
import { sameHub } from './session'

/**
 * Nobody works in the cockpit anonymously. Before the shell shows: an offline workspace needs its
 * profile (the demo opens as its director; an older import workspace asks once), and a hub
 * workspace needs its own account signed in — after a sign-out, or when main is signed in as
 * someone else, it is locked (and does not sync) until that account signs in again.
 */
export function SessionGate({ children }: { children: ReactNode }): ReactNode {
  const session = useSession()
  const me = useMe()
  const meta = useLiveQuery(async () => (await getWorkspaceMeta()) ?? null, [])
  if (meta === undefined) return null
  if (meta?.kind === 'hub') return <HubGate session={session}>{children}</HubGate>
  if (!session || !me) return <LocalProfileGate demo={meta?.kind === 'demo'} />
  return children
}

function Screen({ title, children }: { title: string; children: ReactNode }): ReactNode {
  return (
    <Center mih="100vh" p="xl">
      <Card withBorder padding="lg" maw={560} w="100%">
        <Title order={2} mb="sm">
          {title}
        </Title>
        {children}
      </Card>
    </Center>
  )
}

/** An offline workspace opened before profiles existed: the demo takes its director, an import asks once. */
function LocalProfileGate({ demo }: { demo: boolean }): ReactNode {
  const { t } = useTranslation('session')
  const people = useLiveQuery(async () => (await getDb().users.toArray()).filter((u) => !u.deleted), [])
  useEffect(() => {
    if (!demo || !people) return
    const director = demoProfile(people)
    if (director) void chooseLocalProfile(director.id)
  }, [demo, people])
  if (demo) return null
  return (
    <Screen title={t('profile.title')}>
      <Text size="sm" c="dimmed" mb="md">
        {t('profile.hint')}
      </Text>
      <ProfileChooser onNew={(p) => createLocalProfile(p)} onExisting={chooseLocalProfile} />
    </Screen>
  )
}

function HubGate({ session: given, children }: { session: Session | undefined; children: ReactNode }): ReactNode {
  const session = given?.kind === 'hub' ? given : undefined
  const { t } = useTranslation('session')
  const { t: ts } = useTranslation('sync')
  const me = useMe()
  const { status } = useSyncStatus()
  // A hub workspace from before sessions: it was made for whoever main is signed in as.
  useEffect(() => {
    if (session || !status?.userId || !status.hubUrl || !status.email) return
    void setSession(getDb(), { kind: 'hub', userId: status.userId, hubUrl: status.hubUrl, email: status.email })
  }, [session, status])
  if (!status) return null
  if (!session) {
    return status.state === 'disconnected' ? (
      <Screen title={t('gate.signedOutTitle')}>
        <HubConnectForm onConnected={() => syncNow()} />
        <SwitchWorkspaceButton />
      </Screen>
    ) : null
  }
  const signedIn = status.state !== 'disconnected' && sameHub(status.hubUrl, session.hubUrl)
  if (!signedIn) {
    return (
      <Screen title={t('gate.signedOutTitle')}>
        <Text size="sm" mb="md">
          {t('gate.signedOut', { email: session.email, hub: session.hubUrl })}
        </Text>
        <HubConnectForm account={{ hubUrl: session.hubUrl, email: session.email }} submitLabel={t('gate.signIn', { email: session.email })} onConnected={() => syncNow()} />
        <SwitchWorkspaceButton />
      </Screen>
    )
  }
  if (status.userId !== undefined && status.userId !== session.userId) {
    return (
      <Screen title={t('gate.otherAccountTitle')}>
        <Text size="sm" mb="md">
          {t('gate.otherAccount', { email: session.email, hub: session.hubUrl, other: status.email ?? '' })}
        </Text>
        <SwitchWorkspaceButton />
      </Screen>
    )
  }
  if (!me) {
    // The first round brings the org, and this person's row with it.
    return (
      <Screen title={t('gate.loadingProfile')}>
        <Group>
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {session.email}
          </Text>
        </Group>
        {status.lastErrorCode && (
          <Alert color="orange" mt="md" role="status">
            {syncErrorText(ts, status.lastErrorCode)}
          </Alert>
        )}
        <SwitchWorkspaceButton />
      </Screen>
    )
  }
  return children
}

function SwitchWorkspaceButton(): ReactNode {
  const { t } = useTranslation('session')
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="subtle" color="gray" mt="md" onClick={() => setOpen(true)}>
        {t('gate.switchWorkspace')}
      </Button>
      <SwitchWorkspaceDialog opened={open} onClose={() => setOpen(false)} />
    </>
  )
}

/** Asks before a workspace's data leaves the laptop, and says what has not reached the hub. */
export function SwitchWorkspaceDialog({ opened, onClose }: { opened: boolean; onClose: () => void }): ReactNode {
  const { t } = useTranslation('session')
  const navigate = useNavigate()
  const session = useSession()
  const unsent = useLiveQuery(() => pendingOpCount(getDb()), [], 0)
  const [busy, setBusy] = useState(false)
  const hub = session?.kind === 'hub'
  return (
    <Modal opened={opened} onClose={onClose} title={t('switch.title')}>
      <Stack gap="sm">
        <Text size="sm">{t(hub ? 'switch.hubBody' : 'switch.body')}</Text>
        {hub && unsent > 0 && (
          <Alert color="orange" role="alert">
            {t('switch.unsent', { count: unsent })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('switch.cancel')}
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={() => {
              setBusy(true)
              navigate('/')
              void switchWorkspace().finally(() => {
                setBusy(false)
                onClose()
              })
            }}
          >
            {t('switch.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
