/**
 * `calibrate-premium`: a new version of the premium parameters fitted to data (MODEL.md,
 * "Calibration"): the fill intensity A, k per bucket by maximum likelihood from a recorded session's
 * trade prints, the factor covariance by EWMA from the desk's stored surface history, and the
 * markouts per bucket and side from the desk's marks of its own fills (the engine shrinks them to
 * the prior by their count). What has too little data keeps the value in force, and the output
 * says which and why.
 */
import { covarianceFromSamples, samplesFromStore } from '../../core/premium/calibration/covariance';
import { premiumMarkouts, storedMarkoutTable } from '../../core/premium/calibration/markouts';
import { intensitiesOf, printsByBucket } from '../../core/premium/calibration/prints';
import { FactorSpace } from '../../core/premium/factors';
import { premiumParams, type PremiumParams } from '../../core/premium/params';
import { Recording } from '../../core/market/record/recording';
import type { MarketEvent } from '../../core/market/events';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';

function* eventsOf(recording: Recording): Generator<MarketEvent> {
  const cursor = recording.cursor();
  for (let event = cursor.next(); event; event = cursor.next()) yield event;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`--${flag} ${text}: a positive number`);
  return value;
}

export const calibratePremium: Command = {
  name: 'calibrate-premium',
  summary: 'fit the premium parameters to data (intensities from a recording, covariance from surface history) as a new version',
  usage:
    `${DATA_DIR_USAGE}\n` +
    '  --recording FILE      a recorded session (desk record): A, k per bucket from its option prints\n' +
    '  --min-prints N        prints a bucket needs to be fitted (default 30)\n' +
    '  --venue V             the venue of the stored surface history (default sim)\n' +
    '  --half-life-days D    the covariance EWMA half-life (default 30)\n' +
    '  stdout: {"id","source","note","intensity":{bucket:{"A","k","prints"}},"covariance":{"samples"}|{"kept":reason},\n' +
    '           "markouts":{bucket:{"bid":{"mean","count"},"ask":{...}}} (vol points against the dealer at 5 min)}',
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, {
      recording: { type: 'string' },
      'min-prints': { type: 'string', default: '30' },
      venue: { type: 'string', default: 'sim' },
      'half-life-days': { type: 'string', default: '30' },
    });
    try {
      const now = desk.clock.now();
      const current = desk.premiumParams.current(now);
      const space = new FactorSpace(current.params);
      const minPrints = positive('min-prints', values['min-prints'] as string);
      const halfLife = positive('half-life-days', values['half-life-days'] as string) / 365;
      const next: PremiumParams = { ...current.params };
      const notes: string[] = [];

      let intensity: Record<string, { A: number; k: number; prints: number }> = {};
      if (typeof values.recording === 'string') {
        let recording: Recording;
        try {
          recording = new Recording(values.recording);
        } catch (error) {
          throw new UsageError(`--recording ${values.recording}: ${(error as Error).message}`);
        }
        try {
          intensity = intensitiesOf(printsByBucket(eventsOf(recording), space), minPrints);
        } finally {
          recording.close();
        }
        next.bucketIntensity = { ...current.params.bucketIntensity, ...Object.fromEntries(Object.entries(intensity).map(([key, { A, k }]) => [key, { A, k }])) };
        notes.push(`A, k for ${Object.keys(intensity).length} buckets from ${values.recording}`);
      }

      const samples = samplesFromStore(desk.surfaces, values.venue as string, space, current.params.tenorEdgesDays);
      let covariance: { samples: number } | { kept: string };
      if (samples.length >= 3) {
        next.covariance = covarianceFromSamples(space, current.params, samples, halfLife);
        covariance = { samples: samples.length };
        notes.push(`covariance from ${samples.length} surface samples`);
      } else {
        covariance = { kept: `${samples.length} stored ${values.venue} surface samples covering ${space.underlyings.join(', ')}; 3 or more needed` };
      }
      // Markouts at the longest horizon, from every fill the desk marked; buckets without marked fills keep theirs.
      const markouts = premiumMarkouts(storedMarkoutTable(desk.fillMarks.marked(), space));
      if (Object.keys(markouts).length > 0) {
        next.markouts = { ...current.params.markouts, ...markouts };
        const marked = Object.values(markouts).reduce((sum, { bid, ask }) => sum + bid.count + ask.count, 0);
        notes.push(`markouts of ${marked} marked fills in ${Object.keys(markouts).length} buckets`);
      }
      if (notes.length === 0) {
        throw new UsageError(`nothing to calibrate: ${'kept' in covariance ? covariance.kept : ''}; no marked fills; give --recording FILE for intensities`);
      }
      let stored;
      try {
        stored = desk.premiumParams.save(premiumParams(next), now, 'calibrated', notes.join('; '));
      } catch (error) {
        throw new UsageError(`the calibrated parameters were refused: ${(error as Error).message}`);
      }
      writeJson({ id: stored.id, source: stored.source, note: stored.note, intensity, covariance, markouts });
      return 0;
    } finally {
      desk.close();
    }
  },
};
