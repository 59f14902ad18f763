import { ROLES, migrateRole } from '../shared/model/user'
import { loadHubSecret } from './auth'
import { hubConfig } from './config'
import { HubError } from './errors'
import { createOrgUnit, createUser, inviteUser, moveUser } from './org'
import { openStore } from './store'

const USAGE = `usage: tsx --tsconfig tsconfig.test.json src/hub/admin.ts <command> [--data DIR]
  create-org  --name NAME --kind region|team [--parent ID]
  create-user --email EMAIL --name NAME --role ${ROLES.join('|')} --org ORG_UNIT_ID
  move-user   --email EMAIL --org ORG_UNIT_ID   the user's laptop purges regions they leave
  invite      --email EMAIL          prints a one-time token that sets the password
PGlite's data folder is single-process: the tool refuses while the hub runs on it; stop the hub
first, or run the hub on PostgreSQL (DATABASE_URL), where the tool works while it runs.`

/** Administrator commands; the hub's org tables are the source of every user's scope. */
async function main(): Promise<void> {
  const { config, rest, flags } = hubConfig(process.argv.slice(2), process.env)
  const [command] = rest
  const need = (name: string): string => {
    const v = flags[name]
    if (!v) throw new HubError(2, 'admin.usage', `--${name} is required\n${USAGE}`)
    return v
  }
  if (!command || !['create-org', 'create-user', 'move-user', 'invite'].includes(command)) {
    console.log(USAGE)
    process.exit(command ? 2 : 0)
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    if (command === 'create-org') {
      const kind = need('kind')
      if (kind !== 'region' && kind !== 'team') throw new HubError(2, 'admin.usage', '--kind is region or team')
      const unit = await createOrgUnit(store, { name: need('name'), kind, parentId: flags.parent })
      console.log(JSON.stringify(unit))
    } else if (command === 'create-user') {
      const role = need('role')
      if (!migrateRole(role)) throw new HubError(2, 'admin.usage', `--role is one of ${ROLES.join(', ')}`)
      const user = await createUser(store, { email: need('email'), name: need('name'), role: role as 'manager', orgUnitId: need('org') })
      console.log(JSON.stringify(user))
    } else if (command === 'move-user') {
      console.log(JSON.stringify(await moveUser(store, need('email'), need('org'))))
    } else {
      const token = await inviteUser(store, loadHubSecret(config.dataDir, config.secretHex), need('email'))
      console.log(`invitation token (valid 7 days, single use): ${token}`)
    }
  } finally {
    await store.close()
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof HubError ? `${e.code}: ${e.message}` : e)
  process.exit(1)
})
