import { CockpitError } from '../../shared/ipc/define'
import { MAX_IMPORT_BYTES } from '../../shared/ipc/io'

/**
 * How much one import may ask of the laptop. The numbers are generous for real CRM exports
 * (a 100,000-row, 30-column deal export is 3M cells) and far below what a hostile file would
 * make a naive reader allocate. Each refusal names the limit it hit (`import.too-many-rows`…).
 */
export interface ImportLimits {
  /** Data rows after the header. */
  rows: number
  /** Columns that hold anything (trailing empty cells do not count). */
  columns: number
  /** Rows × columns of the grid the wizard receives (CSV). */
  cells: number
  /**
   * The same for Excel: exceljs keeps ~330 bytes per cell, so its share is smaller
   * (2M cells ≈ 700 MB while loading).
   */
  xlsxCells: number
  /** Sum of every part's declared uncompressed size in an .xlsx. */
  unpackedBytes: number
  /** Uncompressed / compressed for a part larger than `ratioFloorBytes`. */
  compressionRatio: number
  ratioFloorBytes: number
  /** Parts in the zip (an .xlsx has a dozen or two). */
  zipEntries: number
}

export const IMPORT_LIMITS: ImportLimits = {
  rows: 200_000,
  columns: 1_000,
  cells: 5_000_000,
  xlsxCells: 2_000_000,
  unpackedBytes: 200 * 1024 * 1024,
  // Sheet XML compresses 5–20:1; a deflate bomb reaches 1000:1.
  compressionRatio: 100,
  ratioFloorBytes: 10 * 1024 * 1024,
  zipEntries: 10_000
}

/** The worker that reads a file: its heap and how long it may take. */
export interface ParseBudget {
  heapMb: number
  timeoutMs: number
}

export const PARSE_BUDGET: ParseBudget = {
  // Enough for exceljs on `xlsxCells` cells plus the grid; a laptop has 8 GB or more.
  heapMb: 2048,
  // A 2M-cell workbook takes ~30 s on a slow laptop; three minutes means something is wrong.
  timeoutMs: 180_000
}

/** Refusals that need no parsing: main answers these without starting a worker. */
export function refuseUnreadable(fileName: string, data: Uint8Array): void {
  if (data.byteLength > MAX_IMPORT_BYTES) {
    throw new CockpitError('import.too-large', `${fileName}: ${data.byteLength} bytes`, {
      sizeMb: Math.round(data.byteLength / 1024 / 1024),
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024
    })
  }
  if (data.byteLength === 0) throw new CockpitError('import.empty-file', `${fileName} is empty`, { fileName })
}
