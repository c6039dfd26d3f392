/**
 * The one API the renderer programs against, whichever host it runs in. The Electron preload and
 * the browser WebSocket bridge both implement DeskTransport; createDeskApi turns outcomes into
 * values or DeskCallError, so screens never see a transport.
 */
import type { EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf } from './channels';
import type { DeskError, Outcome } from './schemas';

export interface DeskTransport {
  invoke(channel: string, payload: unknown): Promise<Outcome<unknown>>;
  /** Returns the unsubscribe function. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

export class DeskCallError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message);
    this.name = 'DeskCallError';
  }
}

export interface DeskApi {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
}

export function createDeskApi(transport: DeskTransport): DeskApi {
  return {
    async invoke(channel, request) {
      const outcome = await transport.invoke(channel, request);
      if (!outcome.ok) throw new DeskCallError(outcome.error);
      return outcome.value as never;
    },
    on(channel, listener) {
      return transport.on(channel, listener as (payload: unknown) => void);
    },
  };
}
