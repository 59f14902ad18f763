import { useState } from 'react'
import { Alert, Badge, Button, Card, Center, Group, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { IconDatabaseImport, IconPlayerPlay, IconCloudNetwork } from '@tabler/icons-react'
import { openDemoWorkspace, startEmptyWorkspace } from '../../db/workspace'
import { usePreferences } from '../../app/preferences'
import { getDb } from '../../db/database'
import { HubConnectForm } from '../settings/HubSettings'
import { bridgeApi } from '../../sync/loop'
import { syncOnce } from '../../sync/engine'
import { startHubWorkspace } from '../../sync/workspace'

/** First launch: the demo workspace, a CRM import, or a team hub. */
export function FirstLaunch(): React.ReactNode {
  const { t } = useTranslation()
  const { language } = usePreferences()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [hubOpen, setHubOpen] = useState(false)

  async function openDemo(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      navigate('/')
      await openDemoWorkspace(language)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
    }
  }

  /** Signed in: an empty hub workspace, filled by the first pull (rows appear as they arrive). */
  async function joinHub(): Promise<void> {
    navigate('/')
    await startHubWorkspace(language)
    // The background loop retries if this first pull fails; nothing to show here then.
    await syncOnce(getDb(), bridgeApi).catch(() => undefined)
  }

  async function importCrm(): Promise<void> {
    await startEmptyWorkspace(language)
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
          <Card withBorder padding="lg">
            <Stack justify="space-between" h="100%">
              <div>
                <IconPlayerPlay size={28} />
                <Text fw={600} mt="sm">
                  {t('firstLaunch.demo')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('firstLaunch.demoHint')}
                </Text>
              </div>
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
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Stack justify="space-between" h="100%">
              <div>
                <IconDatabaseImport size={28} />
                <Text fw={600} mt="sm">
                  {t('firstLaunch.import')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('firstLaunch.importHint')}
                </Text>
              </div>
              <Button variant="light" onClick={() => void importCrm()} disabled={busy}>
                {t('firstLaunch.import')}
              </Button>
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Stack justify="space-between" h="100%">
              <div>
                <Group justify="space-between">
                  <IconCloudNetwork size={28} />
                  <Badge variant="light" color="blue">
                    {t('firstLaunch.coming')}
                  </Badge>
                </Group>
                <Text fw={600} mt="sm">
                  {t('firstLaunch.hub')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('firstLaunch.hubHint')}
                </Text>
              </div>
              <Button variant="default" onClick={() => setHubOpen(true)} disabled={busy}>
                {t('firstLaunch.hub')}
              </Button>
            </Stack>
          </Card>
        </SimpleGrid>
        <Modal opened={hubOpen} onClose={() => setHubOpen(false)} title={t('sync:firstLaunch.title')}>
          <HubConnectForm submitLabel={t('sync:form.connectAndPull')} onConnected={joinHub} />
        </Modal>
      </Stack>
    </Center>
  )
}
