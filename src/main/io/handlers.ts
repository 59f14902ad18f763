import type { ioContract, ParseProgress } from '../../shared/ipc/io'
import { required, type SliceHandlers } from '../ipc/slice'
import { refuseUnreadable } from './limits'
import type { TableParser } from './table-parser'

/** `io.*`: reading an import file in a worker, with progress to the page that asked. */
export function ioHandlers(parser: TableParser | undefined): SliceHandlers<typeof ioContract> {
  const tables = required(parser, 'import.unavailable', 'file reader')
  return {
    'io.parseTable': (req, ctx) => {
      refuseUnreadable(req.fileName, req.data)
      // Progress goes to the page that asked; the wizard shows it while a big file is read.
      const sender = ctx.sender
      const progress = sender ? (p: ParseProgress) => sender.send('io.parseProgress', { fileName: req.fileName, ...p }) : undefined
      return tables().parse(req, progress)
    }
  }
}
