/**
 * Stress scenarios injected into a running simulation (MODEL.md's stress set), each with its
 * parameters and documented effect:
 *
 *   flash-crash        one coin's spot drops by `drop` at once, its vol jumps by `volMultiplier`,
 *                      and `recovery` of the fall comes back linearly over `recoveryMs`.
 *   vol-spike          the instantaneous vol of the coins (one, or all) is multiplied by
 *                      `multiplier`; it decays at the log-vol's own rate (half-life ~25 days by
 *                      default); ATM implied vols of short expiries rise by about the multiplier.
 *   liquidity-drought  for `durationMs`, the coins' book half-spreads are multiplied by
 *                      `spreadMultiplier`, depth by `depthMultiplier` and client flow intensity by
 *                      `flowMultiplier`.
 *   correlated-crash   every coin falls at once by its crash beta times ln(1 - drop); then, every
 *                      `cascadeIntervalMs` for up to `cascadeSteps` steps, forced liquidations sell
 *                      `feedback` times the fall realised over the previous interval (so while
 *                      the market keeps falling the total tends to ln(1 - drop) / (1 - feedback)),
 *                      each leg lifting vol and pushing the perpetuals under the index in
 *                      proportion; a liquidity drought runs alongside for `droughtMs`.
 *
 * Spreads widen on their own when vol rises (book.ts) and the skew steepens after a fall
 * (surface.ts); these multipliers come on top.
 */
import type { SpotDynamics } from './dynamics';

export interface FlashCrash {
  kind: 'flash-crash';
  base: string;
  drop: number;
  volMultiplier: number;
  recovery: number;
  recoveryMs: number;
}
export interface VolSpike {
  kind: 'vol-spike';
  /** One coin, or every coin when absent. */
  base?: string;
  multiplier: number;
}
export interface LiquidityDrought {
  kind: 'liquidity-drought';
  base?: string;
  durationMs: number;
  spreadMultiplier: number;
  depthMultiplier: number;
  flowMultiplier: number;
}
export interface CorrelatedCrash {
  kind: 'correlated-crash';
  drop: number;
  feedback: number;
  cascadeSteps: number;
  cascadeIntervalMs: number;
  volMultiplier: number;
  /** Perpetual premium change per unit of the initial fall's size (a -8% fall with 0.02 moves the premium by -0.16%). */
  premiumSensitivity: number;
  droughtMs: number;
  spreadMultiplier: number;
  depthMultiplier: number;
  flowMultiplier: number;
}
export type Scenario = FlashCrash | VolSpike | LiquidityDrought | CorrelatedCrash;
export type ScenarioKind = Scenario['kind'];
/** A scenario as asked for: its kind, and any parameters that differ from the defaults. */
export type ScenarioRequest = { [K in ScenarioKind]: { kind: K } & Partial<Omit<Extract<Scenario, { kind: K }>, 'kind'>> }[ScenarioKind];

/**
 * Defaults: a 15% flash crash on BTC with vol x1.5 and half of it back within 10 minutes (the
 * shape of BTC's 2021-2024 wicks); vol x1.8; a 15-minute drought with spreads x3, depth /4 and flow
 * x0.3; a correlated crash of -8% (x beta) with 60% feedback over five 2-second legs (about -19%
 * for BTC in all), vol x1.6, and a 30-minute drought.
 */
export const SCENARIO_DEFAULTS: { [K in ScenarioKind]: Extract<Scenario, { kind: K }> } = {
  'flash-crash': { kind: 'flash-crash', base: 'BTC', drop: 0.15, volMultiplier: 1.5, recovery: 0.5, recoveryMs: 600_000 },
  'vol-spike': { kind: 'vol-spike', multiplier: 1.8 },
  'liquidity-drought': { kind: 'liquidity-drought', durationMs: 900_000, spreadMultiplier: 3, depthMultiplier: 0.25, flowMultiplier: 0.3 },
  'correlated-crash': {
    kind: 'correlated-crash',
    drop: 0.08,
    feedback: 0.6,
    cascadeSteps: 5,
    cascadeIntervalMs: 2_000,
    volMultiplier: 1.6,
    premiumSensitivity: 0.02,
    droughtMs: 1_800_000,
    spreadMultiplier: 2.5,
    depthMultiplier: 0.3,
    flowMultiplier: 0.5,
  },
};

