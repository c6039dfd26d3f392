/**
 * The forward of an expiry from put-call parity on its chain, for when the venue gives no
 * underlying future. Undiscounted parity (r = 0, the venue's convention):
 *   linear  (USD):  C - P = F - K            =>  F = K + (C - P)
 *   inverse (coin): C - P = (F - K) / F      =>  F = K / (1 - (C - P))
 * The strikes nearest the money carry the least relative error (C ~ P there), so the forward is
 * the median of the implied forwards of the few pairs with the smallest |C - P|.
 */
import type { Settlement } from '../../../shared/domain/instrument';
import { median } from '../../../shared/domain/median';

export interface ParityPair {
  strike: number;
  /** Call price: coin for inverse, USD for linear; absent when the side has no price. */
  call?: number;
  put?: number;
}

/** How many near-the-money pairs vote on the forward. */
const VOTERS = 3;

/** The parity forward, or null when no strike has both sides priced. */
export function parityForward(pairs: readonly ParityPair[], settlement: Settlement): number | null {
  const candidates: { distance: number; forward: number }[] = [];
  for (const { strike, call, put } of pairs) {
    if (!isPrice(call) || !isPrice(put) || !(strike > 0)) continue;
    const difference = call - put;
    const forward = settlement !== 'inverse' ? strike + difference : difference < 1 ? strike / (1 - difference) : NaN;
    if (Number.isFinite(forward) && forward > 0) candidates.push({ distance: Math.abs(difference), forward });
  }
  if (candidates.length === 0) return null;
  return median(
    candidates
      .sort((a, b) => a.distance - b.distance)
      .slice(0, VOTERS)
      .map((candidate) => candidate.forward),
  );
}

function isPrice(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}
