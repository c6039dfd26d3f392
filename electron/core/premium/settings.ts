/**
 * The premium parameters as a dealer sets them: read as the settings screen shows them, changed
 * field by field over the set in force, or risk aversion from the dealer's own words ("at the vega
 * limit of a bucket, skew by x vol points"). Every change is a new, checked parameter version.
 */
import type { PremiumSettings, SettingsChange } from '../../../shared/contract/settings';
import type { StoredParams } from '../store/premium-params-store';
import { riskAversionFromSkew } from './calibration/risk-aversion';
import { FactorSpace } from './factors';
import { premiumParams, PremiumParamsError, type PremiumParams } from './params';

const HOURS_PER_YEAR = 365 * 24;

/** A change the parameters refuse, by the field a person would correct. */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function settingsOf({ id, source, created, note, params }: StoredParams): PremiumSettings {
  const space = new FactorSpace(params);
  return {
    id,
    source,
    created,
    note,
    riskAversion: params.riskAversion,
    hedgeIntervalHours: params.hedgeIntervalYears * HOURS_PER_YEAR,
    unwindHours: params.unwindYears * HOURS_PER_YEAR,
    tailPrice: params.tailPrice,
    sizes: params.sizes,
    limits: params.limits,
    buckets: params.underlyings.flatMap((coin) => space.bucketLabels.map((label) => `${coin} ${label}`)),
  };
}

/** The set in force with the change applied, checked whole. */
export function applySettings(current: PremiumParams, change: SettingsChange): PremiumParams {
  const limits = { ...current.limits };
  for (const [coin, update] of Object.entries(change.limits ?? {})) {
    if (!limits[coin]) throw new SettingsError('limits', `no ${coin} among the desk's underlyings (${current.underlyings.join(', ')})`);
    limits[coin] = { ...limits[coin], ...update };
  }
  return checked({
    ...current,
    ...(change.riskAversion === undefined ? {} : { riskAversion: change.riskAversion }),
    ...(change.hedgeIntervalHours === undefined ? {} : { hedgeIntervalYears: change.hedgeIntervalHours / HOURS_PER_YEAR }),
    ...(change.unwindHours === undefined ? {} : { unwindYears: change.unwindHours / HOURS_PER_YEAR }),
    ...(change.tailPrice === undefined ? {} : { tailPrice: change.tailPrice }),
    limits,
  });
}

/** Risk aversion from "at the vega limit of `bucket` ('BTC 7-30d'), skew by `skewVolPts` vol points". */
export function skewStatement(current: PremiumParams, bucket: string, skewVolPts: number): { params: PremiumParams; note: string } {
  const space = new FactorSpace(current);
  const [coin, label] = bucket.split(' ');
  const b = space.bucketLabels.indexOf(label ?? '');
  if (!coin || !current.underlyings.includes(coin) || b < 0) {
    throw new SettingsError('bucket', `${bucket}: one of ${current.underlyings.map((c) => `'${c} ${space.bucketLabels[0]}'`).join(', ')} ... (${space.bucketLabels.join(', ')})`);
  }
  const gamma = riskAversionFromSkew(skewVolPts, current.limits[coin]!.vega, current.volOfVol[coin]![b]!, current.unwindYears);
  return { params: checked({ ...current, riskAversion: gamma }), note: `risk aversion from: at the ${bucket} vega limit, skew by ${skewVolPts} vol points` };
}

function checked(input: unknown): PremiumParams {
  try {
    return premiumParams(input);
  } catch (error) {
    if (error instanceof PremiumParamsError) throw new SettingsError('params', error.message);
    throw error;
  }
}
