/** `calibrate`: raw SVI per expiry from a chain snapshot file, one JSON line per expiry. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { calibrateSlices } from '../../core/surface/calibrate';
import { expirySlices, type FitSource } from '../../core/surface/chain';
import { isDeribitTickerCsv, parseDeribitTickerCsv, parseMarkPriceMessage, snapshotAt, type ChainSnapshot } from '../../core/surface/chain-files';
import { UsageError, type Command } from '../command';
import { writeJson } from '../jsonl';

function readChain(file: string): ChainSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --chain ${file}: ${(error as Error).message}`);
  }
  if (text.trimStart().startsWith('{')) return parseMarkPriceMessage(text);
  const header = text.slice(0, text.indexOf('\n'));
  if (isDeribitTickerCsv(header)) return parseDeribitTickerCsv(text);
  throw new UsageError(`${file}: not a known chain format (Deribit ticker CSV, markprice.options JSON)`);
}

function parseTime(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`--at ${text}: not a time (ms since epoch or ISO 8601)`);
  return ms;
}

export const calibrate: Command = {
  name: 'calibrate',
  summary: 'fit raw SVI to each expiry of a chain snapshot and check it for static arbitrage',
  usage:
    '  --chain FILE     Deribit ticker CSV (the fixtures) or one markprice.options JSON message\n' +
    '  --at TIME        the snapshot as of TIME (ms or ISO 8601): each instrument\'s latest row by then\n' +
    '  stdout: {"expiry","T","forward","svi":{"a","b","rho","m","sigma"},"model","n_used","n_dropped","dropped",\n' +
    '           "rmse_vol_pts","within_bid_ask","arbitrage":{"butterfly","calendar"}} per expiry',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { chain: { type: 'string' }, at: { type: 'string' } }, strict: true });
    if (!values.chain) throw new UsageError('calibrate needs --chain FILE');
    const chain = readChain(values.chain);
    const quotes = snapshotAt(chain.quotes, values.at ? parseTime(values.at) : Infinity);
    if (quotes.length === 0) throw new UsageError('no quotes in the chain at that time');
    // Fit bid/ask where the file has them; a marks-only message is fitted to its marks.
    const source: FitSource = quotes.some((q) => q.bidIv !== null || q.askIv !== null) ? 'bid_ask' : 'mark';
    for (const slice of calibrateSlices(expirySlices(quotes, chain.settlement, source))) {
      writeJson({
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
      });
    }
    return 0;
  },
};
