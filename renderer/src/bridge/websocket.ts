/**
 * The browser bridge: the contract over one WebSocket back to the browser host. The token comes
 * from the page's URL; calls made while (re)connecting wait for the socket; reconnects back off.
 */
import type { DeskTransport } from '../../../shared/contract/api';
import type { Outcome } from '../../../shared/contract/schemas';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve(outcome: Outcome<unknown>): void;
}

export function websocketTransport(onState: (state: ConnectionState) => void): DeskTransport {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;

  const connect = () => {
    onState('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = 250;
      onState('open');
      for (const frame of queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { id?: number; outcome?: Outcome<unknown>; event?: string; payload?: unknown };
      if (frame.event !== undefined) {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      } else if (frame.id !== undefined && frame.outcome) {
        pending.get(frame.id)?.resolve(frame.outcome);
        pending.delete(frame.id);
      }
    };
    socket.onclose = () => {
      onState('closed');
      for (const call of pending.values()) {
        call.resolve({ ok: false, error: { code: 'internal', message: 'the connection to the desk closed before it answered' } });
      }
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    invoke(channel, payload) {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload });
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
}
