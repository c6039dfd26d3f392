/** The core's typed event bus: services publish, hosts forward each event over their bridge. */
import type { EventChannel, EventOf } from '../../shared/contract/channels';

export type DeskEventListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

export class DeskEvents {
  private readonly listeners = new Set<DeskEventListener>();

  /** Listen to every event; returns the unsubscribe function. */
  subscribe(listener: DeskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) listener(channel, payload);
  }
}
