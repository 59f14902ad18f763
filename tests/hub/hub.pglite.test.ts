import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from '../../src/hub/store'
import { hubSuite } from './suite'

hubSuite('PGlite', () => openPglite(mkdtempSync(join(tmpdir(), 'cockpit-hub-'))))
