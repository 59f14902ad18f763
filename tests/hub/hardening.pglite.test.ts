import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from '../../src/hub/store'
import { hardeningSuite } from './hardening-suite'

hardeningSuite('PGlite', () => openPglite(mkdtempSync(join(tmpdir(), 'cockpit-hub-hardening-'))))
