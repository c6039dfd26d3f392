/**
 * The preload: exposes exactly the contract's channels as window.desk through contextBridge.
 * Never ipcRenderer itself, never the IPC event object; a subscription returns its unsubscribe.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeskTransport } from '../../shared/contract/api';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/contract/channels';
import { ipcName } from '../../shared/contract/ipc';
import type { Outcome } from '../../shared/contract/schemas';

const invokable = new Set<string>(INVOKE_CHANNELS);
const subscribable = new Set<string>(EVENT_CHANNELS);

const transport: DeskTransport = {
  invoke(channel, payload) {
    if (!invokable.has(channel)) {
      return Promise.resolve<Outcome<unknown>>({ ok: false, error: { code: 'unknown_channel', message: `no such channel: ${channel}` } });
    }
    return ipcRenderer.invoke(ipcName(channel), payload) as Promise<Outcome<unknown>>;
  },
  on(channel, listener) {
    if (!subscribable.has(channel)) throw new Error(`no such event channel: ${channel}`);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcName(channel), forward);
    return () => ipcRenderer.removeListener(ipcName(channel), forward);
  },
};

contextBridge.exposeInMainWorld('desk', transport);
