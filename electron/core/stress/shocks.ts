/**
 * Stress scenarios for the book (issue 9, MODEL.md "tail"): a spot x vol grid and named paths.
 * A shock moves each underlying's spot (log-return), its forwards' basis (annualised, so a dated
 * forward moves by basis x T on top of spot: funding and basis blow-outs in a liquidation cascade),
 * and its implied vols by a shift quoted at 30 days and scaled by sqrt(30d / T), capped at 3x (short
 * tenors move most; the cap keeps a one-day option from absurd vols), with the order books thinned
 * (depth factor) and widened (spread factor). A path is a sequence of such states; its P&L is the
 * last point's, its worst the lowest point's, and its unwind cost is read at that worst point.
 */
export interface MarketShock {
  /** Spot log-return per underlying. */
  spot: Readonly<Record<string, number>>;
  /** Implied vol shift at 30 days, vol points, per underlying. */
  vol: Readonly<Record<string, number>>;
  /** Annualised basis change per underlying (forward = spot x exp(basis x T)). */
  basis?: Readonly<Record<string, number>>;
  /** Book depth multiplier (0.1 = a tenth of the size) and spread multiplier (distance from theo). */
  depth?: number;
  spread?: number;
}

export interface StressScenario {
  name: string;
  kind: 'grid' | 'path';
  points: readonly MarketShock[];
}

const COINS = ['BTC', 'ETH', 'SOL'] as const;
/** Crypto beta to BTC in a crash: ETH and SOL fall further. */
const CRASH_BETA: Readonly<Record<string, number>> = { BTC: 1, ETH: 1.2, SOL: 1.5 };

const all = (value: number, beta = false) => Object.fromEntries(COINS.map((coin) => [coin, beta ? value * CRASH_BETA[coin]! : value]));

/** Spot -30% .. +30% by 5% (as returns) x vol -15 .. +20 points by 5 at 30 days: 104 scenarios. */
export function spotVolGrid(): StressScenario[] {
  const grid: StressScenario[] = [];
  for (let spotPct = -30; spotPct <= 30; spotPct += 5) {
    for (let volPts = -15; volPts <= 20; volPts += 5) {
      grid.push({ name: `spot ${spotPct > 0 ? '+' : ''}${spotPct}% vol ${volPts > 0 ? '+' : ''}${volPts}`, kind: 'grid', points: [{ spot: all(Math.log1p(spotPct / 100)), vol: all(volPts) }] });
    }
  }
  return grid;
}

/** The named paths of issue 9: flash crash, vol spike, liquidity drought, correlated crash with cascading liquidations. */
export function stressPaths(): StressScenario[] {
  const ret = (pct: number) => Math.log1p(pct / 100);
  return [
    {
      name: 'flash crash',
      kind: 'path',
      // -30% within 10 minutes in three gaps, books thinning, then half of it back.
      points: [-10, -20, -30, -22, -15].map((pct, step) => ({
        spot: all(ret(pct)),
        vol: all([8, 18, 30, 22, 15][step]!),
        depth: [0.6, 0.3, 0.2, 0.4, 0.6][step]!,
        spread: [1.5, 3, 4, 2.5, 1.8][step]!,
      })),
    },
    { name: 'vol spike', kind: 'path', points: [{ spot: all(ret(-3)), vol: all(10) }, { spot: all(ret(-5)), vol: all(25), spread: 1.5 }, { spot: all(ret(-4)), vol: all(18) }] },
    { name: 'liquidity drought', kind: 'path', points: [{ spot: all(0), vol: all(2), depth: 0.1, spread: 5 }] },
    {
      name: 'correlated crash with cascading liquidations',
      kind: 'path',
      // Successive gaps as liquidations feed each other; perpetual funding and dated basis collapse.
      points: [-12, -20, -28, -35, -30].map((pct, step) => ({
        spot: all(ret(pct), true),
        vol: all([12, 22, 32, 40, 35][step]!),
        basis: all([-0.1, -0.25, -0.4, -0.5, -0.35][step]!),
        depth: [0.5, 0.3, 0.15, 0.1, 0.2][step]!,
        spread: [2, 3, 4, 5, 4][step]!,
      })),
    },
  ];
}
