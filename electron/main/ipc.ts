/**
 * The contract on ipcMain: one handler per invoke channel. Only our window's top frame may call,
 * every payload goes through the contract's dispatch (schema first), and core events are
 * forwarded to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/contract/channels';
import { ipcName } from '../../shared/contract/ipc';
import type { Outcome } from '../../shared/contract/schemas';
import { dispatch } from '../core/api/dispatch';
import type { Desk } from '../core/desk';

function trustedSender(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender !== window.webContents || frame !== window.webContents.mainFrame) return false;
  const url = new URL(frame.url);
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return url.protocol === 'file:' || (devServer !== undefined && url.origin === new URL(devServer).origin);
}

export function registerIpc(desk: Desk, window: BrowserWindow): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(ipcName(channel), (event, payload): Promise<Outcome<unknown>> | Outcome<unknown> => {
      if (!trustedSender(event, window)) {
        return { ok: false, error: { code: 'invalid_request', message: 'calls are accepted only from the desk window' } };
      }
      return dispatch(desk.handlers, channel, payload);
    });
  }
  const unsubscribe = desk.events.subscribe((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcName(channel), payload);
  });
  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(ipcName(channel));
  };
}
