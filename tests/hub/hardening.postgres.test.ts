import { describe, it } from 'vitest'
import { openPostgres } from '../../src/hub/store'
import { hardeningSuite } from './hardening-suite'

// Runs against a real PostgreSQL when DATABASE_URL is set (see tests/hub/README.md).
const url = process.env.DATABASE_URL
if (url) hardeningSuite('PostgreSQL', () => openPostgres(url))
else describe.skip('team hub hardening (PostgreSQL: set DATABASE_URL to run)', () => it('needs DATABASE_URL', () => {}))
