import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Button, Group, Stack, Stepper } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import {
  autoMap,
  collectFileStages,
  defaultCreateMissingOwners,
  defaultNamePattern,
  detectEntity,
  guessFileCurrency,
  importOrder,
  missingRequiredFields,
  recallMapping,
  stageMapFromSuggestions,
  suggestStageMapping,
  type CurrencySource,
  type ImportContext,
  type ImportEntity,
  type ImportMapping,
  type ImportMessage,
  type ImportValidation,
  type RememberedMapping,
  type StageSuggestion,
  type ValidationProgress
} from '@shared/domain/import'
import { MAX_IMPORT_BYTES } from '@shared/ipc/io'
import { bridge } from '../../bridge'
import { commitImport, loadImportContext, type CommitProgress, type CommitResult } from '../../db/import-commit'
import { recallFileMapping, rememberFileMapping } from '../../db/import-memory'
import { CommitStep } from './CommitStep'
import { FileSettings } from './FileSettings'
import { FileStep, type ReadingState } from './FileStep'
import { FileQueue, type QueuedFile } from './FileQueue'
import { MappingStep } from './MappingStep'
import { PreviewStep, type PreviewOptions } from './PreviewStep'
import { StageStep } from './StageStep'
import { runValidation } from './run-validation'
import { toImportMessage } from './use-import-message'

type Step = 'file' | 'mapping' | 'stages' | 'preview' | 'commit'

export type ImportDoneSummary = CommitResult & { fileName: string; entities: ImportEntity[] }

/** The order the queue runs in: what others point at first (teams, catalogue, accounts, deals). */
function byImportOrder(a: QueuedFile, b: QueuedFile): number {
  return importOrder.indexOf(a.entity) - importOrder.indexOf(b.entity)
}

/**
 * The CRM import wizard: files → columns → stages (deals) → check → import, once per file. Several
 * files that belong together (a teams file, accounts, products, the deals) are dropped at once and
 * run in the order they depend on each other. Main reads each file; the rules in
 * `@shared/domain/import` check it against the workspace as the earlier files left it; each commit
 * writes everything in one transaction or nothing.
 */
