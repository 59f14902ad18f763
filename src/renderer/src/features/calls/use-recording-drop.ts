import { useCallback, useRef, useState } from 'react'
import type { Recording } from '@shared/model/recording'
import { importCallFile, type CallTarget } from '../../db/recordings'

export interface ImportedCall {
  recording: Recording
  duplicate: boolean
}

export interface RecordingDrop {
  /** True while dropped files are being imported. */
  busy: boolean
  /**
   * Import dropped or chosen files one after another, each onto the call target `targetOf` gives
   * it: by path, so the audio never passes through the page (see `importCallFile`). `onEach` hears
   * every stored call as it lands; the first failure stops the rest and is thrown.
   */
  importFiles(files: File[], targetOf: (file: File) => CallTarget, onEach?: (done: ImportedCall, file: File) => void): Promise<ImportedCall[]>
}

/**
 * The one way a recording file gets from a drop (calls page, customer/deal box, a timeline call
 * row) into the store. The drop targets differ in where the call lands and what they say after;
 * the import itself is this.
 */
export function useRecordingDrop(): RecordingDrop {
  const [busy, setBusy] = useState(false)
  const running = useRef(0)
  const importFiles = useCallback<RecordingDrop['importFiles']>(async (files, targetOf, onEach) => {
    running.current++
    setBusy(true)
    try {
      const out: ImportedCall[] = []
      for (const file of files) {
        const done = await importCallFile(file, targetOf(file))
        out.push(done)
        onEach?.(done, file)
      }
      return out
    } finally {
      if (--running.current === 0) setBusy(false)
    }
  }, [])
  return { busy, importFiles }
}
