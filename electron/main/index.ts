/** The Electron host: the core in the main process, one locked-down window, the contract over IPC. */
import { app, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../core/clock';
import { createDesk, type Desk } from '../core/desk';
import { parseHostArgs } from '../host-args';
import { registerIpc } from './ipc';
import { electronNativeBinding } from './native-binding';
import { createMainWindow, hardenSession, lockDownContents } from './window';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = parseHostArgs(process.argv.slice(app.isPackaged ? 1 : 2));
let desk: Desk | undefined;

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => desk?.close());

app
  .whenReady()
  .then(() => {
    hardenSession();
    desk = createDesk({
      dataDir: args.dataDir ?? app.getPath('userData'),
      clock: systemClock,
      config: { hostMode: 'electron', nativeBinding: electronNativeBinding(app.getAppPath()), market: args.market },
    });
    const window = createMainWindow(outDir);
    registerIpc(desk, window);
  })
  .catch((error: unknown) => {
  dialog.showErrorBox('The desk could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
