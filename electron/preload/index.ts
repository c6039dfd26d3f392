/**
 * The preload: exposes exactly the contract's channels as window.desk through contextBridge.
 * Never ipcRenderer itself, never the IPC event object; a subscription returns its unsubscribe.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeskTransport } from '../../shared/contract/api';
import type { EventChannel, InvokeChannel } from '../../shared/contract/channels';
import { ipcName } from '../../shared/contract/ipc';
import type { Outcome } from '../../shared/contract/schemas';

// The contract's channel names, inlined at build time from shared/contract/channels.ts (electron.config.ts).
declare const __DESK_INVOKE_CHANNELS__: InvokeChannel[];
declare const __DESK_EVENT_CHANNELS__: EventChannel[];

const invokable = new Set<string>(__DESK_INVOKE_CHANNELS__);
const subscribable = new Set<string>(__DESK_EVENT_CHANNELS__);

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
