import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CockpitError } from '../../shared/ipc/define'
import { mergeBombXlsx } from '../../../tests/fixtures/hostile-imports'
import { parseTable } from './parse-table'

/**
 * The Electron path without the Electron binary: `utilityProcess.fork` is played by a Node
 * child process whose `process.parentPort` behaves like Electron's (a `message` event whose
 * payload is in `data`, `postMessage` back), running the same bundled worker. What Electron
 * itself adds — the fatal-error report when V8 runs out of heap — the stand-in derives from
 * the child's "FATAL ERROR: <location>" line, as Electron does from V8's callback.
 */

const forks: { modulePath: string; options: Record<string, unknown> }[] = []
const children = new Set<ReturnType<typeof fork>>()

function utilityProcessStandIn(modulePath: string, _args: string[], options: { execArgv?: string[] }): EventEmitter {
  forks.push({ modulePath, options })
  const shim = join(mkdtempSync(join(tmpdir(), 'utility-')), 'shim.cjs')
  writeFileSync(
    shim,
    `const { EventEmitter } = require('node:events')
const port = new EventEmitter()
process.on('message', (m) => port.emit('message', { data: m, ports: [] }))
port.postMessage = (m) => process.send(m)
process.parentPort = port
require(process.argv[2])
`
  )
  const child = fork(shim, [modulePath], {
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  children.add(child)
  const emitter = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; kill(): boolean }
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  child.on('message', (m) => emitter.emit('message', m))
  child.on('exit', (code, signal) => {
    children.delete(child)
    const fatal = /FATAL ERROR: ([^\n]+)/.exec(stderr)
    if (fatal) emitter.emit('error', 'FatalError', fatal[1], '')
    emitter.emit('exit', code ?? (signal ? 128 : 0))
  })
  emitter.postMessage = (m) => void child.send(m as never)
  emitter.kill = () => child.kill()
  return emitter
}

vi.mock('electron', () => ({ utilityProcess: { fork: utilityProcessStandIn } }))
vi.mock('./parse-worker?modulePath', async () => {
  const { parseWorkerFile } = await import('../../../tests/harness/parse-worker')
  return { default: await parseWorkerFile() }
})

const { utilityProcessSpawner } = await import('./electron-table-parser')
const { isolatedTableParser } = await import('./table-parser')

afterEach(() => {
  for (const c of children) c.kill()
})

describe('reading import files in an Electron utility process', () => {
  it('forks the bundled worker as a named utility process with a heap cap, and reads a file there', async () => {
    const parser = isolatedTableParser(utilityProcessSpawner(), { budget: { heapMb: 512 } })
    const csv = new TextEncoder().encode('商机名称,金额\n瑞康二期,100\n华东集采\u0000,200\n')
    const table = await parser.parse({ fileName: 'deals.csv', data: csv })
    expect(table).toEqual(await parseTable('deals.csv', csv))
    expect(table.rows[1]).toEqual(['华东集采', '200'])
    expect(forks[0]!.options).toMatchObject({
      serviceName: 'Sales Cockpit file reader',
      execArgv: ['--max-old-space-size=512'],
      stdio: 'ignore'
    })
    parser.close()
  }, 120_000)

  it('relays a refusal from the worker with its code and numbers', async () => {
    const parser = isolatedTableParser(utilityProcessSpawner())
    const e = await parser.parse({ fileName: 'deals.xlsx', data: new Uint8Array(await mergeBombXlsx()) }).then(
      () => null,
      (err: unknown) => err as CockpitError
    )
    expect(e?.code).toBe('import.merged-range-too-large')
    expect(e?.params).toMatchObject({ range: 'A1:XFD1048576' })
    parser.close()
  }, 120_000)

  it('a utility process that runs out of heap is reported as out of memory, with the cap', async () => {
    const parser = isolatedTableParser(utilityProcessSpawner(), { budget: { heapMb: 8 } })
    const rows = Array.from({ length: 60_000 }, (_, i) => `Deal ${i},Account ${i % 97},${1000 + i},Negotiation,2027-03-01`)
    const csv = new TextEncoder().encode(['Opportunity Name,Account Name,Amount,Stage,Close Date', ...rows].join('\n'))
    const e = await parser.parse({ fileName: 'deals.csv', data: csv }).then(
      () => null,
      (err: unknown) => err as CockpitError
    )
    expect(e?.code).toBe('import.parse-out-of-memory')
    expect(e?.params).toEqual({ maxMb: 8 })
    parser.close()
  }, 120_000)
})
