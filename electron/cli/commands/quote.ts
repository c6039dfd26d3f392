/**
 * `quote`: every option of a chain snapshot quoted by the premium engine, one JSON line per
 * option and size, with the premium broken down per side (price currency per contract: coin for
 * inverse options) and each side's suppression, if any, naming the limit.
 */
import { parseArgs } from 'node:util';
import { engineForChain } from '../../core/premium/chain-engine';
import { premiumParams, PremiumParamsError, type PremiumParams } from '../../core/premium/params';
import { TERMS, type QuoteView } from '../../core/premium/quote-engine';
import type { Desk } from '../../core/desk';
import { QuotePublisher } from '../../core/premium/quote-publisher';
import type { ChainSnapshot } from '../../core/surface/chain-files';
import { chainAt, readChain, readJsonFile, readPositions } from '../chain-flag';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';

function quoteLine(view: QuoteView) {
  const premium = Object.fromEntries(TERMS.map((term) => [term, view.premium[term]]));
  const premiumVolPts = Object.fromEntries(TERMS.map((term) => [term, view.premiumVolPts[term]]));
  return {
    instrument: view.instrument,
    size: view.size,
    theo: view.theo,
    vol: view.vol,
    bid: view.bid,
    ask: view.ask,
    bid_iv: view.bidIv,
    ask_iv: view.askIv,
    premium,
    premium_vol_pts: premiumVolPts,
    suppressed: view.suppressed,
  };
}

export const quote: Command = {
  name: 'quote',
  summary: 'quote every option of a chain snapshot: theo plus the named premiums, per size and side',
  usage:
    '  --chain FILE       a chain snapshot (formats as for calibrate)\n' +
    '  --underlying U     the coin, when the file holds several\n' +
    '  --at TIME          the snapshot as of TIME (ms or ISO 8601)\n' +
    '  --positions FILE   JSON [{"instrument","size"}]: the book, size signed in contracts\n' +
    '  --params FILE      JSON premium parameters (any subset; the rest default)\n' +
    '  --size N           quote this size only (default: the ladder 1, 5, 25, 100)\n' +
    '  --record           price with the parameter set in force in the desk (unless --params) and\n' +
    '                     journal every quote with its breakdown and that set\'s id\n' +
    `${DATA_DIR_USAGE}\n` +
    '  stdout: {"instrument","size","theo","vol","bid","ask","bid_iv","ask_iv",\n' +
    '           "premium":{term:{"bid","ask"}},"premium_vol_pts":{...},"suppressed":null|{"side","limit"}}\n' +
    `           terms: ${TERMS.join(', ')}; bid = theo - sum(bid terms), ask = theo + sum(ask terms)`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        chain: { type: 'string' },
        underlying: { type: 'string' },
        at: { type: 'string' },
        positions: { type: 'string' },
        params: { type: 'string' },
        size: { type: 'string' },
        record: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
      },
      strict: true,
    });
    if (!values.chain) throw new UsageError('quote needs --chain FILE');
    if (values['data-dir'] && !values.record) throw new UsageError('--data-dir is for --record');
    const chain = chainAt(readChain(values.chain, values.underlying), values.at);
    const opened = values.record ? openDeskFromArgs(values['data-dir'] ? ['--data-dir', values['data-dir']] : []).desk : null;
    try {
      return run(values, chain, opened);
    } finally {
      opened?.close();
    }
  },
};

interface QuoteFlags {
  params?: string;
  positions?: string;
  size?: string;
}

function run(values: QuoteFlags, chain: ChainSnapshot, desk: Desk | null): number {
  const stored = desk ? desk.premiumParams.current(desk.clock.now()) : null;
  const base = values.params ? readJsonFile('--params', values.params) : (stored?.params ?? {});
  let sizes: number[] | undefined;
  if (values.size !== undefined) {
    const size = Number(values.size);
    if (!(size > 0 && Number.isFinite(size))) throw new UsageError(`--size ${values.size}: a positive number of contracts`);
    sizes = [size];
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError(`--params ${values.params}: a JSON object of parameters`);
  let params: PremiumParams;
  try {
    params = premiumParams(sizes ? { ...base, sizes } : base);
  } catch (error) {
    if (error instanceof PremiumParamsError) throw new UsageError(error.message);
    throw error;
  }
  const positions = values.positions ? readPositions(values.positions) : [];
  let built;
  try {
    built = engineForChain(chain, params, positions);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { engine, asOf } = built;
  if (desk && stored) {
    // A quote names the exact set it was priced with: flags that change the set store a new version.
    const same = JSON.stringify(params) === JSON.stringify(stored.params);
    const paramsId = same ? stored.id : desk.premiumParams.save(params, desk.clock.now(), 'file', `quote ${values.params ? `--params ${values.params}` : `--size ${values.size}`}`).id;
    new QuotePublisher(engine, desk.quotes).publish(asOf, paramsId);
  }
  for (let i = 0; i < engine.optionCount; i++) for (let z = 0; z < engine.sizes.length; z++) writeJson(quoteLine(engine.view(i, z)));
  return 0;
}