/** The request with its defaults filled in, checked; throws saying which parameter is wrong. */
export function resolveScenario(request: ScenarioRequest, bases: readonly string[]): Scenario {
  const defaults = SCENARIO_DEFAULTS[request.kind];
  if (!defaults) throw new Error(`sim scenario: unknown kind '${(request as { kind: unknown }).kind}' (known: ${Object.keys(SCENARIO_DEFAULTS).join(', ')})`);
  const scenario = { ...defaults, ...request } as Scenario;
  const check = (name: string, ok: boolean) => {
    if (!ok) throw new Error(`sim scenario ${scenario.kind}: ${name} = ${String((scenario as unknown as Record<string, unknown>)[name])} is out of range`);
  };
  if ('base' in scenario && scenario.base !== undefined) check('base', bases.includes(scenario.base));
  switch (scenario.kind) {
    case 'flash-crash':
      check('drop', scenario.drop > 0 && scenario.drop < 1);
      check('volMultiplier', scenario.volMultiplier > 0);
      check('recovery', scenario.recovery >= 0 && scenario.recovery <= 1);
      check('recoveryMs', scenario.recoveryMs > 0);
      break;
    case 'vol-spike':
      check('multiplier', scenario.multiplier > 0);
      break;
    case 'liquidity-drought':
      check('durationMs', scenario.durationMs > 0);
      check('spreadMultiplier', scenario.spreadMultiplier > 0);
      check('depthMultiplier', scenario.depthMultiplier > 0);
      check('flowMultiplier', scenario.flowMultiplier >= 0);
      break;
    case 'correlated-crash':
      check('drop', scenario.drop > 0 && scenario.drop < 1);
      check('feedback', scenario.feedback >= 0 && scenario.feedback < 1);
      check('cascadeSteps', Number.isInteger(scenario.cascadeSteps) && scenario.cascadeSteps >= 0);
      check('cascadeIntervalMs', scenario.cascadeIntervalMs > 0);
      check('volMultiplier', scenario.volMultiplier > 0);
      check('premiumSensitivity', Number.isFinite(scenario.premiumSensitivity));
      check('droughtMs', scenario.droughtMs >= 0);
      check('spreadMultiplier', scenario.spreadMultiplier > 0);
      check('depthMultiplier', scenario.depthMultiplier > 0);
      check('flowMultiplier', scenario.flowMultiplier >= 0);
      break;
  }
  return scenario;
}

interface Drought {
  coins: readonly number[];
  until: number;
  spread: number;
  depth: number;
  flow: number;
}
interface Recovery {
  coin: number;
  from: number;
  to: number;
  /** Log return per ms. */
  rate: number;
}
interface Cascade {
  stepsLeft: number;
  nextAt: number;
  interval: number;
  feedback: number;
  /** Per coin: the initial fall (log), and ln S before the last leg. */
  initial: Float64Array;
  before: Float64Array;
  volMultiplier: number;
  premiumSensitivity: number;
}

/** The scenarios running in one simulation, and the book and flow multipliers they set now. */
export class ScenarioEffects {
  /** Per coin, multiplying book half-spreads, book depth and client flow intensity. */
  readonly spread: Float64Array;
  readonly depth: Float64Array;
  readonly flow: Float64Array;
  private droughts: Drought[] = [];
  private recoveries: Recovery[] = [];
  private cascades: Cascade[] = [];

  constructor(private readonly bases: readonly string[]) {
    this.spread = new Float64Array(bases.length).fill(1);
    this.depth = new Float64Array(bases.length).fill(1);
    this.flow = new Float64Array(bases.length).fill(1);
  }

  private coinsOf(base: string | undefined): number[] {
    return base === undefined ? this.bases.map((_, c) => c) : [this.bases.indexOf(base)];
  }

