/** The Electron host: the core in the main process, one locked-down window, the contract over IPC. */
import { app, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../core/clock';
import { createDesk, type Desk } from '../core/desk';
import { EncryptedFileSecretStore, SECRETS_FILE } from '../core/secrets/secret-store';
import { parseHostArgs } from '../host-args';
import { registerIpc } from './ipc';
import { safeStorageCipher } from './safe-storage-cipher';
import { electronNativeBinding } from './native-binding';
import { createMainWindow, hardenDefaultSession, openExternal } from './window';
import { lockDownContents } from './window-policy';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = parseHostArgs(process.argv.slice(app.isPackaged ? 1 : 2));
let desk: Desk | undefined;

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents, openExternal));
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => desk?.close());

app
  .whenReady()
  .then(() => {
    hardenDefaultSession();
    const dataDir = args.dataDir ?? app.getPath('userData');
    desk = createDesk({
      dataDir,
      clock: systemClock,
      config: {
        hostMode: 'electron',
        nativeBinding: electronNativeBinding(app.getAppPath()),
        market: args.market,
        backups: args.backups,
        // API keys sealed by the OS keychain; a file sealed otherwise (the CLI's passphrase) is refused by the store.
        secrets: () => EncryptedFileSecretStore.open(path.join(dataDir, SECRETS_FILE), () => safeStorageCipher()),
      },
    });
    const window = createMainWindow(outDir);
    registerIpc(desk, window);
  })
  .catch((error: unknown) => {
  dialog.showErrorBox('The desk could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
