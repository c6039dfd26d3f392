/**
 * The book as it stood at a moment of the recorded session, for the History screen's replay:
 * the latest inventory snapshot, the positions folded from the fills up to then, the last fills and
 * the premium parameter set in force. Everything is read from the store: nothing is revalued.
 */
import type { BookAt } from '../../../shared/contract/history';
import type { FillStore } from '../store/fill-store';
import type { InventoryStore } from '../store/inventory-store';
import type { PremiumParamsStore } from '../store/premium-params-store';

/** Fills shown before the cursor. */
const RECENT_FILLS = 20;

export function bookAt(stores: { inventory: InventoryStore; fills: FillStore; premiumParams: PremiumParamsStore }, time: number): BookAt {
  const snapshot = stores.inventory.snapshotAt(time);
  return {
    time,
    inventory: snapshot && {
      time: snapshot.time,
      fillId: snapshot.fillId,
      paramsId: snapshot.paramsId,
      deltaUsd: snapshot.deltaUsd,
      gammaUsd: snapshot.gammaUsd,
      vega: snapshot.vega,
      theta: snapshot.theta,
      realizedUsd: snapshot.realizedUsd,
      unrealizedUsd: snapshot.unrealizedUsd,
      feesUsd: snapshot.feesUsd,
      unmarked: snapshot.unmarked,
      exposures: snapshot.labels.map((label, i) => ({ label, value: snapshot.values[i]! })),
    },
    positions: stores.fills.positionsAt(time),
    fills: stores.fills.list(RECENT_FILLS, Number.MIN_SAFE_INTEGER, time + 1),
    params: stores.premiumParams.inForceAt(time),
  };
}
