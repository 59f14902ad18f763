import { useState } from 'react'
import { Alert, Button, Card, Center, Group, Loader, Modal, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { IconDatabaseImport, IconPlayerPlay, IconCloudNetwork } from '@tabler/icons-react'
import { openDemoWorkspace, startEmptyWorkspace, type DemoProgress } from '../../db/workspace'
import { usePreferences } from '../../app/preferences'
import { getDb } from '../../db/database'
import { HubConnectForm } from '../settings/HubSettings'
import { bridgeApi, setDownloadProgress } from '../../sync/loop'
import { syncOnce } from '../../sync/engine'
import { startHubWorkspace } from '../../sync/workspace'
import type { SyncStatus } from '@shared/ipc/sync'
import type { UserRole } from '@shared/model/user'
import { ProfileFields, DEFAULT_PROFILE_ROLE } from '../../session/ProfileForm'

/** First launch: the demo workspace, a CRM import, or a team hub. */
export function FirstLaunch(): React.ReactNode {
  const { t } = useTranslation()
  const { language, info } = usePreferences()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [hubOpen, setHubOpen] = useState(false)
  const [progress, setProgress] = useState<DemoProgress | null>(null)
  // An import workspace is this laptop's own: the person at it names themself (the OS account until they type).
  const [profileName, setProfileName] = useState(info.userName ?? '')
  const [profileRole, setProfileRole] = useState<UserRole>(DEFAULT_PROFILE_ROLE)

  async function openDemo(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      navigate('/')
      await openDemoWorkspace(language, Date.now(), setProgress)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
      setProgress(null)
    }
  }

  /** Signed in: an empty hub workspace, filled by the first pull (rows appear as they arrive). */
  async function joinHub(status: SyncStatus): Promise<void> {
    navigate('/')
    // The workspace belongs to the account that just signed in: it never syncs as anyone else.
    if (!status.userId || !status.hubUrl || !status.email) throw new Error('the hub did not say who signed in')
    await startHubWorkspace(language, { kind: 'hub', userId: status.userId, hubUrl: status.hubUrl, email: status.email })
    // The header badge counts the rows as they arrive; the background loop retries if this
    // first pull fails, and the status says why.
    setDownloadProgress(0)
    try {
      await syncOnce(getDb(), bridgeApi, Date.now(), (p) => setDownloadProgress(p.applied)).catch(() => undefined)
    } finally {
      setDownloadProgress(undefined)
    }
  }

  async function importCrm(): Promise<void> {
    if (!profileName.trim()) {
      setError(t('session:profile.nameRequired'))
      return
    }
    await startEmptyWorkspace(language, Date.now(), { name: profileName, role: profileRole })
    navigate('/import')
  }

  return (
    <Center mih="100vh" p="xl">
      <Stack maw={960} w="100%" gap="lg">
        <div>
          <Title order={1}>{t('firstLaunch.title')}</Title>
          <Text c="dimmed" size="lg">
            {t('firstLaunch.subtitle')}
          </Text>
        </div>
        {error && (
          <Alert color="red" title={t('errors.generic', { message: error })}>
            {error}
          </Alert>
        )}
        <SimpleGrid cols={3}>
          <LaunchChoice icon={<IconPlayerPlay size={28} />} title={t('firstLaunch.demo')} hint={t('firstLaunch.demoHint')}>
            <Button onClick={() => void openDemo()} disabled={busy}>
              {busy ? (
                <Group gap="xs">
                  <Loader size="xs" color="white" />
                  {t('firstLaunch.loading')}
                </Group>
              ) : (
                t('firstLaunch.demo')
              )}
            </Button>
            {progress && <DemoProgressBar progress={progress} />}
          </LaunchChoice>
          <LaunchChoice icon={<IconDatabaseImport size={28} />} title={t('firstLaunch.import')} hint={t('firstLaunch.importHint')}>
            <Stack gap="xs">
              <ProfileFields compact name={profileName} role={profileRole} onName={setProfileName} onRole={setProfileRole} />
              <Button variant="light" onClick={() => void importCrm()} disabled={busy}>
                {t('firstLaunch.import')}
              </Button>
            </Stack>
          </LaunchChoice>
          <LaunchChoice icon={<IconCloudNetwork size={28} />} title={t('firstLaunch.hub')} hint={t('firstLaunch.hubHint')}>
            <Button variant="default" onClick={() => setHubOpen(true)} disabled={busy}>
              {t('firstLaunch.hub')}
            </Button>
          </LaunchChoice>
        </SimpleGrid>
        <Modal opened={hubOpen} onClose={() => setHubOpen(false)} title={t('sync:firstLaunch.title')}>
          <HubConnectForm submitLabel={t('sync:form.connectAndPull')} inviteLabel={t('sync:invite.submitAndPull')} onConnected={joinHub} />
        </Modal>
      </Stack>
    </Center>
  )
}

/** Opening the demo: the step it is on and how much is done, as a bar and a percent. */
function DemoProgressBar({ progress }: { progress: DemoProgress }): React.ReactNode {
  const { t, i18n } = useTranslation()
  const percent = Math.round(progress.fraction * 100)
  const n = (x: number | undefined): string => (x ?? 0).toLocaleString(i18n.language)
  return (
    <Stack gap={4} data-testid="demo-progress">
      <Progress value={percent} aria-label={t('firstLaunch.progress.label')} transitionDuration={150} />
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {t(`firstLaunch.progress.${progress.step}`, { written: n(progress.written), total: n(progress.total) })}
        </Text>
        <Text size="xs" c="dimmed" className="tabular">
          {t('firstLaunch.progress.percent', { percent })}
        </Text>
      </Group>
    </Stack>
  )
}

/** One of the first-launch choices: an icon, what it is, a line on what you get, and its button. */
function LaunchChoice({ icon, title, hint, children }: { icon: React.ReactNode; title: string; hint: string; children: React.ReactNode }): React.ReactNode {
  return (
    <Card withBorder padding="lg">
      <Stack justify="space-between" h="100%">
        <div>
          {icon}
          <Text fw={600} mt="sm">
            {title}
          </Text>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </div>
        {children}
      </Stack>
    </Card>
  )
}
