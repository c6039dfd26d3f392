/**
 * The transport the preload exposes as window.desk: only the contract's channels reach IPC, and
 * a listener gets the payload alone, never ipcRenderer or the IPC event (which would hand the
 * page a way to send on any channel). Only types come from 'electron', so Node tests run it.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { DeskTransport } from '../../shared/contract/api';
import { ipcName } from '../../shared/contract/ipc';
import type { Outcome } from '../../shared/contract/schemas';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createIpcTransport(ipc: PreloadIpc, invokeChannels: readonly string[], eventChannels: readonly string[]): DeskTransport {
  const invokable = new Set(invokeChannels);
  const subscribable = new Set(eventChannels);
  return Object.freeze({
    invoke(channel: string, payload: unknown): Promise<Outcome<unknown>> {
      if (typeof channel !== 'string' || !invokable.has(channel)) {
        return Promise.resolve<Outcome<unknown>>({ ok: false, error: { code: 'unknown_channel', message: `no such channel: ${String(channel).slice(0, 80)}` } });
      }
      return ipc.invoke(ipcName(channel), payload) as Promise<Outcome<unknown>>;
    },
    on(channel: string, listener: (payload: unknown) => void): () => void {
      if (typeof channel !== 'string' || !subscribable.has(channel)) throw new Error(`no such event channel: ${String(channel).slice(0, 80)}`);
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(ipcName(channel), forward);
      return () => {
        ipc.removeListener(ipcName(channel), forward);
      };
    },
  });
}