export function ImportWizard({ onDone, timeZone }: { onDone(summary: ImportDoneSummary): void; timeZone?: string }): React.ReactNode {
  const { t } = useTranslation('import')
  const [step, setStep] = useState<Step>('file')
  const [reading, setReading] = useState<ReadingState | null>(null)
  const [fileError, setFileError] = useState<ImportMessage | null>(null)
  const [queue, setQueue] = useState<QueuedFile[]>([])
  const [current, setCurrent] = useState(0)
  const [context, setContext] = useState<ImportContext | null>(null)
  const [mapping, setMapping] = useState<ImportMapping | null>(null)
  const [remembered, setRemembered] = useState<RememberedMapping | null>(null)
  const [currency, setCurrency] = useState<{ code: string; source: CurrencySource }>({ code: 'CNY', source: 'default' })
  const [namePattern, setNamePattern] = useState('')
  const [processId, setProcessId] = useState<string | undefined>()
  const [stageMap, setStageMap] = useState<Record<string, string | null>>({})
  const [options, setOptions] = useState<PreviewOptions>({
    createMissingCustomers: true,
    createMissingOwners: false,
    mergeSpellingVariants: true,
    dateOrder: undefined
  })
  const [validation, setValidation] = useState<ImportValidation | null>(null)
  const [checking, setChecking] = useState<ValidationProgress | null>(null)
  const [skipErrors, setSkipErrors] = useState(false)
  const [progress, setProgress] = useState<CommitProgress | null>(null)
  const [result, setResult] = useState<CommitResult | null>(null)
  const [commitError, setCommitError] = useState<ImportMessage | null>(null)

  const file = queue[current]
  const isDeals = mapping?.entity === 'deals'
  const steps: Step[] = isDeals ? ['file', 'mapping', 'stages', 'preview', 'commit'] : ['file', 'mapping', 'preview', 'commit']

  /** Makes `index` the file being worked on: reads the workspace as it is now, and the mapping remembered for its shape. */
  const openFile = useCallback(
    async (index: number, list: QueuedFile[]) => {
      const f = list[index]!
      const ctx = await loadImportContext({ now: Date.now(), timeZone })
      const memo = (await recallFileMapping(f.table.headers)) ?? null
      const recalled = recallMapping(memo ?? undefined, f.table.headers)
      const m = recalled ?? autoMap(f.table.headers, f.entity)
      const workspaceCurrency = ctx.processes[0]?.currency ?? 'CNY'
      const guess = guessFileCurrency(f.table, m, workspaceCurrency)
      setCurrent(index)
      setContext(ctx)
      setRemembered(recalled ? memo : null)
      setMapping(m)
      setCurrency(memo?.currency ? { code: memo.currency, source: guess.source === 'default' ? 'default' : guess.source } : { code: guess.currency, source: guess.source })
      setNamePattern(memo?.namePattern ?? defaultNamePattern(m))
      // Each file starts from what suits the workspace as it is now (reps may exist by now).
      setOptions((o) => ({ ...o, createMissingOwners: defaultCreateMissingOwners(ctx) }))
      setProcessId((p) => (memo?.processId && ctx.processes.some((x) => x.id === memo.processId) ? memo.processId : (p ?? ctx.processes[0]?.id)))
      setStageMap({})
      setValidation(null)
      setSkipErrors(false)
      setResult(null)
      setProgress(null)
      setCommitError(null)
      setStep('mapping')
    },
    [timeZone]
  )

  const onFiles = useCallback(
    async (files: File[]) => {
      setFileError(null)
      // Refuse before reading 150 MB into memory just to send it over IPC.
      const big = files.find((f) => f.size > MAX_IMPORT_BYTES)
      if (big) {
        setFileError({
          code: 'import.too-large',
          params: { sizeMb: Math.round(big.size / 1024 / 1024), maxMb: MAX_IMPORT_BYTES / 1024 / 1024 }
        })
        return
      }
      const list: QueuedFile[] = []
      try {
        for (const [i, f] of files.entries()) {
          setReading({ name: f.name, index: i + 1, total: files.length, bytes: f.size })
          const bytes = new Uint8Array(await f.arrayBuffer())
          const table = await bridge.invoke('io.parseTable', { fileName: f.name, data: bytes })
          list.push({ fileName: f.name, bytes, table, entity: detectEntity(table.headers) })
        }
      } catch (e) {
        setFileError(toImportMessage(e))
        setStep('file')
        setReading(null)
        return
      }
      setReading(null)
      // Stable: files of one kind keep the order they were chosen in.
      const ordered = [...list].sort(byImportOrder)
      setQueue(ordered)
      await openFile(0, ordered)
    },
    [openFile]
  )

  const onSheet = useCallback(
    async (sheet: string) => {
      if (!file) return
      setReading({ name: file.fileName, index: current + 1, total: queue.length, bytes: file.bytes.byteLength })
      try {
        const table = await bridge.invoke('io.parseTable', { fileName: file.fileName, data: file.bytes, sheet })
        const next = queue.map((q, i) => (i === current ? { ...q, table, entity: detectEntity(table.headers) } : q))
        setQueue(next)
        await openFile(current, next)
      } catch (e) {
        setFileError(toImportMessage(e))
      } finally {
        setReading(null)
      }
    },
    [file, current, queue, openFile]
  )

  // The file's stages and a suggestion for each, for the chosen process.
  const stageSuggestions = useMemo<StageSuggestion[]>(() => {
    if (!file || !mapping || !context || mapping.entity !== 'deals') return []
    const process = context.processes.find((p) => p.id === processId)
    if (!process) return []
    return suggestStageMapping(collectFileStages(file.table, mapping), process)
  }, [file, mapping, context, processId])

  // A new process or a new stage column starts from fresh suggestions (and what was chosen for
  // this export last time); the user's picks stay otherwise.
  useEffect(() => {
    setStageMap((current) => {
      const process = context?.processes.find((p) => p.id === processId)
      const known = (id: string | null | undefined): boolean => id === null || (id !== undefined && process?.stages.some((s) => s.id === id) === true)
      const fresh = stageMapFromSuggestions(stageSuggestions)
      if (remembered?.stageMap && remembered.processId === processId) {
        for (const s of stageSuggestions) if (s.value in remembered.stageMap && known(remembered.stageMap[s.value])) fresh[s.value] = remembered.stageMap[s.value]!
      }
      const sameKeys = Object.keys(current).length === stageSuggestions.length && stageSuggestions.every((s) => s.value in current)
      const valid = Object.values(current).every((id) => known(id))
      return sameKeys && valid ? current : fresh
    })
  }, [stageSuggestions, context, processId, remembered])

  const teamNamePattern = t('teams.teamNamePattern')
  const catalogue = useMemo(() => (context?.products ?? []).map((p) => p.name), [context])
  const choices = useMemo(
    () => ({
      processId,
      stageMap,
      createMissingCustomers: options.createMissingCustomers,
      createMissingOwners: options.createMissingOwners,
      mergeSpellingVariants: options.mergeSpellingVariants,
      dateOrder: options.dateOrder,
      defaultCurrency: currency.code,
      namePattern,
      teamNamePattern
    }),
    [processId, stageMap, options, currency.code, namePattern, teamNamePattern]
  )

  // Checking runs off the click in slices, with progress (a 100,000-row file takes seconds), and
  // again when a choice changes; a check made stale by a newer choice is dropped.
  const latest = useRef<AbortController | null>(null)
  useEffect(() => {
    if (step !== 'preview' || !file || !mapping || !context) return
    latest.current?.abort()
    const ctl = new AbortController()
    latest.current = ctl
    setValidation(null)
    setChecking({ phase: 'check', done: 0, total: file.table.rows.length })
    void runValidation(file.table, mapping, context, choices, { signal: ctl.signal, onProgress: (p) => !ctl.signal.aborted && setChecking(p) }).then((v) => {
      if (!v || ctl.signal.aborted) return
      setValidation(v)
      setChecking(null)
    })
    return () => ctl.abort()
  }, [step, file, mapping, context, choices])

  const startOver = useCallback(() => {
    setStep('file')
    setQueue([])
    setCurrent(0)
    setMapping(null)
    setValidation(null)
    setResult(null)
    setProgress(null)
    setCommitError(null)
    setSkipErrors(false)
    setFileError(null)
  }, [])

  const commit = useCallback(async () => {
    if (!validation || !file || !mapping) return
    setStep('commit')
    setCommitError(null)
    setResult(null)
    setProgress({ table: 'users', done: 0, total: 0 })
    try {
      const r = await commitImport(validation.plan, { skipErrorRows: skipErrors, onProgress: setProgress })
      setResult(r)
      setQueue((q) => q.map((x, i) => (i === current ? { ...x, result: r } : x)))
      // The next export of this shape opens with the same choices.
      await rememberFileMapping(file.table.headers, {
        entity: mapping.entity,
        columns: mapping.columns,
        currency: currency.code,
        namePattern,
        stageMap,
        ...(processId ? { processId } : {}),
        savedAt: Date.now()
      })
    } catch (e) {
      setCommitError(toImportMessage(e))
    }
  }, [validation, file, mapping, skipErrors, current, currency.code, namePattern, stageMap, processId])

  const go = (delta: 1 | -1): void => {
    const i = steps.indexOf(step)
    setStep(steps[Math.max(0, Math.min(steps.length - 1, i + delta))]!)
  }

  const canNext =
    step === 'mapping'
      ? mapping !== null && missingRequiredFields(mapping).length === 0
      : step === 'stages'
        ? processId !== undefined
        : false
  const importable =
    validation !== null &&
    validation.rows.some((r) => r.record) &&
    !validation.summary.fileMessages.some((m) => m.severity === 'error') &&
    (validation.summary.error === 0 || skipErrors)
  const rowsToImport = validation ? validation.rows.filter((r) => r.record).length : 0
  const nextFile = result ? queue[current + 1] : undefined

  return (
    <Stack gap="md" aria-label={t('wizard.label')} role="region">
      {queue.length > 1 && <FileQueue files={queue} current={current} />}
      {/* Past the last step once the import is written, so every step shows as done. */}
      <Stepper active={result ? steps.length : steps.indexOf(step)} size="sm" allowNextStepsSelect={false}>
        {steps.map((s) => (
          <Stepper.Step key={s} label={t(`steps.${s}`)} />
        ))}
      </Stepper>

      {step === 'file' && <FileStep reading={reading} error={fileError} onFiles={(f) => void onFiles(f)} />}
      {step === 'mapping' && file && mapping && (
        <MappingStep
          table={file.table}
          mapping={mapping}
          onMapping={(m) => {
            setMapping(m)
            if (m.entity !== mapping.entity) setNamePattern(defaultNamePattern(m))
          }}
          onSheet={(sheet) => void onSheet(sheet)}
          settings={
            <FileSettings
              table={file.table}
              mapping={mapping}
              currency={currency.code}
              currencySource={currency.source}
              onCurrency={(code) => setCurrency((c) => ({ code, source: c.source }))}
              namePattern={namePattern}
              onNamePattern={setNamePattern}
              remembered={remembered !== null}
              catalogue={catalogue}
              onForget={() => {
                const m = autoMap(file.table.headers, detectEntity(file.table.headers))
                setRemembered(null)
                setMapping(m)
                setNamePattern(defaultNamePattern(m))
                const g = guessFileCurrency(file.table, m, context?.processes[0]?.currency ?? 'CNY')
                setCurrency({ code: g.currency, source: g.source })
              }}
            />
          }
        />
      )}
      {step === 'stages' && context && (
        <StageStep
          processes={context.processes}
          processId={processId}
          onProcess={setProcessId}
          stages={stageSuggestions}
          stageMap={stageMap}
          onStage={(value, id) => setStageMap((m) => ({ ...m, [value]: id }))}
        />
      )}
      {step === 'preview' && file && (
        <PreviewStep
          rowCount={file.table.rows.length}
          checking={checking}
          validation={validation}
          currency={currency.code}
          options={options}
          onOptions={setOptions}
          skipErrors={skipErrors}
          onSkipErrors={setSkipErrors}
        />
      )}
      {step === 'commit' && (
        <CommitStep
          progress={progress}
          result={result}
          error={commitError}
          nextFile={nextFile ? { name: nextFile.fileName, entity: nextFile.entity } : undefined}
          onNextFile={() => void openFile(current + 1, queue)}
          onStartOver={startOver}
          onFinish={() => result && file && onDone({ ...result, fileName: file.fileName, entities: queue.filter((q) => q.result).map((q) => q.entity) })}
        />
      )}

      {(step === 'mapping' || step === 'stages' || step === 'preview') && (
        <Group justify="space-between">
          <Button variant="default" onClick={() => (step === 'mapping' ? startOver() : go(-1))}>
            {step === 'mapping' ? t('actions.startOver') : t('actions.back')}
          </Button>
          {step === 'preview' ? (
            <Button disabled={!importable} onClick={() => void commit()}>
              {t('commit.start', { count: rowsToImport })}
            </Button>
          ) : (
            <Button disabled={!canNext} onClick={() => go(1)}>
              {t('actions.next')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  )
}
