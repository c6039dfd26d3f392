/**
 * `calibrate`: the surface of a chain snapshot file, one JSON line per expiry, optionally
 * recorded in the desk's store (warm-started from the last recorded calibration).
 * `calibrations`: the recorded history, or the calibration in force at a time (a replay).
 */
import { parseArgs } from 'node:util';
import type { SliceCalibration } from '../../core/surface/calibrate';
import { calibrateSlices } from '../../core/surface/calibrate';
import { expirySlices, type FitSource } from '../../core/surface/chain';
import { SurfaceRecalibrator } from '../../core/surface/recalibrator';
import { chainAt, readChain } from '../chain-flag';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';
import { parseTimeFlag } from '../time-flag';

/** The chain files come from Deribit (its ticker fields, its markprice channel). */
const FILE_VENUE = 'deribit';

function sliceLine(slice: SliceCalibration) {
  return {
    expiry: new Date(slice.expiry).toISOString(),
    T: slice.T,
    forward: Number.isFinite(slice.forward) ? slice.forward : null,
    svi: slice.svi,
    model: slice.model,
    n_used: slice.nUsed,
    n_dropped: slice.nDropped,
    dropped: slice.dropped,
    rmse_vol_pts: slice.rmseVolPts,
    within_bid_ask: slice.withinBidAsk,
    arbitrage: slice.arbitrage,
  };
}

const SLICE_LINE =
  '  stdout: {"expiry","T","forward","svi":{"a","b","rho","m","sigma"},"model","n_used","n_dropped","dropped",\n' +
  '           "rmse_vol_pts","within_bid_ask","arbitrage":{"butterfly","calendar"}} per expiry';

export const calibrate: Command = {
  name: 'calibrate',
  summary: 'fit the surface to each expiry of a chain snapshot and check it for static arbitrage',
  usage:
    '  --chain FILE     Deribit ticker CSV (the fixtures), Tardis options_chain CSV, or one\n' +
    '                   markprice.options JSON message\n' +
    '  --underlying U   the coin, when the file holds several (Tardis files hold the whole venue)\n' +
    "  --at TIME        the snapshot as of TIME (ms or ISO 8601): each instrument's latest row by then\n" +
    '  --record         store the calibration in the desk (warm-started from the last one stored)\n' +
    `${DATA_DIR_USAGE}\n${SLICE_LINE}`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { chain: { type: 'string' }, underlying: { type: 'string' }, at: { type: 'string' }, record: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
      strict: true,
    });
    if (!values.chain) throw new UsageError('calibrate needs --chain FILE');
    if (values['data-dir'] && !values.record) throw new UsageError('--data-dir is for --record');
    const chain = chainAt(readChain(values.chain, values.underlying), values.at);
    const { quotes } = chain;
    // Fit bid/ask where the file has them; a marks-only message is fitted to its marks.
    const source: FitSource = quotes.some((q) => q.bidIv !== null || q.askIv !== null) ? 'bid_ask' : 'mark';
    if (!values.record) {
      for (const slice of calibrateSlices(expirySlices(quotes, chain.settlement, source))) writeJson(sliceLine(slice));
      return 0;
    }
    const { desk } = openDeskFromArgs(values['data-dir'] ? ['--data-dir', values['data-dir']] : []);
    try {
      const options = { venue: FILE_VENUE, underlying: chain.underlying, settlement: chain.settlement, source };
      const { record } = new SurfaceRecalibrator(options, desk.clock, desk.surfaces).recalibrate(quotes);
      for (const slice of record.slices) writeJson(sliceLine(slice));
    } finally {
      desk.close();
    }
    return 0;
  },
};

export const calibrations: Command = {
  name: 'calibrations',
  summary: 'recorded surface calibrations: the history, or the one in force at a time',
  usage:
    `${DATA_DIR_USAGE}\n` +
    '  --underlying U   the coin (default BTC)      --venue V   the venue (default deribit)\n' +
    '  --from TIME --to TIME   history by inputs time: one summary line per calibration\n' +
    '  --at TIME        the calibration in force at TIME, one line per expiry as `calibrate` prints',
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, {
      underlying: { type: 'string', default: 'BTC' },
      venue: { type: 'string', default: FILE_VENUE },
      from: { type: 'string' },
      to: { type: 'string' },
      at: { type: 'string' },
    });
    try {
      const venue = values.venue as string;
      const underlying = values.underlying as string;
      if (typeof values.at === 'string') {
        const calibration = desk.surfaces.latest(venue, underlying, parseTimeFlag('--at', values.at));
        if (!calibration) throw new UsageError(`no ${venue} ${underlying} calibration recorded at or before ${values.at}`);
        for (const slice of calibration.slices) writeJson(sliceLine(slice));
        return 0;
      }
      const from = typeof values.from === 'string' ? parseTimeFlag('--from', values.from) : 0;
      const to = typeof values.to === 'string' ? parseTimeFlag('--to', values.to) : Number.MAX_SAFE_INTEGER;
      for (const calibration of desk.surfaces.history(venue, underlying, from, to)) {
        writeJson({
          id: calibration.id,
          settlement: calibration.settlement,
          inputs_time: new Date(calibration.inputsTime).toISOString(),
          calibrated_at: new Date(calibration.calibratedAt).toISOString(),
          source: calibration.source,
          warm: calibration.warm,
          duration_ms: calibration.durationMs,
          expiries: calibration.slices.length,
          arbitrage: calibration.slices.some((s) => s.arbitrage.butterfly || s.arbitrage.calendar),
        });
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};
