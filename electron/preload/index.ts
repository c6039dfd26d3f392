/**
 * The preload: exposes exactly the contract's channels as window.desk through contextBridge
 * (transport.ts). Never ipcRenderer itself, never the IPC event object.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { EventChannel, InvokeChannel } from '../../shared/contract/channels';
import { createIpcTransport } from './transport';

// The contract's channel names, inlined at build time from shared/contract/channels.ts (electron.config.ts).
declare const __DESK_INVOKE_CHANNELS__: InvokeChannel[];
declare const __DESK_EVENT_CHANNELS__: EventChannel[];

contextBridge.exposeInMainWorld('desk', createIpcTransport(ipcRenderer, __DESK_INVOKE_CHANNELS__, __DESK_EVENT_CHANNELS__));
