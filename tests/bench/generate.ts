import { performance } from 'node:perf_hooks'
import { generateWorkspace } from '../../src/shared/demo'
import { median, round, type Figure } from './figures'

/** Bench workspace generation (10k deals, 200k activities), Node, median of 3. */
export function benchGenerate(): Figure {
  const anchor = Date.UTC(2026, 10, 20, 6)
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' })
    times.push(performance.now() - t0)
  }
  return { name: 'workspace.generate.bench.ms', value: round(median(times), 0), unit: 'ms', goal: 5000, note: 'Node, median of 3' }
}
