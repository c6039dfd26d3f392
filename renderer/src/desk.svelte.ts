/**
 * The renderer's live view of the core: status and positions, fetched once and then kept current
 * from events. Screens read it; only the core computes.
 */
import type { DeskApi } from '../../shared/contract/api';
import type { DeskStatus, Position } from '../../shared/contract/schemas';
import { connectDesk, type ConnectionState } from './bridge/index';

class DeskState {
  connection = $state<ConnectionState>('connecting');
  status = $state<DeskStatus | null>(null);
  positions = $state<Position[]>([]);
  lastError = $state<string | null>(null);
  readonly api: DeskApi;

  constructor() {
    this.api = connectDesk((state) => {
      this.connection = state;
      if (state === 'open') void this.refresh();
    });
    this.api.on('fills.added', ({ position, fill }) => {
      const index = this.positions.findIndex((held) => held.instrument === fill.instrument);
      if (index < 0) return void this.refresh(); // a new instrument: the core decides where it sorts
      if (position) this.positions[index] = position;
      else this.positions.splice(index, 1);
      void this.refreshStatus();
    });
    this.api.on('positions.reset', () => void this.refresh());
  }

  async refreshStatus(): Promise<void> {
    this.status = await this.api.invoke('desk.status', {});
  }

  async refresh(): Promise<void> {
    try {
      const [status, positions] = await Promise.all([this.api.invoke('desk.status', {}), this.api.invoke('positions.list', {})]);
      this.status = status;
      this.positions = positions;
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}

export const desk = new DeskState();
