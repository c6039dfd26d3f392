/**
 * The contract from Node over a running browser host's WebSocket, as the page would call it (its
 * token, its Origin): for scripts that set a desk up before a browser looks at it (the screens bench).
 */
import WebSocket from 'ws';
import { createDeskApi, type DeskApi } from '../../shared/contract/api';
import type { Outcome } from '../../shared/contract/schemas';
import type { HostProcess } from './browser-host-process';

export interface HostClient {
  api: DeskApi;
  close(): void;
}

export async function connectHost(host: HostProcess): Promise<HostClient> {
  const socket = new WebSocket(`${host.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id?: number; outcome?: Outcome<unknown>; event?: string; payload?: unknown };
    if (frame.event !== undefined) for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    else if (frame.id !== undefined && frame.outcome) pending.get(frame.id)?.(frame.outcome), pending.delete(frame.id);
  });
  let nextId = 1;
  const api = createDeskApi({
    invoke: (channel, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, payload }));
      }),
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  });
  return { api, close: () => socket.close() };
}