  /** Apply a scenario's immediate effects to the dynamics at `now` and schedule the rest. */
  inject(scenario: Scenario, now: number, dynamics: SpotDynamics): void {
    switch (scenario.kind) {
      case 'flash-crash': {
        const coin = this.bases.indexOf(scenario.base);
        const fall = Math.log(1 - scenario.drop);
        dynamics.moveSpot(coin, fall);
        dynamics.scaleVol(coin, scenario.volMultiplier);
        if (scenario.recovery > 0) this.recoveries.push({ coin, from: now, to: now + scenario.recoveryMs, rate: (-fall * scenario.recovery) / scenario.recoveryMs });
        break;
      }
      case 'vol-spike':
        for (const coin of this.coinsOf(scenario.base)) dynamics.scaleVol(coin, scenario.multiplier);
        break;
      case 'liquidity-drought':
        this.droughts.push({ coins: this.coinsOf(scenario.base), until: now + scenario.durationMs, spread: scenario.spreadMultiplier, depth: scenario.depthMultiplier, flow: scenario.flowMultiplier });
        break;
      case 'correlated-crash': {
        const n = this.bases.length;
        const initial = new Float64Array(n);
        const before = new Float64Array(n);
        for (let coin = 0; coin < n; coin++) {
          before[coin] = dynamics.logSpot[coin]!;
          initial[coin] = dynamics.params.coins[coin]!.crashBeta * Math.log(1 - scenario.drop);
          this.leg(dynamics, coin, initial[coin]!, initial[coin]!, scenario.volMultiplier, scenario.premiumSensitivity);
        }
        if (scenario.cascadeSteps > 0) {
          this.cascades.push({ stepsLeft: scenario.cascadeSteps, nextAt: now + scenario.cascadeIntervalMs, interval: scenario.cascadeIntervalMs, feedback: scenario.feedback, initial, before, volMultiplier: scenario.volMultiplier, premiumSensitivity: scenario.premiumSensitivity });
        }
        if (scenario.droughtMs > 0) {
          this.droughts.push({ coins: this.coinsOf(undefined), until: now + scenario.droughtMs, spread: scenario.spreadMultiplier, depth: scenario.depthMultiplier, flow: scenario.flowMultiplier });
        }
        break;
      }
    }
    this.refreshMultipliers(now);
  }

  /** One leg of a crash: the fall, and vol and perp premium moved in proportion to it. */
  private leg(dynamics: SpotDynamics, coin: number, fall: number, initial: number, volMultiplier: number, premiumSensitivity: number): void {
    const share = fall / initial;
    dynamics.moveSpot(coin, fall);
    dynamics.scaleVol(coin, Math.exp(Math.log(volMultiplier) * share));
    dynamics.shiftPremium(coin, premiumSensitivity * fall);
  }

  /** Advance the running scenarios to `now` (the step just taken covered (now - stepMs, now]). */
  update(now: number, stepMs: number, dynamics: SpotDynamics): void {
    if (this.recoveries.length > 0) {
      for (const r of this.recoveries) {
        const overlap = Math.min(now, r.to) - Math.max(now - stepMs, r.from);
        if (overlap > 0) dynamics.moveSpot(r.coin, r.rate * overlap);
      }
      this.recoveries = this.recoveries.filter((r) => r.to > now);
    }
    if (this.cascades.length > 0) {
      for (const cascade of this.cascades) {
        while (cascade.stepsLeft > 0 && cascade.nextAt <= now) {
          for (let coin = 0; coin < this.bases.length; coin++) {
            const realised = dynamics.logSpot[coin]! - cascade.before[coin]!;
            cascade.before[coin] = dynamics.logSpot[coin]!;
            // Forced selling only while the market is still falling; buyers absorbed the rest.
            if (realised < 0) this.leg(dynamics, coin, cascade.feedback * realised, cascade.initial[coin]!, cascade.volMultiplier, cascade.premiumSensitivity);
          }
          cascade.stepsLeft--;
          cascade.nextAt += cascade.interval;
        }
      }
      this.cascades = this.cascades.filter((c) => c.stepsLeft > 0);
    }
    if (this.droughts.length > 0) this.refreshMultipliers(now);
  }

  private refreshMultipliers(now: number): void {
    this.droughts = this.droughts.filter((d) => d.until > now);
    this.spread.fill(1);
    this.depth.fill(1);
    this.flow.fill(1);
    for (const d of this.droughts) {
      for (const coin of d.coins) {
        this.spread[coin] = this.spread[coin]! * d.spread;
        this.depth[coin] = this.depth[coin]! * d.depth;
        this.flow[coin] = this.flow[coin]! * d.flow;
      }
    }
  }
}
