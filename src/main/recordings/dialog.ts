import { CockpitError } from '../../shared/ipc/define'

/**
 * Native open dialogs, Electron only. Loaded lazily so the browser harness, which serves the
 * same handlers from plain Node, never touches the electron module; there the page uploads
 * bytes instead and these answer `recording.dialog-unavailable`.
 */
export async function chooseFiles(runtime: 'electron' | 'harness', kind: 'audio' | 'folder', title: string): Promise<string[] | null> {
  if (runtime !== 'electron') throw new CockpitError('recording.dialog-unavailable', 'no native dialogs in this runtime')
  const { BrowserWindow, dialog } = await import('electron')
  const win = BrowserWindow.getFocusedWindow()
  const options: Electron.OpenDialogOptions =
    kind === 'audio'
      ? {
          title,
          properties: ['openFile', 'multiSelections'],
          filters: [{ name: 'Audio', extensions: ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'opus', 'amr', 'awb'] }]
        }
      : { title, properties: ['openDirectory'] }
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return r.canceled ? null : r.filePaths
}
